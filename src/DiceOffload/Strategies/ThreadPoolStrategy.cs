namespace DiceOffload.Strategies;

/// <summary>
/// Work items on the .NET <see cref="ThreadPool"/>: no thread start per job, but the pool is shared with
/// everything else in the process. Node has no counterpart (libuv's pool is for I/O).
/// </summary>
public sealed class ThreadPoolStrategy(ChunkWork? work = null) : IDiceStrategy
{
    /// <summary>This strategy in the catalog.</summary>
    public static StrategyEntry Entry { get; } = new(
        "thread-pool",
        "ThreadPool",
        "#2ca02c",
        new StrategyFeatures("yes", "with one work item per core", "yes (the whole heap)", StrategyFeatures.Cooperative, StrategyFeatures.InProcessDeath),
        _ => new ThreadPoolStrategy());

    private readonly ChunkWork _work = work ?? DiceRoller.RollChunk;

    public string Name => Entry.Name;

    public Task<string?> StartAsync(int workers, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public Task<DiceHistogram> RunAsync(DiceJob job, int workers, CancellationToken cancellationToken = default) =>
        ChunkDispenser.Share(job, workers, _work, static (dispenser, _, _) =>
            ThreadPool.UnsafeQueueUserWorkItem(static d => d.RunWorker(), dispenser, preferLocal: false), cancellationToken);
}
