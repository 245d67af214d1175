using System.Globalization;

namespace DiceOffload.ResultFiles;

/// <summary>
/// The results tree, the one place its folder and file names are written. The study publishes into it, the report
/// and the stability check read it, <c>run-bench.ps1</c> and the README follow it:
/// <code>
/// results/                           Folder (--results; results/ at the repository's top by default)
///   charts/                          the report's charts
///   machines/NAME/                   one machine's published run (a RunLayout)
///     benchmarkdotnet/results/       BenchmarkDotNet's artifacts folder, and its exports in its own results/
///     scenarios/                     responsiveness.json, race.json, node.json, server.json, floors.json, quota.json, priority.json
///     machine.json                   the machine as the study recorded it
///     baseline/, baseline-JOB/       exports to compare the run with
///     stability/run-yyyyMMdd-HHmmss/ reruns for the stability check: benchmarkdotnet/ (full exports only), scenarios/
///   machines/.staging-NAME/          a run being written; published by moving its folders over NAME's
/// </code>
/// A folder whose name starts with a dot is a run being written, never read as results.
/// </summary>
/// <param name="Folder">The results folder, which holds <see cref="MachinesFolder"/> and <see cref="ChartsFolder"/>.</param>
public sealed record ResultsLayout(string Folder)
{
    /// <summary>The published results folder under the repository's top.</summary>
    public const string DefaultFolder = "results";

    /// <summary>The report: at the repository's top for the published results, else in the results folder.</summary>
    public const string ReportFile = "report.md";

    public const string ChartsFolder = "charts";
    public const string MachinesFolder = "machines";
    public const string StagingPrefix = ".staging-";

    /// <summary>A run's BenchmarkDotNet artifacts folder (logs, the generated project's output, the exports).</summary>
    public const string ExportsFolder = "benchmarkdotnet";

    /// <summary>Where BenchmarkDotNet puts the exports inside its artifacts folder; its own name, not the study's.</summary>
    public const string BenchmarkDotNetResultsFolder = "results";

    /// <summary>BenchmarkDotNet's artifacts folder when neither the study nor <c>--artifacts</c> names one.</summary>
    public const string BenchmarkDotNetDefaultArtifacts = "BenchmarkDotNet.Artifacts";

    public const string ScenariosFolder = "scenarios";
    public const string MachineFile = "machine.json";

    /// <summary>A run's baseline; a sibling for another job adds the job's name (<c>baseline-short</c>).</summary>
    public const string BaselineFolder = "baseline";

    public const string StabilityFolder = "stability";
    public const string RerunPrefix = "run-";

    // the scenario files, in a run's scenarios/
    public const string ResponsivenessFile = "responsiveness.json";
    public const string RaceFile = "race.json";
    public const string NodeFile = "node.json";
    public const string ServerFile = "server.json";
    public const string PriorityFile = "priority.json";
    public const string HealthFile = "health.json";
    public const string FloorsFile = "floors.json";
    public const string QuotaFile = "quota.json";

    /// <summary>The results folder under a repository's top.</summary>
    public static ResultsLayout InRepository(string repositoryRoot) => new(Path.Combine(repositoryRoot, DefaultFolder));

    public string Charts => Path.Combine(Folder, ChartsFolder);

    public string Machines => Path.Combine(Folder, MachinesFolder);

    /// <summary>Whether the folder holds <c>machines/</c>; without it, it is one machine's run in the layout published before.</summary>
    public bool HasMachines => Directory.Exists(Machines);

    /// <summary>One machine's published run.</summary>
    public RunLayout Machine(string name) => new(Path.Combine(Machines, name));

    /// <summary>Where a run of <paramref name="name"/> is written before it replaces the published one.</summary>
    public RunLayout Staging(string name) => new(Path.Combine(Machines, StagingPrefix + name));

    /// <summary>The name of a stability rerun started at <paramref name="utc"/>.</summary>
    public static string RerunName(DateTime utc) => RerunPrefix + utc.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    /// <summary>A folder being written (its name starts with a dot): staging, an unfinished rerun.</summary>
    public static bool IsUnfinished(string folder) => Path.GetFileName(folder).StartsWith('.');

    /// <summary>Whether a folder met inside a run is not part of the run: a baseline (<c>baseline</c>, <c>baseline-short</c>),
    /// the stability reruns, other machines' runs, or a run being written.</summary>
    public static bool IsBesideRun(string folderName) =>
        folderName.StartsWith(BaselineFolder, StringComparison.OrdinalIgnoreCase) || folderName.Equals(StabilityFolder, StringComparison.OrdinalIgnoreCase)
            || folderName.Equals(MachinesFolder, StringComparison.OrdinalIgnoreCase) || folderName.StartsWith('.');
}
