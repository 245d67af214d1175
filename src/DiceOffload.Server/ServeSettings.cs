using DiceOffload.Strategies;

namespace DiceOffload.Server;

/// <summary>What a server allows.</summary>
/// <param name="MaxThrows">The largest job <c>/roll</c> takes; a larger one is bad input (400).</param>
/// <param name="MaxJobs">Jobs that may run at once; one more is answered 429 with <c>Retry-After</c>.</param>
/// <param name="Timeout">A job that runs longer is stopped, its threads or processes with it, and answered 503.</param>
/// <param name="Strategies">What the strategies are given (how worker processes start).</param>
/// <param name="SamplePool">Sample the thread pool every 10 ms on a thread of its own and answer the samples at <c>GET /pool</c> (the study's server scenario).</param>
public sealed record ServeSettings(long MaxThrows, int MaxJobs, TimeSpan Timeout, StrategyOptions? Strategies = null, bool SamplePool = false);
