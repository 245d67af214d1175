using DiceOffload.Strategies;

namespace DiceOffload.Server;

/// <summary>What a server allows.</summary>
/// <param name="MaxThrows">The largest job <c>/roll</c> takes; a larger one is bad input (400).</param>
/// <param name="MaxJobs">Jobs that may run at once; one more is answered 429 with <c>Retry-After</c>.</param>
/// <param name="Timeout">A job that runs longer is stopped, its threads or processes with it, and answered 503.</param>
/// <param name="Strategies">What the strategies are given (how worker processes start).</param>
/// <param name="QueueJobs">Jobs that may wait for a place beyond <paramref name="MaxJobs"/>, oldest first; one more is answered 429. With
/// <paramref name="Consumers"/>, the consumers' queue holds this many (at least one).</param>
/// <param name="Consumers">0: a job runs on the request's own pool thread. N: it runs on one of N dedicated threads of a
/// hosted service that read a bounded queue (<see cref="JobConsumers"/>).</param>
/// <param name="MinThreads">0: the thread pool's own minimum. N: <see cref="ThreadPool.SetMinThreads(int, int)"/> at
/// start, so the pool creates up to N worker threads on demand before it starts injecting them slowly.</param>
/// <param name="SamplePool">Sample the thread pool every 10 ms on a thread of its own and answer the samples at <c>GET /pool</c> (the study's server scenario).</param>
public sealed record ServeSettings(long MaxThrows, int MaxJobs, TimeSpan Timeout, StrategyOptions? Strategies = null, bool SamplePool = false,
    int QueueJobs = 0, int Consumers = 0, int MinThreads = 0)
{
    /// <summary>The jobs the consumers' queue holds: <see cref="QueueJobs"/>, at least one.</summary>
    public int ConsumerQueue => Math.Max(1, QueueJobs);

    /// <summary>The requests the rate limiter lets in at once: <see cref="MaxJobs"/>, raised with consumers to what they run and hold.</summary>
    public int AdmittedJobs => Consumers > 0 ? Math.Max(MaxJobs, Consumers + ConsumerQueue) : MaxJobs;

    /// <summary>The requests the rate limiter holds waiting: <see cref="QueueJobs"/>, none with consumers (their queue holds them).</summary>
    public int LimiterQueue => Consumers > 0 ? 0 : QueueJobs;
}
