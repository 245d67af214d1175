namespace DiceOffload.Strategies;

/// <summary>A way to run a dice job: on the calling thread, on threads, on the pool, in other processes.</summary>
/// <remarks>
/// <para>Every implementation hands out whole chunks of the job, so it returns the histogram that
/// <see cref="InlineStrategy"/> returns, bit for bit, at every worker count. Cancellation is checked between
/// chunks in-process; worker processes are stopped.</para>
/// <para>The lifecycle is the same for every strategy: create it (<see cref="StrategyCatalog.Create"/>), call
/// <see cref="StartAsync"/> once before the jobs that should not pay for start-up, run jobs, dispose it. Strategies
/// that keep nothing between jobs start and dispose nothing.</para>
/// </remarks>
public interface IDiceStrategy : IAsyncDisposable
{
    /// <summary>The strategy's name on the command line and in results, e.g. <c>thread-pool</c>.</summary>
    string Name { get; }

    /// <summary>Starts what later jobs of up to <paramref name="workers"/> workers reuse (the process pool's workers), so that they do not pay for it.</summary>
    /// <returns>What was started, for one line of a log (<c>2 workers (pids 812, 813)</c>); null when the strategy keeps nothing between jobs.</returns>
    Task<string?> StartAsync(int workers, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="job"/> on up to <paramref name="workers"/> workers and returns its histogram.</summary>
    /// <param name="workers">How many threads or processes may work at once (at least 1); strategies that run on the caller ignore it.</param>
    Task<DiceHistogram> RunAsync(DiceJob job, int workers, CancellationToken cancellationToken = default);
}

/// <summary>The work done for one chunk; <see cref="DiceRoller.RollChunk"/> unless a test wants it to fail.</summary>
public delegate void ChunkWork(DiceJob job, long chunkIndex, Span<long> counts);
