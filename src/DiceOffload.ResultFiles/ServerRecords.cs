namespace DiceOffload.ResultFiles;

/// <summary>
/// The web-server scenario, version 1 (<c>scenarios/server.json</c>): <c>serve</c> in its own process, an open-loop load
/// of <c>/ping</c> at <see cref="PingRatePerSecond"/>, and heavy <c>/roll</c> jobs sent <see cref="JobStartMs"/> into
/// each run. Latencies run from each request's intended send time. Times are in milliseconds.
/// </summary>
/// <param name="CrossCheck">A load generator nobody here wrote against <c>/ping</c>, or why it was skipped.</param>
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
    ServerCrossCheck CrossCheck)
{
    public const int CurrentSchemaVersion = 1;
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
