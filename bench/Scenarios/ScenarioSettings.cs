using System.Runtime.InteropServices;
using DiceOffload.Processes;
using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Scenarios;

/// <summary>How big the scenarios are: the study's own sizes, or tiny ones for a dry run that only checks they work.</summary>
/// <param name="Throws">The responsiveness job's size.</param>
/// <param name="HeartbeatInterval">How often the event loop's heartbeat is due.</param>
public sealed record ScenarioSettings(string Mode, long Throws, IReadOnlyList<int> WorkerCounts, int Repetitions, long IncrementsPerWorker, TimeSpan HeartbeatInterval)
{
    /// <summary>
    /// A 1 ms heartbeat and a job of 10^9 throws: over a second on every core of a small machine, so each repetition has
    /// more than a thousand heartbeats to take percentiles from; three repetitions after a warm-up.
    /// </summary>
    public static ScenarioSettings Study { get; } = new("study", 1_000_000_000, StudyWorkers.OffloadAndParallel, 3, 20_000_000, TimeSpan.FromMilliseconds(1));

    /// <summary>Every code path once, in seconds rather than minutes.</summary>
    public static ScenarioSettings Dry { get; } = new("dry", 1_000_000, StudyWorkers.OffloadAndParallel, 1, 100_000, TimeSpan.FromMilliseconds(1));

    public static ScenarioEnvironment Environment(ScenarioSettings settings) => new(
        System.Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        settings.Mode,
        DateTimeOffset.UtcNow,
        $"{TempFolders.CurrentRoot} ({TempFolders.FileSystemOf(TempFolders.CurrentRoot) ?? "file system unknown"})");
}
