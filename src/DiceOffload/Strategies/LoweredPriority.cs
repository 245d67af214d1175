namespace DiceOffload.Strategies;

/// <summary>
/// Workers at nice +10, below the nice 0 of the threads that must stay responsive (the event loop, the server's request
/// threads): dedicated threads that lower themselves before their first chunk, or process-pool workers lowered once
/// started. Linux only: nice values are per thread there, set with setpriority; an unprivileged process can lower a
/// priority but never raise it again.
/// </summary>
public static class LoweredPriority
{
    public const int Nice = 10;

    /// <summary>The strategies the lowering applies to: the ones whose workers live for the job (threads) or for the server (the pool).</summary>
    public static IReadOnlyList<string> Strategies { get; } = [ThreadStrategy.Entry.Name, ProcessPoolStrategy.Entry.Name];

    [ThreadStatic]
    private static bool t_lowered;

    /// <summary>A thread strategy whose threads lower their own priority before their first chunk; the threads end with the job.</summary>
    public static IDiceStrategy Threads() => new ThreadStrategy(LoweredWork);

    /// <summary>Lowers every worker the pool has now; a pool worker counts on its main thread, whose id is the process id.</summary>
    /// <exception cref="InvalidOperationException">A worker could not be lowered, so the case would not be what it says.</exception>
    public static void Lower(ProcessPoolStrategy pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        foreach (int pid in pool.WorkerProcessIds)
        {
            if (!ThreadNice.Set(pid, Nice))
                throw new InvalidOperationException($"the pool worker {pid} could not be set to nice +{Nice}.");
        }
    }

    private static void LoweredWork(DiceJob job, long chunk, Span<long> counts)
    {
        if (!t_lowered)
        {
            t_lowered = ThreadNice.CurrentThreadId() is { } tid && ThreadNice.Set(tid, Nice);
            if (!t_lowered)
                throw new InvalidOperationException($"a worker thread could not set itself to nice +{Nice}.");
        }
        DiceRoller.RollChunk(job, chunk, counts);
    }
}
