using System.Diagnostics;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using DiceOffload.Bench.Benchmarks;
using DiceOffload.Bench.Cli;
using DiceOffload.Bench.Scenarios;
using DiceOffload.Reporting.Report;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using DiceOffload.Strategies;

namespace DiceOffload.Bench.Study;

/// <summary>
/// Runs the study: every benchmark through BenchmarkDotNet, then the scenarios it cannot express.
/// With no arguments it publishes into <c>results/</c>; with BenchmarkDotNet's arguments it writes where they say.
/// </summary>
public static class StudyRunner
{
    public const string ResponsivenessName = "DiceOffload.Bench.Scenarios.Responsiveness";
    public const string RaceName = "DiceOffload.Bench.Scenarios.Race";
    public const string NodeName = "DiceOffload.Bench.Scenarios.Node";
    public const string ServerName = "DiceOffload.Bench.Scenarios.Server";
    public const string FloorsName = "DiceOffload.Bench.Scenarios.Floors";
    public const string QuotaName = "DiceOffload.Bench.Scenarios.Quota";

    // the scenarios in the order they run, with the names the progress lines give them and their planned time (the
    // Node.js program's speed is its own: it is not planned)
    private static readonly (string Name, string Title, Func<ScenarioRunner, Task> Run, Func<ScenarioSettings, TimeSpan?> Planned)[] ScenarioPhases =
    [
        (FloorsName, "Operating system floors", s => s.FloorsAsync(), s => FloorsScenario.Planned(s)),
        (ResponsivenessName, "Responsiveness", s => s.ResponsivenessAsync(), s => ResponsivenessScenario.Planned(s, StrategyCatalog.Names)),
        (RaceName, "Race", s => { s.Race(); return Task.CompletedTask; }, s => RaceScenario.Planned(s)),
        (NodeName, "Node.js", s => s.NodeAsync(), _ => null),
        (ServerName, "Web server", s => s.ServerAsync(), s => ServerScenario.Planned(s)),
        (QuotaName, "CPU quotas", s => s.QuotaAsync(), s => QuotaScenario.Planned(s)),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        if (StudyOptions.Extract(args, out string? optionError) is not { } own)
        {
            await Console.Error.WriteLineAsync($"study: {optionError}");
            return ExitCodes.BadInput;
        }
        // no BenchmarkDotNet arguments but the in-process toolchain, or a results folder named: publish
        bool publish = own.Results is not null || own.Rest.All(a => a is "--inProcess" or "-i");
        string[] benchmarkArgs = publish && !own.Rest.Any(a => a.StartsWith("--filter", StringComparison.Ordinal) || a == "-f") ? [.. own.Rest, "--filter", "*"] : own.Rest;
        // where this run writes (the staging folder of a published run, else BenchmarkDotNet's artifacts folder), and
        // for a published run, where it goes when it succeeds
        RunLayout run;
        Publication? publication = null;

        using var parserOutput = new StringWriter();
        if (StudyArguments.Parse(benchmarkArgs, parserOutput) is not { } arguments)
        {
            if (StudyArguments.AsksForHelp(args))
            {
                Console.Write(parserOutput);
                return 0;
            }
            // BenchmarkDotNet prints its whole usage after the error; the line that names the argument is enough here
            await Console.Error.WriteLineAsync($"study: {StudyArguments.FirstError(parserOutput.ToString())} Run benchmarkdotnet-options for the arguments BenchmarkDotNet takes.");
            return ExitCodes.BadInput;
        }
        if (publish && arguments.ArtifactsFolder is not null)
        {
            await Console.Error.WriteLineAsync("study: --results publishes into a results folder and --artifacts writes BenchmarkDotNet's folder; give one of them.");
            return ExitCodes.BadInput;
        }
        if (publish && arguments.Filters.Any(f => f != "*"))
        {
            // publishing replaces the machine's whole folder: part of the study would stand in for all of it
            await Console.Error.WriteLineAsync($"study: --filter {string.Join(' ', arguments.Filters)} runs part of the study, and publishing replaces a machine's whole results; publish the whole study (--filter '*' or none), or pass --artifacts DIR instead of --results to write a partial run.");
            return ExitCodes.BadInput;
        }
        string machine = own.Machine ?? MachineInfo.DefaultName();
        if (publish)
        {
#if DEBUG
            await Console.Error.WriteLineAsync("study: a Debug build does not publish results; run it with -c Release.");
            return 2;
#else
            string? root = StudyPaths.RepositoryRoot();
            if (root is null && own.Results is null)
            {
                await Console.Error.WriteLineAsync("study: cannot find Bench.sln above the program or the current folder, so there is no results/ folder to publish into; pass --results DIR (or --artifacts DIR to write BenchmarkDotNet's folder).");
                return 2;
            }
            // the WorkerStartup benchmark starts the NativeAOT worker too; a machine with the SDK builds it here, a bundle carries it
            if (root is not null && !arguments.InProcess)
            {
                if (await AotWorker.EnsureBuiltAsync(root, Console.Out) is { } buildFailure)
                {
                    await Console.Error.WriteLineAsync($"study: {buildFailure}");
                    return 1;
                }
            }
            var results = new ResultsLayout(Path.GetFullPath(own.Results ?? ResultsLayout.InRepository(root!).Folder));
            string reportPath = Path.Combine(own.Results is null ? root! : results.Folder, ResultsLayout.ReportFile);
            publication = new Publication(results, results.Machine(machine), reportPath);
            // a failed or interrupted run must not leave the published results half replaced
            run = results.Staging(machine);
            if (Directory.Exists(run.Folder))
                Directory.Delete(run.Folder, recursive: true);
            Directory.CreateDirectory(run.Folder);
            Interrupt.DeleteIfInterrupted(run.Folder);
#endif
        }
        else
        {
            // BenchmarkDotNet writes its exports under its artifacts folder; the scenarios and the machine go beside them
            run = new RunLayout(arguments.ArtifactsFolder ?? Path.Combine(Environment.CurrentDirectory, ResultsLayout.BenchmarkDotNetDefaultArtifacts));
        }
        var record = MachineInfo.Current(machine, arguments.InProcess ? MachineRecord.InProcess : MachineRecord.OutOfProcess,
            arguments.Job == "default" ? "study" : arguments.Job, started);

        // BenchmarkDotNet's ShortRun spends about 7 s per case (three 500 ms warm-ups and iterations plus its pilot); the
        // study's own short job keeps the three iterations but makes them short
        var filters = arguments.Filters;
        var health = new MachineHealth();
        var scenarioPhases = ScenarioPhases.Where(s => Matches(filters, s.Name)).ToList();
        var scenarioSettings = arguments.IsDry ? ScenarioSettings.Dry : ScenarioSettings.Study;
        var progress = new StudyProgress(Console.Out, [.. scenarioPhases.Select(s => (s.Title, s.Planned(scenarioSettings)))]);
        var config = StudyConfig.Create(arguments.JobFromCommandLine, publication is null ? null : run.Exports, arguments.IsShort ? StudyConfig.ShortJob : StudyConfig.StudyJob, arguments.InProcessStudyJobs, progress, health);

        // the PriorityEffect benchmarks record the threads' nice values beside the scenarios' files
        StudyRecords.RecordInto(run.Scenarios);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(StudyRunner).Assembly).Run(arguments.BenchmarkArgs, config).ToList();
        if (arguments.IsInformational)
        {
            if (publication is not null)
                Interrupt.Discard(run.Folder);
            return 0;
        }
        var failures = summaries.SelectMany(Failures).ToList();
        if (health.Checks.Count > 0)
        {
            Directory.CreateDirectory(run.Scenarios);
            ScenarioFiles.Write(run.Scenario(ResultsLayout.HealthFile), new HealthRecord(HealthRecord.Version, health.Checks));
        }

