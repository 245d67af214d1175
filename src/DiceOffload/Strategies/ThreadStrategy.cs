namespace DiceOffload.Strategies;

/// <summary>
/// Dedicated <see cref="Thread"/>s, started for the job and ended with it: the article's <c>new Worker()</c>.
/// An exception on a worker thread faults the returned task (the article's <c>error</c> event) instead of
/// crashing the process.
/// </summary>
public sealed class ThreadStrategy(ChunkWork? work = null) : IDiceStrategy
{
    /// <summary>This strategy in the catalog.</summary>
    public static StrategyEntry Entry { get; } = new(
        "thread",
        "Thread",
        "#ff7f0e",
        new StrategyFeatures("yes", "with one thread per core", "yes (the whole heap)", StrategyFeatures.Cooperative, StrategyFeatures.InProcessDeath),
        _ => new ThreadStrategy());

    private readonly ChunkWork _work = work ?? DiceRoller.RollChunk;

    public string Name => Entry.Name;

    public Task<string?> StartAsync(int workers, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public Task<DiceHistogram> RunAsync(DiceJob job, int workers, CancellationToken cancellationToken = default) =>
        ChunkDispenser.Share(job, workers, _work, static (dispenser, i, count) =>
            // background threads never keep a cancelled or failed program alive
            new Thread(dispenser.RunWorker) { IsBackground = true, Name = $"dice worker {i + 1}/{count}" }.Start(), cancellationToken);
}
