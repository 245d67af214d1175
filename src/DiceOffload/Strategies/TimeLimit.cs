namespace DiceOffload.Strategies;

/// <summary>Runs a strategy under a time limit: in-process workers stop at their next chunk, worker processes are stopped.</summary>
/// <remarks>
/// The limit is kept by a dedicated thread, not by a timer: timer callbacks run on the thread pool, and a job that
/// occupies every pool thread (the thread-pool strategy at one work item per core) would hold up its own time limit
/// until the pool injected another thread, seconds late.
/// </remarks>
public static class TimeLimit
{
    /// <exception cref="TimeoutException">The job was still running after <paramref name="limit"/>.</exception>
    public static async Task<DiceHistogram> RunAsync(IDiceStrategy strategy, DiceJob job, int workers, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, TimeSpan.FromMilliseconds(int.MaxValue));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var finished = new ManualResetEventSlim();
        AggregateException? stopFailed = null;
        var keeper = new Thread(() =>
        {
            try
            {
                if (!finished.Wait(limit))
                    timeout.Cancel();
            }
            catch (AggregateException ex)
            {
                // a stop callback failed; it is the caller's to see, not a reason to end the process from this thread
                stopFailed = ex;
            }
        })
        { IsBackground = true, Name = "time limit" };
        keeper.Start();
        try
        {
            return await strategy.RunAsync(job, workers, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            keeper.Join();
            throw new TimeoutException($"the {strategy.Name} strategy did not finish within {limit.TotalSeconds:0.###} s and was stopped.", stopFailed);
        }
        finally
        {
            finished.Set();
            keeper.Join();
        }
    }
}