        // the scenarios' jobs are given in time: the scalar loop's speed here turns them into throws
        var sizing = scenarioSettings.SizedFor(LoopCalibration.NanosecondsPerThrow());
        if (scenarioPhases.Count > 0)
            Console.WriteLine(StudyProgress.Sizing(sizing.Sizing!));
        var scenarios = new ScenarioRunner(sizing, run);
        try
        {
            foreach (var phase in scenarioPhases)
            {
                progress.Scenario(phase.Title);
                await phase.Run(scenarios);
            }
        }
        catch (Exception ex) when (ex is Processes.WorkerFailedException or IOException or InvalidOperationException or HttpRequestException
            or Cgroups.CgroupUnavailableException or OperationCanceledException)
        {
            failures.Add($"scenario failed: {ex.Message}");
        }

        foreach (string failure in failures)
            await Console.Error.WriteLineAsync($"study: {failure}");
        if (failures.Count > 0)
        {
            if (publication is not null)
                Interrupt.Discard(run.Folder);
            await Console.Error.WriteLineAsync($"study: {failures.Count} benchmark case(s) or scenario(s) failed after {clock.Elapsed:hh\\:mm\\:ss}; nothing was published.");
            return 1;
        }

        // beside the scenarios, so that the report of this folder has its machine too
        Directory.CreateDirectory(run.Folder);
        ScenarioFiles.Write(run.MachineRecord, record);
        if (publication is null)
        {
            Console.WriteLine($"study: done in {clock.Elapsed:hh\\:mm\\:ss}; results in {run.Folder}.");
            return 0;
        }

