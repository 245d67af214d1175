using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using DiceOffload.Bench.Cli;
using DiceOffload.Bench.Study;
using DiceOffload.Reporting.Report;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Commands;

/// <summary>
/// <c>stability</c>: reruns the study and keeps each rerun's result files under <c>results/stability/run-&lt;time&gt;/</c>,
/// then prints, for each claim of the summary, in how many runs it held. The report's methodology tables the same.
/// </summary>
/// <remarks>Exit code 0: the reruns were made; 1: a rerun failed (nothing of it is kept); 2: bad input, one line on stderr.</remarks>
internal static class StabilityCommand
{
    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var runs = new Option<int>("--runs") { Description = "how many times to rerun the study, one after another; 0 only prints the table of the reruns kept", HelpName = "count", DefaultValueFactory = _ => 1, CustomParser = ParseRuns };
        var filter = new Option<string>("--filter") { Description = "BenchmarkDotNet filter of what each rerun runs; * is the whole study, which the published report's claims need", HelpName = "glob", DefaultValueFactory = _ => "*" };
        var results = new Option<string>("--results") { Description = "the published results folder; the reruns go under the machine's stability/ folder", HelpName = "folder", DefaultValueFactory = _ => ResultsLayout.DefaultFolder };
        var machine = new Option<string?>("--machine") { Description = "the machine whose published run to check (default: this machine's default name); it must be this machine", HelpName = "name" };
        var command = new Command("stability", "Rerun the study and print, for each claim of the summary, in how many runs it held; exit code 0 when the reruns were made, 1 when one failed, 2 on bad input.")
        {
            runs, filter, results, machine,
        };
        command.SetAction((parsed, cancel) => RunAsync(parsed.GetValue(runs), parsed.GetValue(filter)!, parsed.GetValue(results)!, parsed.GetValue(machine), output ?? Console.Out, error ?? Console.Error, cancel));
        return command;
    }

    /// <summary>Parses <paramref name="args"/> (what follows <c>stability</c>) and runs it, as the program would.</summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error) =>
        CommandRunner.InvokeAsync(new RootCommand { Create(output, error) }, ["stability", .. args], error);

    private static async Task<int> RunAsync(int runs, string filter, string resultsRoot, string? machine, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        if (machine is not null && !MachineRecord.IsValidName(machine))
        {
            await error.WriteLineAsync($"--machine: '{machine}' is not a machine name; use letters, digits, '.', '-' and '_', starting with a letter or digit.");
            return ExitCodes.BadInput;
        }
        // the machine's folder under results/machines/, or the folder itself when it holds one machine's results
        string resultsFolder;
        StudyResults published;
        try
        {
            var chosen = MachineSet.Load(resultsRoot, machine).Primary;
            resultsFolder = chosen.Folder;
            published = chosen.Results;
            if (runs > 0 && !string.Equals(chosen.Name, MachineInfo.DefaultName(), StringComparison.OrdinalIgnoreCase) && machine is null)
            {
                await error.WriteLineAsync($"--machine: the reruns measure this machine ({MachineInfo.DefaultName()}), but the published run checked would be {chosen.Name}'s; give --machine with the name this machine's run was published under.");
                return ExitCodes.BadInput;
            }
        }
        catch (ResultFileException ex)
        {
            await error.WriteLineAsync($"--results: {ex.Message}");
            return ExitCodes.BadInput;
        }
        if (published.IsEmpty)
        {
            await error.WriteLineAsync($"--results: '{resultsFolder}' holds no published run to check; run the study first (dotnet run -c Release --project bench).");
            return ExitCodes.BadInput;
        }
        if (string.IsNullOrWhiteSpace(filter))
        {
            await error.WriteLineAsync("--filter: give a glob on full benchmark names, such as * or *BreakEven*.");
            return ExitCodes.BadInput;
        }
        if (runs > 0 && await RerunAsync(runs, filter, resultsFolder, output, error, cancel) is { } failure)
            return failure;

        var problems = new List<string>();
        var reruns = Stability.LoadReruns(resultsFolder, published, problems);
        foreach (string problem in problems)
            await output.WriteLineAsync($"stability: {problem}");
        var claims = Stability.Of(Claims.Of(published), reruns);
        await output.WriteLineAsync($"stability: {claims.Count} claims of the published run ({Stability.DateText(published.BenchmarkDate)}) against {reruns.Count} rerun(s)"
            + (reruns.Count > 0 ? $" ({string.Join(", ", reruns.Select(r => Stability.DateText(r.Date)))})" : "") + ":");
        foreach (var claim in claims)
        {
            string others = claim.HeldInAll ? "" : $"; otherwise {string.Join("; ", claim.OtherOutcomes)}";
            await output.WriteLineAsync($"  {claim.Published.Subject}: {claim.Published.Outcome}: held in {claim.Held} of {claim.Runs}{others}");
        }
        return 0;
    }

    private static async Task<int?> RerunAsync(int runs, string filter, string resultsFolder, TextWriter output, TextWriter error, CancellationToken cancel)
    {
#if DEBUG
        await error.WriteLineAsync("stability: a Debug build measures unoptimized code; run it with -c Release.");
        return ExitCodes.BadInput;
#else
        string? root = StudyPaths.RepositoryRoot();
        if (root is null)
        {
            await error.WriteLineAsync("stability: cannot find Bench.sln above the program or the current folder.");
            return ExitCodes.BadInput;
        }
        // the WorkerStartup benchmark starts the NativeAOT worker, as in the published study
        if (await AotWorker.EnsureBuiltAsync(root, output) is { } buildFailure)
        {
            await error.WriteLineAsync($"stability: {buildFailure}");
            return 1;
        }
        var machineRun = new RunLayout(Path.GetFullPath(resultsFolder));
        Directory.CreateDirectory(machineRun.Stability);
        string program = BenchProgram.Path;
        for (int run = 1; run <= runs; run++)
        {
            string name = ResultsLayout.RerunName(DateTime.UtcNow);
            string staging = machineRun.UnfinishedRerun(name).Folder;
            string log = staging + ".log";
            await output.WriteLineAsync($"stability: rerun {run} of {runs}, the study with --filter {filter}, into {machineRun.Rerun(name).Folder} (log: {log})");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int code;
            try
            {
                await using var writer = new StreamWriter(log);
                code = await ChildProcess.RunAsync(WorkerLaunchHost, [program, "--filter", filter, "--artifacts", staging], root, writer, cancel);
            }
            catch (OperationCanceledException)
            {
                Discard(staging, log);
                await error.WriteLineAsync("stability: stopped; the unfinished rerun was removed.");
                return 1;
            }
            if (code != 0)
            {
                Discard(staging, null);
                await error.WriteLineAsync($"stability: rerun {run} failed with exit code {code}; nothing of it was kept; its output is in {log}.");
                return 1;
            }
            Keep(staging, machineRun.Rerun(name));
            File.Delete(log);
            await output.WriteLineAsync($"stability: rerun {run} done in {clock.Elapsed:h\\:mm\\:ss}.");
        }
        return null;
#endif
    }

    private static string WorkerLaunchHost => Processes.WorkerLaunch.DotnetHostPath();

    // only what the claims are computed from: the full JSON exports and the scenario files, not the logs and tables
    private static void Keep(string staging, RunLayout target)
    {
        Directory.CreateDirectory(target.Exports);
        Directory.CreateDirectory(target.Scenarios);
        foreach (string file in Directory.EnumerateFiles(staging, "*-report-full.json", SearchOption.AllDirectories))
            File.Move(file, Path.Combine(target.Exports, Path.GetFileName(file)));
        string stagedScenarios = new RunLayout(staging).Scenarios;
        if (Directory.Exists(stagedScenarios))
        {
            foreach (string file in Directory.EnumerateFiles(stagedScenarios, "*.json"))
                File.Move(file, Path.Combine(target.Scenarios, Path.GetFileName(file)));
        }
        Directory.Delete(staging, recursive: true);
    }

    private static void Discard(string staging, string? log)
    {
        if (Directory.Exists(staging))
            Directory.Delete(staging, recursive: true);
        if (log is not null && File.Exists(log))
            File.Delete(log);
    }

    private static int ParseRuns(ArgumentResult result)
    {
        string text = string.Join(' ', result.Tokens.Select(t => t.Value));
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int runs) && runs <= 10)
            return runs;
        result.AddError($"--runs must be a whole number from 0 to 10; got '{text}'.");
        return 1;
    }
}
