namespace DiceOffload.Strategies;

/// <summary>The loop on the calling thread: the article's <c>diceRun()</c> on the main thread, which blocks it.</summary>
public sealed class InlineStrategy(ChunkWork? work = null) : IDiceStrategy
{
    /// <summary>This strategy in the catalog.</summary>
    public static StrategyEntry Entry { get; } = new(
        "inline",
        "Inline",
        "#1f77b4",
        new StrategyFeatures("no: it is the caller", "no", "yes", StrategyFeatures.Cooperative, "an exception faults the job; a crash ends the whole program"),
        _ => new InlineStrategy());

    private readonly ChunkWork _work = work ?? DiceRoller.RollChunk;

    public string Name => Entry.Name;

    public Task<string?> StartAsync(int workers, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public Task<DiceHistogram> RunAsync(DiceJob job, int workers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            var histogram = DiceHistogram.For(job);
            for (long chunk = 0; chunk < job.ChunkCount; chunk++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _work(job, chunk, histogram.Counts);
            }
            return Task.FromResult(histogram);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<DiceHistogram>(cancellationToken);
        }
#pragma warning disable CA1031 // the failure belongs to the returned task, as with any other strategy
        catch (Exception ex)
        {
            return Task.FromException<DiceHistogram>(ex);
        }
#pragma warning restore CA1031
    }
}
