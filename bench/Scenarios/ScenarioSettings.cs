using System.Runtime.InteropServices;
using DiceOffload.Reporting.Results;

namespace DiceOffload.Bench.Scenarios;

/// <summary>How big the scenarios are: the study's own sizes, or tiny ones for a dry run that only checks they work.</summary>
public sealed record ScenarioSettings(string Mode, long Throws, IReadOnlyList<int> WorkerCounts, int Repetitions, long IncrementsPerWorker)
{
    /// <summary>The article's job, offloaded (1 worker) and parallel (every core), five times each.</summary>
    public static ScenarioSettings Study { get; } = new("study", 100_000_000, StudyWorkers.OffloadAndParallel, 5, 20_000_000);

    /// <summary>Every code path once, in seconds rather than minutes.</summary>
    public static ScenarioSettings Dry { get; } = new("dry", 1_000_000, StudyWorkers.OffloadAndParallel, 1, 100_000);

    public static ScenarioEnvironment Environment(ScenarioSettings settings) => new(
        System.Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        settings.Mode,
        DateTimeOffset.UtcNow);
}
