namespace DiceOffload.Strategies;

/// <summary>Runs a strategy under a time limit: in-process workers stop at their next chunk, worker processes are killed.</summary>
public static class TimeLimit
{
    /// <exception cref="TimeoutException">The job was still running after <paramref name="limit"/>.</exception>
    public static async Task<DiceHistogram> RunAsync(IDiceStrategy strategy, DiceJob job, int workers, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await strategy.RunAsync(job, workers, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the {strategy.Name} strategy did not finish within {limit.TotalSeconds:0.###} s and was stopped.");
        }
    }
}
