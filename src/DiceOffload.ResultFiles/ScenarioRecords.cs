using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiceOffload.ResultFiles;

/// <summary>
/// The scenario result files the study writes next to BenchmarkDotNet's exports
/// (<c>scenarios/responsiveness.json</c>, <c>scenarios/race.json</c>), version 1. Times are in milliseconds.
/// </summary>
public static class ScenarioFiles
{
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    /// <exception cref="JsonException">The file is not such a file.</exception>
    public static T Read<T>(string path) where T : class =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) ?? throw new JsonException("the file holds null");

    /// <summary>Writes <paramref name="value"/> to <paramref name="path"/> through a temporary file, so a failed write never leaves half a file.</summary>
    public static void Write<T>(string path, T value) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, Json) + "\n");
}

/// <summary>Where and how a scenario ran.</summary>
/// <param name="MapsFolder">Where the study's memory maps were made and on what file system, e.g. <c>/dev/shm/dice-offload-study-x (tmpfs)</c>; null in older files.</param>
/// <param name="Sizing">How the scenarios' jobs were sized in time on this machine; null in older files, whose jobs were fixed in throws.</param>
public sealed record ScenarioEnvironment(int ProcessorCount, string OperatingSystem, string Runtime, string Mode, DateTimeOffset StartedUtc, string? MapsFolder = null, ScenarioSizing? Sizing = null);

/// <summary>
/// The scenarios' jobs, given as time on one core of the machine at hand and turned into throws with the scalar loop's
/// speed measured when the scenarios began, so that a slow and a fast host run them for the same time.
/// </summary>
/// <param name="NanosecondsPerThrow">The scalar loop on one thread: the fastest of 15 runs of about a million throws.</param>
/// <param name="JobMs">The responsiveness job's intended time inline on one core; <paramref name="JobThrows"/> is what it became.</param>
/// <param name="ServerJobMs">The server's heavy <c>/roll</c> job's intended time inline on one core; <paramref name="ServerThrows"/> is what it became.</param>
public sealed record ScenarioSizing(double NanosecondsPerThrow, double JobMs, long JobThrows, double ServerJobMs, long ServerThrows);

/// <summary>
/// The responsiveness scenario, version 2: a heartbeat on an event-loop thread while the job runs, per strategy and worker
/// count, per way the loop waits (<see cref="DefaultWait"/> unless a run names another), and with the remedies for
/// lateness at full core use.
/// </summary>
public sealed record ResponsivenessResult(
    int SchemaVersion,
    ScenarioEnvironment Environment,
    double HeartbeatIntervalMs,
    long Throws,
    int Dice,
    int Sides,
    ulong Seed,
    string DefaultWait,
    IReadOnlyList<ResponsivenessRun> Runs)
{
    public const int CurrentSchemaVersion = 2;
}

/// <summary>
/// One strategy at one worker count, with one way of waiting and one remedy (<c>none</c>, <c>one-core-free</c>,
/// <c>nice+10</c>), repeated. The lateness percentiles pool every repetition's heartbeats from the job's start to its
/// end, with the beats a stalled loop missed filled in (each missed beat is as late as it would have run: what a timer
/// due then would have seen), so a loop blocked for the whole job has percentiles too. <see cref="Heartbeats"/> counts
/// the beats that ran; <see cref="LatenessSamples"/> counts them with the missed ones.
/// </summary>
/// <param name="RunQueueWaitMsPerBeat">Time the loop's thread was runnable but waiting for a CPU, per heartbeat (median of the repetitions; Linux only).</param>
/// <param name="InvoluntarySwitchesPerBeat">Times the loop's thread lost its CPU without blocking (preemption, <c>sched_yield</c>), per heartbeat (Linux only).</param>
/// <param name="LoopCpuMsPerBeat">CPU time the loop's thread used per heartbeat: waiting that spins shows here (Linux only).</param>
public sealed record ResponsivenessRun(
    string Strategy,
    int Workers,
    string Wait,
    string Remedy,
    double ElapsedMs,
    double P50LatenessMs,
    double P99LatenessMs,
    double P999LatenessMs,
    double MaxLatenessMs,
    long Heartbeats,
    long LatenessSamples,
    double? RunQueueWaitMsPerBeat,
    double? InvoluntarySwitchesPerBeat,
    double? LoopCpuMsPerBeat,
    IReadOnlyList<ResponsivenessRepetition> Repetitions,
    IReadOnlyList<HeartbeatTick> Timeline);

/// <summary>One repetition: the job's time, its own lateness figures, and what the scheduler did with the loop's thread during the job.</summary>
public sealed record ResponsivenessRepetition(
    double ElapsedMs,
    double P99LatenessMs,
    double MaxLatenessMs,
    int Heartbeats,
    double? RunQueueWaitMs,
    long? InvoluntarySwitches,
    double? LoopCpuMs);

/// <summary>A heartbeat: when it ran, relative to the job's start, and how late it was.</summary>
public sealed record HeartbeatTick(double AtMs, double LatenessMs);

/// <summary>The race scenario: a shared counter bumped by every core, with and without atomics.</summary>
/// <param name="SchemaVersion">1: every worker made exactly <paramref name="IncrementsPerWorker"/> increments. 2: every
/// worker counted until all had started, <paramref name="MinimumOverlapMs"/> had passed since the last one started, and each
/// had seen another's increments between two of its own blocks <paramref name="MinimumInterleavings"/> times.</param>
/// <param name="IncrementsPerWorker">Version 1: each worker's increments; version 2: the fewest any worker made.</param>
/// <param name="MinimumOverlapMs">Version 2: how long every worker kept counting after the last one had started; null in version 1.</param>
/// <param name="MinimumInterleavings">Version 2: the interleavings each worker had to see before it stopped (0 with one worker); null in version 1.</param>
public sealed record RaceResult(
    int SchemaVersion,
    ScenarioEnvironment Environment,
    int Workers,
    long IncrementsPerWorker,
    IReadOnlyList<RaceRun> Runs,
    double? MinimumOverlapMs = null,
    int? MinimumInterleavings = null);

/// <summary>One way of counting, repeated: what each repetition counted and lost.</summary>
/// <param name="Expected">The increments made: version 1, every repetition's; version 2, the median repetition's (each in <paramref name="ExpectedByRepetition"/>).</param>
/// <param name="ExpectedByRepetition">Version 2: each repetition's increments, the workers' own tallies added up; null in version 1.</param>
/// <param name="Interleavings">Version 2: per repetition, the fewest times any worker saw another's increments between two of its own blocks; null in version 1.</param>
public sealed record RaceRun(
    string Method,
    long Expected,
    IReadOnlyList<long> Counted,
    IReadOnlyList<long> LostUpdates,
    IReadOnlyList<double> ElapsedMs,
    IReadOnlyList<long>? ExpectedByRepetition = null,
    IReadOnlyList<long>? Interleavings = null);
