using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiceOffload.Reporting.Results;

/// <summary>
/// The scenario result files the study writes next to BenchmarkDotNet's exports
/// (<c>scenarios/responsiveness.json</c>, <c>scenarios/race.json</c>), version 1. Times are in milliseconds.
/// </summary>
public static class ScenarioFiles
{
    public const string ResponsivenessFile = "responsiveness.json";
    public const string RaceFile = "race.json";

    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>Writes <paramref name="value"/> to <paramref name="path"/> through a temporary file, so a failed write never leaves half a file.</summary>
    public static void Write<T>(string path, T value) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, Json) + "\n");
}

/// <summary>Where and how a scenario ran.</summary>
public sealed record ScenarioEnvironment(int ProcessorCount, string OperatingSystem, string Runtime, string Mode, DateTimeOffset StartedUtc);

/// <summary>The responsiveness scenario: a 10 ms heartbeat on an event-loop thread while the job runs under each strategy.</summary>
public sealed record ResponsivenessResult(
    int SchemaVersion,
    ScenarioEnvironment Environment,
    double HeartbeatIntervalMs,
    long Throws,
    int Dice,
    int Sides,
    ulong Seed,
    IReadOnlyList<ResponsivenessRun> Runs);

/// <summary>One strategy at one worker count: each repetition's figures, their medians, and the timeline of the median repetition.</summary>
public sealed record ResponsivenessRun(
    string Strategy,
    int Workers,
    double ElapsedMs,
    double MaxLatenessMs,
    double P99LatenessMs,
    IReadOnlyList<ResponsivenessRepetition> Repetitions,
    IReadOnlyList<HeartbeatTick> Timeline);

public sealed record ResponsivenessRepetition(double ElapsedMs, double MaxLatenessMs, double P99LatenessMs, int Ticks);

/// <summary>A heartbeat: when it ran, relative to the job's start, and how late it was.</summary>
public sealed record HeartbeatTick(double AtMs, double LatenessMs);

/// <summary>The race scenario: a shared counter bumped by every core, with and without atomics.</summary>
public sealed record RaceResult(
    int SchemaVersion,
    ScenarioEnvironment Environment,
    int Workers,
    long IncrementsPerWorker,
    IReadOnlyList<RaceRun> Runs);

/// <summary>One way of counting, repeated: what each repetition counted and lost.</summary>
public sealed record RaceRun(string Method, long Expected, IReadOnlyList<long> Counted, IReadOnlyList<long> LostUpdates, IReadOnlyList<double> ElapsedMs);
