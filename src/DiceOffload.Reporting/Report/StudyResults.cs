using System.Globalization;
using System.Text.Json;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report;

/// <summary>Everything the report reads from one results folder, and what it could not read.</summary>
/// <remarks>
/// Unlike <see cref="BenchmarkRunLoader.Load"/>, one bad file does not stop the rest: it becomes a
/// <see cref="Problems">problem</see> that the report lists, and everything else is still reported.
/// </remarks>
public sealed class StudyResults
{
    private StudyResults(string folder, BenchmarkRun benchmarks, ResponsivenessResult? responsiveness, RaceResult? race,
        IReadOnlyList<string> problems, IReadOnlyDictionary<string, string> niceValues, string? job)
    {
        Job = job;
        Folder = folder;
        Benchmarks = benchmarks;
        Responsiveness = responsiveness;
        Race = race;
        Problems = problems;
        NiceValuesByPriority = niceValues;
    }

    public string Folder { get; }

    public BenchmarkRun Benchmarks { get; }

    public ResponsivenessResult? Responsiveness { get; }

    public RaceResult? Race { get; }

    /// <summary>The article's Node.js code on the same machine; null when Node.js was not there (<see cref="NodeResult"/>).</summary>
    public NodeResult? Node { get; private init; }

    /// <summary>The web-server scenario; null when the study did not run it.</summary>
    public ServerResult? Server { get; private init; }

    /// <summary>The machine as the study recorded it (<see cref="ResultsLayout.MachineFile"/> at the folder's top); null for
    /// results written before the study recorded it.</summary>
    public MachineRecord? Machine { get; private init; }

    /// <summary>Files that could not be read, one sentence each naming the file.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The thread nice values the PriorityEffect global setup recorded, by its Priority parameter (<see cref="PriorityRecord"/>).</summary>
    public IReadOnlyDictionary<string, string> NiceValuesByPriority { get; }

    /// <summary>The calibrations of the machine before and after each benchmark class; null for a run that did not record them.</summary>
    public HealthRecord? Health { get; private init; }

    /// <summary>The operating system's floors under the hand-offs; null for a run that did not measure them (no C compiler, or an older run).</summary>
    public FloorsResult? Floors { get; private init; }

    /// <summary>The quota experiment (<c>scenarios/quota.json</c>); null where the study could make no cgroup.</summary>
    public QuotaResult? Quota { get; private init; }

    /// <summary>BenchmarkDotNet's name and settings of the job, as its exports print them, e.g. <c>Study(IterationCount=15, ...)</c>.</summary>
    public string? Job { get; }

    public bool IsEmpty => Benchmarks.Benchmarks.Count == 0 && Responsiveness is null && Race is null;

    /// <summary>Reads every export and scenario file under <paramref name="folder"/>.</summary>
    /// <exception cref="ResultFileException">The folder does not exist.</exception>
    public static StudyResults Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
            throw new ResultFileException(folder, $"the results folder '{folder}' does not exist; give the folder the study wrote (results by default), with --results.");

        var problems = new List<string>();
        var exports = new List<BenchmarkExport>();
        foreach (string file in FindExports(folder, problems))
        {
            try
            {
                exports.Add(BenchmarkRunLoader.LoadExport(file));
            }
            catch (ResultFileException ex)
            {
                problems.Add(ex.Message);
            }
        }