        Publish(run, publication.Machine);
        Console.WriteLine($"study: published the results of machine {machine} in {publication.Machine.Folder}.");
        try
        {
            var report = ReportGenerator.Generate(publication.Results.Folder, publication.ReportPath);
            foreach (string problem in report.Problems.Concat(report.Missing))
                await Console.Error.WriteLineAsync($"study: the report is missing a part: {problem}");
            Console.WriteLine($"study: wrote {report.ReportPath} with {report.Charts.Count} chart(s).");
        }
        catch (Exception ex) when (ex is ResultFileException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"study: the results were published but the report could not be written: {ex.Message} Write it with the report command.");
            return 1;
        }
        Console.WriteLine($"study: done in {clock.Elapsed:hh\\:mm\\:ss}.");
        return 0;
    }

    /// <summary>What went wrong in one summary: validation errors, cases that did not run or did not produce a result.</summary>
    public static IEnumerable<string> Failures(Summary summary)
    {
        if (summary.HasCriticalValidationErrors)
        {
            foreach (var error in summary.ValidationErrors.Where(e => e.IsCritical))
                yield return $"{summary.Title}: {error.Message}";
        }
        foreach (var benchmark in summary.BenchmarksCases)
        {
            var report = summary[benchmark];
            if (report is null || !report.Success || report.ResultStatistics is null)
                yield return $"{benchmark.DisplayInfo} did not produce a result";
        }
    }

    /// <summary>Where a published run goes: its results folder, the machine's folder in it, and the report.</summary>
    private sealed record Publication(ResultsLayout Results, RunLayout Machine, string ReportPath);

    /// <summary>Moves a finished run's folders and machine record over the machine's published ones.</summary>
    private static void Publish(RunLayout staging, RunLayout machine)
    {
        Directory.CreateDirectory(machine.Folder);
        foreach (var (from, to) in new[] { (staging.Exports, machine.Exports), (staging.Scenarios, machine.Scenarios) })
        {
            if (Directory.Exists(to))
                Directory.Delete(to, recursive: true);
            if (Directory.Exists(from))
                Directory.Move(from, to);
        }
        File.Move(staging.MachineRecord, machine.MachineRecord, overwrite: true);
        // the stability check's reruns checked the run just replaced; they say nothing of this one
        if (Directory.Exists(machine.Stability))
            Directory.Delete(machine.Stability, recursive: true);
        Directory.Delete(staging.Folder, recursive: true);
        Interrupt.Finished(staging.Folder);
    }

    /// <summary>BenchmarkDotNet's filter rule: a glob (<c>*</c>, <c>?</c>) on the full name, case-insensitive.</summary>
    public static bool Matches(IReadOnlyList<string> filters, string fullName) =>
        filters.Any(f => Regex.IsMatch(fullName, "^" + Regex.Escape(f).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase));
}
