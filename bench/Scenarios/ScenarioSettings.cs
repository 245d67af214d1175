using System.Runtime.InteropServices;
using DiceOffload.Processes;
using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Scenarios;

/// <summary>How big the scenarios are: the study's own sizes, or tiny ones for a dry run that only checks they work.</summary>
/// <param name="Throws">The responsiveness job's size.</param>
/// <param name="HeartbeatInterval">How often the event loop's heartbeat is due.</param>
/// <param name="IncrementsPerWorker">The race scenario's fewest increments per worker.</param>
/// <param name="RaceOverlap">How long the race scenario's workers keep counting after the last one has started.</param>
public sealed record ScenarioSettings(string Mode, long Throws, IReadOnlyList<int> WorkerCounts, int Repetitions, long IncrementsPerWorker, TimeSpan HeartbeatInterval, TimeSpan RaceOverlap = default)
{
    /// <summary>
    /// A 1 ms heartbeat and a job of 10^9 throws: over a second on every core of a small machine, so each repetition has
    /// more than a thousand heartbeats to take percentiles from; three repetitions after a warm-up. The race's workers
    /// count for at least 250 ms together (dozens of scheduler slices) and at least 20 million times each.
    /// </summary>
    public static ScenarioSettings Study { get; } = new("study", 1_000_000_000, StudyWorkers.OffloadAndParallel, 3, 20_000_000, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(250));

    /// <summary>Every code path once, in seconds rather than minutes.</summary>
    public static ScenarioSettings Dry { get; } = new("dry", 1_000_000, StudyWorkers.OffloadAndParallel, 1, 100_000, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10));

    public static ScenarioEnvironment Environment(ScenarioSettings settings) => new(
        System.Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        settings.Mode,
        DateTimeOffset.UtcNow,
        $"{TempFolders.CurrentRoot} ({TempFolders.FileSystemOf(TempFolders.CurrentRoot) ?? "file system unknown"})");
}
