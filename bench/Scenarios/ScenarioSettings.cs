using System.Runtime.InteropServices;
using DiceOffload.Processes;
using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Scenarios;

/// <summary>How big the scenarios are: the study's own sizes, or tiny ones for a dry run that only checks they work.</summary>
/// <param name="JobTime">The responsiveness job's size as time inline on one core of the machine at hand.</param>
/// <param name="ServerJobTime">The server's heavy <c>/roll</c> job's size, the same way.</param>
/// <param name="HeartbeatInterval">How often the event loop's heartbeat is due.</param>
/// <param name="IncrementsPerWorker">The race scenario's fewest increments per worker.</param>
/// <param name="RaceOverlap">How long the race scenario's workers keep counting after the last one has started.</param>
/// <param name="Sizing">What <see cref="SizedFor"/> made of the times on this machine; null until then.</param>
public sealed record ScenarioSettings(string Mode, TimeSpan JobTime, TimeSpan ServerJobTime, IReadOnlyList<int> WorkerCounts, int Repetitions, long IncrementsPerWorker,
    TimeSpan HeartbeatInterval, TimeSpan RaceOverlap = default, ScenarioSizing? Sizing = null)
{
    /// <summary>
    /// A 1 ms heartbeat and a job of 2.2 s on one core: over a second on both cores of a two-core machine, so each
    /// repetition has more than a thousand heartbeats to take percentiles from; three repetitions after a warm-up. The
    /// server's heavy job takes 1.5 s on one core, inside its 2.5 s of load. The race's workers count for at least 250 ms
    /// together (dozens of scheduler slices) and at least 20 million times each.
    /// </summary>
    public static ScenarioSettings Study { get; } = new("study", TimeSpan.FromSeconds(2.2), TimeSpan.FromSeconds(1.5), StudyWorkers.OffloadAndParallel, 3, 20_000_000,
        TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(250));

    /// <summary>Every code path once, in seconds rather than minutes.</summary>
    public static ScenarioSettings Dry { get; } = new("dry", TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(3), StudyWorkers.OffloadAndParallel, 1, 100_000,
        TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10));

    /// <summary>The responsiveness job in throws; sized with <see cref="SizedFor"/> first.</summary>
    public long Throws => Sizing?.JobThrows ?? throw new InvalidOperationException("the scenarios' jobs are sized in time: call SizedFor first.");

    /// <summary>The server's heavy job in throws; sized with <see cref="SizedFor"/> first.</summary>
    public long ServerThrows => Sizing?.ServerThrows ?? throw new InvalidOperationException("the scenarios' jobs are sized in time: call SizedFor first.");

    /// <summary>These settings with their jobs turned into throws at <paramref name="nanosecondsPerThrow"/>, the scalar loop's speed here.</summary>
    public ScenarioSettings SizedFor(double nanosecondsPerThrow) => this with
    {
        Sizing = new ScenarioSizing(Math.Round(nanosecondsPerThrow, 4), JobTime.TotalMilliseconds, LoopCalibration.ThrowsFor(JobTime, nanosecondsPerThrow),
            ServerJobTime.TotalMilliseconds, LoopCalibration.ThrowsFor(ServerJobTime, nanosecondsPerThrow)),
    };

    public static ScenarioEnvironment Environment(ScenarioSettings settings) => new(
        System.Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        settings.Mode,
        DateTimeOffset.UtcNow,
        $"{TempFolders.CurrentRoot} ({TempFolders.FileSystemOf(TempFolders.CurrentRoot) ?? "file system unknown"})",
        settings.Sizing);
}
