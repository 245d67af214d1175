namespace DiceOffload.ResultFiles;

/// <summary>
/// The web-server scenario, version 1 (<c>scenarios/server.json</c>): <c>serve</c> in its own process, an open-loop load
/// of <c>/ping</c> at <see cref="PingRatePerSecond"/>, and heavy <c>/roll</c> jobs sent <see cref="JobStartMs"/> into
/// each run. Latencies run from each request's intended send time. Times are in milliseconds.
/// </summary>
/// <param name="CrossCheck">A load generator nobody here wrote against <c>/ping</c>, or why it was skipped.</param>
/// <param name="Remedies">The usual fixes against the starving cases, each repeated, and the idle server; null in runs from
/// before they were measured.</param>
public sealed record ServerResult(
    int SchemaVersion,
    ScenarioEnvironment Environment,
    double PingRatePerSecond,
    double LoadMs,
    double JobStartMs,
    long Throws,
    int Dice,
    int Sides,
    ulong Seed,
    IReadOnlyList<ServerRun> Runs,
    ServerDrill? Drill,
    ServerCrossCheck CrossCheck,
    IReadOnlyList<ServerRemedyRun>? Remedies = null)
{
    public const int CurrentSchemaVersion = 1;
}

/// <summary>
/// One repetition of one remedy against one starving case (<paramref name="Strategy"/> at <paramref name="Workers"/>
/// with <paramref name="Clients"/> heavy jobs), under the same load as the runs; or the idle server
/// (<see cref="Idle"/>: no heavy job at all).
/// </summary>
/// <param name="Remedy"><see cref="None"/>, <see cref="Idle"/>, or the remedy's name: <c>min-threads</c> (8 × cores), <c>min-threads-N</c> (a lower floor of N), <c>consumers</c>, <c>limiter</c>, <c>server-gc</c>, <c>one-core-free</c>, <c>long-running</c>.</param>
/// <param name="Setting">What was changed, as a reader would set it: <c>serve --min-threads 16</c>.</param>
/// <param name="Case">The starving case it is measured against, named as tables name it; the same for every remedy of that case.</param>
/// <param name="Strategy">The strategy the heavy jobs ran under (a remedy may change it).</param>
/// <param name="Workers">Their workers (a remedy may change them).</param>
/// <param name="Repetition">1-based; the repetitions of every remedy are interleaved.</param>
/// <param name="Gc"><c>server</c> or <c>workstation</c>: the GC the server said it ran.</param>
/// <param name="PeakThreads">The most thread-pool threads the server's sampler saw during the load.</param>
/// <param name="PeakQueued">The most work items waiting in the pool's queues.</param>
/// <param name="Pool">The pool samples of the first repetition (null in the others), as in <see cref="ServerRun.Pool"/>.</param>
public sealed record ServerRemedyRun(
    string Remedy,
    string Setting,
    string Case,
    string Strategy,
    int Workers,
    int Clients,
    int Repetition,
    string Gc,
    int Requests,
    int Errors,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    IReadOnlyList<double> RollMs,
    IReadOnlyList<int> RollStatus,
    int PeakThreads,
    long PeakQueued,
    IReadOnlyList<PoolSample>? Pool)
{
    public const string None = "none";
    public const string Idle = "idle";
}

/// <summary>One strategy at one worker count with <paramref name="Clients"/> heavy jobs sent at once.</summary>
/// <param name="Requests">The <c>/ping</c> requests the schedule sent.</param>
/// <param name="AchievedRatePerSecond">The <c>/ping</c> answers that succeeded, per second of the load.</param>
/// <param name="MaxSendLagMs">How late the generator itself sent its latest request: the instrument's floor.</param>
/// <param name="RollMs">Each heavy job's time from its request to its answer, as its client saw it.</param>
/// <param name="RollStatus">Each heavy job's HTTP status.</param>
/// <param name="Timeline">The <c>/ping</c> latencies in 50 ms buckets of intended send time: the worst in each.</param>
/// <param name="Pool">The server's thread pool every 10 ms, from a thread of its own: threads and queued work items.</param>
/// <param name="Priority"><c>normal</c>, or <c>lowered</c>: the job's workers at nice +10, below the request threads.</param>
public sealed record ServerRun(
    string Strategy,
    int Workers,
    int Clients,
    int Requests,
    int Errors,
    double AchievedRatePerSecond,
    double P50Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    double MaxSendLagMs,
    IReadOnlyList<double> RollMs,
    IReadOnlyList<int> RollStatus,
    IReadOnlyList<LatencyBucket> Timeline,
    IReadOnlyList<PoolSample> Pool,
    string Priority = ServerRun.Normal)
{
    public const string Normal = "normal";
    public const string Lowered = "lowered";

    /// <summary>The strategy as tables name it: <c>thread</c>, or <c>thread at nice +10</c> for a lowered run.</summary>
    public string Label => Priority == Lowered ? $"{Strategy} at nice +10" : Strategy;
}

/// <param name="AtMs">The bucket's start, from the load's start.</param>
public sealed record LatencyBucket(double AtMs, double MaxLatencyMs, int Requests, int Errors);

/// <param name="AtMs">From the load's start.</param>
public sealed record PoolSample(double AtMs, int Threads, long Queued);

/// <summary>The cluster drill: <c>serve --instances N</c> under the same load, one instance killed with SIGKILL at <paramref name="KilledAtMs"/>.</summary>
/// <param name="ReplacementListeningAfterMs">From the kill to the replacement's first "listening" line; null if none came during the run.</param>
public sealed record ServerDrill(int Instances, int Requests, int Errors, double KilledAtMs, double? ReplacementListeningAfterMs, double P50Ms, double P99Ms, double MaxMs);

/// <param name="Tool">wrk or bombardier; null when neither was on the PATH.</param>
/// <param name="Configuration">The strategy, workers and clients it ran beside.</param>
/// <param name="P99Ms">Its p99 of <c>/ping</c>, beside <paramref name="OurP99Ms"/> from the same configuration.</param>
public sealed record ServerCrossCheck(string? Tool, string? Configuration, double? P99Ms, double? OurP99Ms, string Note);