        var responsiveness = ReadScenario<ResponsivenessResult>(folder, ResultsLayout.ResponsivenessFile, problems);
        var race = ReadScenario<RaceResult>(folder, ResultsLayout.RaceFile, problems);
        string? job = exports.Select(e => ReadJob(e.FilePath)).FirstOrDefault(j => j is not null);
        var priority = ReadScenario<PriorityRecord>(folder, ResultsLayout.PriorityFile, problems);
        return new StudyResults(folder, new BenchmarkRun(folder, exports), responsiveness, race, problems,
            priority?.ThreadNiceValues ?? new Dictionary<string, string>(), job)
        {
            Node = ReadScenario<NodeResult>(folder, ResultsLayout.NodeFile, problems),
            Server = ReadScenario<ServerResult>(folder, ResultsLayout.ServerFile, problems),
            Machine = ReadMachine(folder, problems),
            Health = ReadScenario<HealthRecord>(folder, ResultsLayout.HealthFile, problems),
            Floors = ReadScenario<FloorsResult>(folder, ResultsLayout.FloorsFile, problems),
            Quota = ReadScenario<QuotaResult>(folder, ResultsLayout.QuotaFile, problems),
        };
    }

    private static IReadOnlyList<string> FindExports(string folder, List<string> problems)
    {
        try
        {
            return [.. BenchmarkRunLoader.FindExports(folder).Where(f => !UnderBaseline(folder, f))];
        }
        catch (ResultFileException)
        {
            // no exports at all: the scenarios may still be there, and the report says what is missing
            return [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"the folder '{folder}' cannot be read: {ex.Message}");
            return [];
        }
    }

    // the loader does not keep DisplayInfo ("Type.Method: Job(Settings) [Params]"); the job is the part between
    private static string? ReadJob(string export)
    {
        try
        {
            using var stream = File.OpenRead(export);
            using var document = JsonDocument.Parse(stream);
            if (document.RootElement.GetProperty(nameof(BenchmarkExport.Benchmarks)) is { ValueKind: JsonValueKind.Array } benchmarks
                && benchmarks.GetArrayLength() > 0
                && benchmarks[0].TryGetProperty("DisplayInfo", out var info) && info.GetString() is { } text
                && text.IndexOf(": ", StringComparison.Ordinal) is int start and >= 0)
            {
                int end = text.IndexOf(" [", start, StringComparison.Ordinal);
                return text[(start + 2)..(end < 0 ? text.Length : end)];
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or InvalidOperationException or KeyNotFoundException)
        {
            // the export was read once already; a job description is a detail
        }
        return null;
    }

    // a committed baseline may live beside the published run, and the stability reruns too: their cases would shadow the run's own
    private static bool UnderBaseline(string folder, string file) =>
        Path.GetRelativePath(folder, file).Split(Path.DirectorySeparatorChar).SkipLast(1).Any(ResultsLayout.IsBesideRun);

    // only at the top: a rerun's or a baseline's folder may hold its own
    private static MachineRecord? ReadMachine(string folder, List<string> problems)
    {
        string path = new RunLayout(folder).MachineRecord;
        if (!File.Exists(path))
            return null;
        try
        {
            var record = ScenarioFiles.Read<MachineRecord>(path);
            if (record.SchemaVersion == MachineRecord.CurrentSchemaVersion && record.ProcessorCount >= 1)
                return record;
            problems.Add($"'{path}' is not a machine record of version {MachineRecord.CurrentSchemaVersion} with at least one core; the machine table leaves it out.");
        }
        catch (JsonException ex)
        {
            problems.Add($"'{path}' is not a valid machine record ({ex.Message}); the machine table leaves it out.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problems.Add($"'{path}' cannot be read: {ex.Message}");
        }
        return null;
    }

    private static T? ReadScenario<T>(string folder, string fileName, List<string> problems) where T : class
    {
        string? path = FindFiles(folder, fileName).FirstOrDefault();
        if (path is null)
            return null;
        try
        {
            return ScenarioFiles.Read<T>(path);
        }
        catch (JsonException ex)
        {
            problems.Add($"'{path}' is not a valid scenario result file ({ex.Message}), perhaps cut short; re-run the study or remove the file.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problems.Add($"'{path}' cannot be read: {ex.Message}");
        }
        return null;
    }

    private static IEnumerable<string> FindFiles(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern, new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Where(f => !UnderBaseline(folder, f))
            .Order(StringComparer.Ordinal);

    /// <summary>The cores the study could use: from the machine record (which follows an affinity mask; BenchmarkDotNet's
    /// export counts the machine's), else the export, else the scenarios, else the largest worker count.</summary>
    public int Cores => Machine?.ProcessorCount
        ?? Benchmarks.Environment?.LogicalCoreCount
        ?? Responsiveness?.Environment.ProcessorCount
        ?? Race?.Environment.ProcessorCount
        ?? (int)Math.Max(1, Experiment(Experiments.Throughput).Values(ExperimentParameters.Workers).DefaultIfEmpty(1).Max());

    /// <summary>The cases of one benchmark class that have a result, with the scalar kernel: what every section but the
    /// kernel's compares (Throughput and BreakEven also run the vector kernel, <see cref="ExperimentWithKernel"/>).</summary>
    public IReadOnlyList<BenchmarkResult> Experiment(string type) => ExperimentWithKernel(type, ExperimentParameters.ScalarKernel);

    /// <summary>The cases of one benchmark class that have a result and ran <paramref name="kernel"/> (<c>Scalar</c>, <c>Vector</c>);
    /// for Break-even, with the sizes it shares with Throughput (<see cref="SharedWithThroughput"/>).</summary>
    public IReadOnlyList<BenchmarkResult> ExperimentWithKernel(string type, string kernel)
    {
        List<BenchmarkResult> own = [.. OwnCases(type, kernel)];
        return type == Experiments.BreakEven ? [.. own, .. SharedWithThroughput(own, kernel)] : own;
    }

    /// <summary>
    /// Break-even's next decade is Throughput's case on every core at that size: the same job on the same workers, which
    /// the study measures once, in Throughput (the article's job, 10^8 throws, above Break-even's 10^4 to 10^7). Runs
    /// whose Break-even measured that size itself keep their own.
    /// </summary>
    private IEnumerable<BenchmarkResult> SharedWithThroughput(List<BenchmarkResult> breakEven, string kernel)
    {
        if (breakEven.Count == 0)
            return [];
        // the decade after the largest size Break-even ran, whether or not that size produced a result
        double next = Benchmarks.Benchmarks.Where(b => b.Type == Experiments.BreakEven && b.Param(ExperimentParameters.Throws) is not null)
            .Max(b => b.Number(ExperimentParameters.Throws)) * 10;
        string cores = Cores.ToString(CultureInfo.InvariantCulture);
        return OwnCases(Experiments.Throughput, kernel)
            .Where(t => t.Param(ExperimentParameters.Workers) == cores && t.Number(ExperimentParameters.Throws) == next)
            .Select(t => t.SharedWith(Experiments.BreakEven, without: ExperimentParameters.Workers));
    }

    private IEnumerable<BenchmarkResult> OwnCases(string type, string kernel) =>
        Benchmarks.Benchmarks.Where(b => b.Type == type && !b.IsFailed && (b.Param(ExperimentParameters.Kernel) ?? ExperimentParameters.ScalarKernel) == kernel);

    /// <summary>The run date from an export's title (<c>Class-yyyyMMdd-HHmmss</c>, the benchmark machine's local time), earliest first.</summary>
    public DateTime? BenchmarkDate =>
        Benchmarks.Exports.Select(e => e.Title is { Length: > 16 } title
                && DateTime.TryParseExact(title[^15..], "yyyyMMdd-HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : (DateTime?)null)
            .Where(d => d is not null).Min();
}
