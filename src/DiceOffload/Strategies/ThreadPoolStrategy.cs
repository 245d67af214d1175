namespace DiceOffload.Strategies;

/// <summary>
/// Work items on the .NET <see cref="ThreadPool"/>: no thread start per job, but the pool is shared with
/// everything else in the process. Node has no counterpart (libuv's pool is for I/O).
/// </summary>
public sealed class ThreadPoolStrategy(ChunkWork? work = null) : IDiceStrategy
{
    private readonly ChunkWork _work = work ?? DiceRoller.RollChunk;

    public string Name => "thread-pool";

    public Task<DiceHistogram> RunAsync(DiceJob job, int workers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        int items = (int)Math.Min(workers, job.ChunkCount);
        var dispenser = new ChunkDispenser(job, items, _work, cancellationToken);
        for (int i = 0; i < items; i++)
            ThreadPool.UnsafeQueueUserWorkItem(static d => d.RunWorker(), dispenser, preferLocal: false);
        return dispenser.Result;
    }
}
