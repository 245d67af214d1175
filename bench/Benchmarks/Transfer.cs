using BenchmarkDotNet.Attributes;
using DiceOffload.Processes;

namespace DiceOffload.Bench.Benchmarks;

/// <summary>
/// Getting a result of 100 B to 64 MB back to the caller: handed over in-process, serialized over a pipe from a
/// child process, or written by the child into a shared map that the caller reads in place (the article's
/// structured clone against SharedArrayBuffer). The child is started once, so only the hand-over is timed.
/// </summary>
/// <remarks>Each variant makes one copy on the producing side; the caller then holds the whole result.</remarks>
[BenchmarkCategory(Categories.Transfer)]
public class Transfer : IDisposable
{
    private TransferClient? _client;
    private byte[] _payload = [];

    // a small message, a typical buffer, and a large array
    [Params(100, 1_048_576, 67_108_864)]
    public int SizeBytes { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        PriorityControl.ApplyStudyPolicy();
        _payload = new byte[SizeBytes];
        TransferProtocol.FillPayload(_payload);
        _client = new TransferClient(SizeBytes);
    }

    [GlobalCleanup]
    public void GlobalCleanup() => Dispose();

    public void Dispose()
    {
        _client?.Dispose();
        _client = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>A pool thread copies the result into a new array and hands over the reference.</summary>
    [Benchmark(Baseline = true)]
    public byte Inline() => Task.Run(() => _payload.AsSpan().ToArray()).GetAwaiter().GetResult()[^1];

    [Benchmark]
    public byte Pipe() => _client!.ReceiveOverPipe(SizeBytes)[^1];

    [Benchmark]
    public byte SharedMemory() => _client!.ReceiveInMap(SizeBytes)[^1];
}
