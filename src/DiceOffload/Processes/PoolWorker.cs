using System.IO.Pipes;

namespace DiceOffload.Processes;

/// <summary>
/// The parent's end of one long-lived pool worker (<see cref="PoolProtocol"/>): started once, then asked for one
/// range of chunks at a time over its stdin and stdout.
/// </summary>
internal sealed class PoolWorker : IDisposable
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(2);

    /// <summary>How long a new worker has to greet: a worker that starts but never answers must not hang its pool.</summary>
    public static TimeSpan StartLimit { get; } = TimeSpan.FromSeconds(30);
    private readonly WorkerProcess _process;
    private readonly ReadinessWaiter? _waiter; // null where the worker's stdout cannot be polled: its reads are awaited
    private long _nextRequestId;

    private PoolWorker(WorkerProcess process)
    {
        _process = process;
        if (PipeReadiness.IsSupported && process.StandardOutput.BaseStream is PipeStream stdout)
            _waiter = new ReadinessWaiter(stdout.SafePipeHandle, $"{process.Label} answers");
    }

    public int ProcessId => _process.Id;

    public string Label => _process.Label;

    /// <summary>Starts a worker and waits for its greeting.</summary>
    /// <exception cref="WorkerFailedException">It could not start, exited, or greeted in another protocol.</exception>
    public static async Task<PoolWorker> StartAsync(WorkerLaunch launch, string name, CancellationToken cancellationToken)
    {
        var worker = new PoolWorker(WorkerProcess.Start(launch, [PoolProtocol.WorkerMode], name, readOutputToEnd: false));
        using var greetingDue = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        greetingDue.CancelAfter(StartLimit);
        try
        {
            string? greeting;
            try
            {
                greeting = await worker.ReadLineAsync(dueSoon: false, greetingDue.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new WorkerFailedException($"{worker.Label} did not say '{PoolProtocol.Ready}' within {StartLimit.TotalSeconds:0} s of its start and was stopped.");
            }
            if (greeting is null)
                throw new WorkerFailedException((await worker.DiedAsync("before it was ready")).Message);
            if (greeting != PoolProtocol.Ready)
                throw new WorkerFailedException($"{worker.Label} does not speak {PoolProtocol.Version}: it greeted with '{WireText.Shorten(greeting)}' instead of '{PoolProtocol.Ready}'.");
            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <summary>Has the worker count chunks [<paramref name="firstChunk"/>, +<paramref name="chunkCount"/>) and adds them into <paramref name="total"/>.</summary>
    /// <param name="answerDueSoon">The answer is expected within <see cref="PoolProtocol.Spin"/>: poll for it on this thread before parking the wait.</param>
    /// <remarks>On cancellation the worker is killed: a request cannot be taken back.</remarks>
    /// <exception cref="PoolWorkerDiedException">The worker died before it answered; <paramref name="total"/> is unchanged.</exception>
    /// <exception cref="WorkerFailedException">The worker broke the protocol or rejected the request.</exception>
    public async Task RollAsync(DiceJob job, long firstChunk, long chunkCount, long[] total, bool answerDueSoon, CancellationToken cancellationToken)
    {
        long id = _nextRequestId++;
        try
        {
            _process.StandardInput.Write(PoolProtocol.RollRequest(id, job, firstChunk, chunkCount) + "\n");
            _process.StandardInput.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            throw await DiedAsync($"before it took chunks [{firstChunk}, {firstChunk + chunkCount})");
        }

        string? answer = await ReadLineAsync(answerDueSoon, cancellationToken);
        if (answer is null)
            throw await DiedAsync($"while counting chunks [{firstChunk}, {firstChunk + chunkCount})");
        try
        {
            PoolProtocol.ReadDone(answer, id, job, job.ThrowsInChunks(firstChunk, chunkCount), total);
        }
        catch (WorkerRejectedRequestException ex)
        {
            throw new WorkerFailedException($"{Label} rejected chunks [{firstChunk}, {firstChunk + chunkCount}): {ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            // a worker killed while it wrote leaves half an answer, then end-of-file: that is a death, not a broken protocol
            if (await ExitAsync(TimeSpan.FromMilliseconds(500)) is not null)
                throw await DiedAsync($"while answering for chunks [{firstChunk}, {firstChunk + chunkCount})");
            throw new WorkerFailedException($"{Label} broke the pool protocol ({PoolProtocol.Version}): {ex.Message}.", ex);
        }
    }

    /// <summary>Reads one line from the worker; cancellation kills the worker, which ends the read.</summary>
    /// <remarks>
    /// Where the pipe can be polled (<see cref="PipeReadiness"/>) the line is read only once it is there, by a
    /// blocking read that then does not block: polled for on this thread first when it is due soon, else waited for by
    /// the worker's <see cref="ReadinessWaiter"/> thread. Elsewhere the read is awaited.
    /// </remarks>
    private async Task<string?> ReadLineAsync(bool dueSoon, CancellationToken cancellationToken)
    {
        string? line;
        // stopping a worker can take up to WorkerProcess.GracefulStop: not on the thread that cancels, which may have more to stop
        using (cancellationToken.Register(static state => _ = Task.Run(((WorkerProcess)state!).Kill), _process))
        {
            try
            {
                if (_waiter is null)
                {
                    line = await _process.StandardOutput.ReadLineAsync(CancellationToken.None);
                }
                else
                {
                    if (!(dueSoon && PipeReadiness.SpinUntilReadable(_waiter.Fd, PoolProtocol.Spin)))
                        await _waiter.WhenReadable();
                    line = _process.StandardOutput.ReadLine();
                }
            }
            catch (IOException)
            {
                line = null;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return line;
    }

    /// <summary>Waits up to <paramref name="grace"/> for the worker to exit; null when it had not, and was killed.</summary>
    private async Task<WorkerExit?> ExitAsync(TimeSpan grace)
    {
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            return await _process.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null; // WaitAsync killed it
        }
    }

    private async Task<PoolWorkerDiedException> DiedAsync(string when) =>
        await ExitAsync(ExitGrace) is { } exit
            ? new PoolWorkerDiedException($"{Label} exited with code {exit.ExitCode} {when}: {WorkerFailedException.Quote(exit.StandardError)}")
            : new PoolWorkerDiedException($"{Label} closed its output {when} and was killed.");

    /// <summary>Closes the worker's stdin so that it exits by itself, and kills it if it has not after a grace period.</summary>
    public async Task StopAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // already gone
        }
        await ExitAsync(ExitGrace);
        Dispose();
    }

    /// <summary>Kills the worker if it still runs, then ends its waiter thread (which the worker's end wakes).</summary>
    public void Dispose()
    {
        _process.Dispose();
        _waiter?.Dispose();
    }
}

/// <summary>A pool worker died (crashed, was killed, or ended its output) before it answered.</summary>
public sealed class PoolWorkerDiedException : Exception
{
    public PoolWorkerDiedException()
    {
    }

    public PoolWorkerDiedException(string message)
        : base(message)
    {
    }

    public PoolWorkerDiedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
