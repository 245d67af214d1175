using System.IO.MemoryMappedFiles;

namespace DiceOffload.Processes;

/// <summary>
/// The parent's side of the Transfer experiment: one long-lived worker in <c>transfer</c> mode and a shared map,
/// so each request times the hand-over of a result, not a process start.
/// </summary>
public sealed unsafe class TransferClient : IDisposable
{
    private readonly DirectoryInfo _folder;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _mapped;
    private readonly WorkerProcess _worker;
    private readonly Stream _fromWorker;

    public TransferClient(int capacityBytes, WorkerLaunch? worker = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, 1);
        CapacityBytes = capacityBytes;
        _folder = TempFolders.CreatePrivate("dice-offload-transfer-");
        try
        {
            string path = Path.Combine(_folder.FullName, "payload.map");
            _map = MemoryMappedFile.CreateFromFile(path, FileMode.CreateNew, mapName: null, capacityBytes, MemoryMappedFileAccess.ReadWrite);
            _view = _map.CreateViewAccessor(0, capacityBytes, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            _mapped = pointer + _view.PointerOffset;
            _worker = WorkerProcess.Start(worker ?? WorkerLaunch.Default, TransferProtocol.Arguments(path, capacityBytes), "transfer worker", readOutputToEnd: false);
            _fromWorker = _worker.StandardOutput.BaseStream;
        }
        catch
        {
            if (_mapped is not null)
                _view!.SafeMemoryMappedViewHandle.ReleasePointer();
            _view?.Dispose();
            _map?.Dispose();
            _folder.Delete(recursive: true);
            throw;
        }
    }

    public int CapacityBytes { get; }

    /// <summary>Asks the worker for <paramref name="sizeBytes"/> bytes over its stdout pipe and reads them into a new array.</summary>
    public byte[] ReceiveOverPipe(int sizeBytes)
    {
        Send(TransferProtocol.PipeRequest(sizeBytes));
        var result = GC.AllocateUninitializedArray<byte>(sizeBytes);
        _fromWorker.ReadExactly(result);
        return result;
    }

    /// <summary>Asks the worker to write <paramref name="sizeBytes"/> bytes into the shared map; returns them in place, uncopied.</summary>
    /// <remarks>The span stays valid until the next request or <see cref="Dispose"/>.</remarks>
    public ReadOnlySpan<byte> ReceiveInMap(int sizeBytes)
    {
        Send(TransferProtocol.MapRequest(sizeBytes));
        Span<byte> answer = stackalloc byte[3];
        _fromWorker.ReadExactly(answer);
        if (!answer.SequenceEqual("ok\n"u8))
            throw new WorkerFailedException($"{_worker.Label} answered a map request with '{System.Text.Encoding.ASCII.GetString(answer)}' instead of 'ok'.");
        return new ReadOnlySpan<byte>(_mapped, sizeBytes);
    }

    private void Send(string request)
    {
        if (_worker.HasExited)
            throw new WorkerFailedException($"{_worker.Label} exited with code {_worker.ExitCode}.");
        _worker.StandardInput.Write(request);
        _worker.StandardInput.Write('\n');
        _worker.StandardInput.Flush();
    }

    public void Dispose()
    {
        // closes the worker's stdin, its lifeline, and kills it only if it has not exited shortly after
        _worker.Dispose();
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
        _folder.Delete(recursive: true);
    }
}
