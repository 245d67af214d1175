namespace DiceOffload.Strategies;

/// <summary>The loop on the calling thread: the article's <c>diceRun()</c> on the main thread, which blocks it.</summary>
public sealed class InlineStrategy(ChunkWork? work = null) : IDiceStrategy
{
    private readonly ChunkWork _work = work ?? DiceRoller.RollChunk;

    public string Name => "inline";

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
