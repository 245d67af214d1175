namespace DiceOffload.Strategies;

/// <summary>
/// <see cref="Parallel.For(long, long, ParallelOptions, Func{long}, Func{long, ParallelLoopState, long, long}, Action{long})"/>
/// over the chunks, one local histogram per partition, merged once per partition.
/// </summary>
/// <remarks>
/// Parallel.For runs on the calling thread as well as on the pool and returns only when the loop is done,
/// so the task it returns is already complete: the caller is blocked for the whole job, just faster.
/// </remarks>
public sealed class ParallelForStrategy(ChunkWork? work = null) : IDiceStrategy
{
    /// <summary>This strategy in the catalog.</summary>
    public static StrategyEntry Entry { get; } = new(
        "parallel-for",
        "ParallelFor",
        "#d62728",
        new StrategyFeatures("no: the caller takes part and waits", "yes", "yes (the whole heap)", StrategyFeatures.Cooperative, StrategyFeatures.InProcessDeath),
        _ => new ParallelForStrategy());

    private readonly ChunkWork _work = work ?? DiceRoller.RollChunk;

    public string Name => Entry.Name;

    public Task<string?> StartAsync(int workers, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public Task<DiceHistogram> RunAsync(DiceJob job, int workers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var total = DiceHistogram.For(job);
        var mergeLock = new Lock();
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(
                0L,
                job.ChunkCount,
                options,
                () => new long[job.BinCount],
                (chunk, _, local) =>
                {
                    _work(job, chunk, local);
                    return local;
                },
                local =>
                {
                    lock (mergeLock)
                        total.Add(local);
                });
            return Task.FromResult(total);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<DiceHistogram>(cancellationToken);
        }
        catch (AggregateException ex)
        {
            return Task.FromException<DiceHistogram>(ex.InnerExceptions.Count == 1 ? ex.InnerExceptions[0] : ex);
        }
    }
}
