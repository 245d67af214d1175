using System.CommandLine;
using System.CommandLine.Parsing;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using DiceOffload.Bench.Benchmarks;
using DiceOffload.Bench.Cli;
using DiceOffload.Bench.Study;
using DiceOffload.Reporting;
using DiceOffload.Reporting.Comparison;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Commands;

/// <summary>
/// <c>ab</c>: the regression gate that holds on a machine whose speed drifts: the base commit and the head measured
/// side by side in interleaved rounds, and each benchmark judged on its paired rounds: the shift, its interval, and the threshold.
/// </summary>
/// <remarks>Exit code 0: no regression among the judged; 1: a regression, or a build or run that failed; 2: bad input, one line on stderr.</remarks>
internal static partial class AbCommand
{
    public const int MinimumRounds = 3;

    /// <summary>Rounds per side when none are asked for: four pairs fit the whole study's benchmarks into the pull-request gate's 30 minutes on two cores.</summary>
    public const int DefaultRounds = 4;
    public const string MarkdownFile = "ab.md";
    public const string ChartFile = "ab-shift-vs-noise.png";

    /// <summary>The benchmarks the filter selected that the rounds could not measure, one line each with why.</summary>
    public const string LeftOutFile = "left-out.txt";

    // the jobs a round can run, as the study's command line names them; "study" is the study's own job
    private static readonly string[] Jobs = ["short", "study", "dry"];

    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var baseRef = new Option<string?>("--base") { Description = "the git commit, branch or tag to measure as A; the head (B) is this program's tree as built", HelpName = "ref" };
        var from = new Option<string?>("--from") { Description = "judge the rounds an earlier ab run measured into this folder, without measuring (instead of --base)", HelpName = "folder" };
        var rounds = new Option<int>("--rounds") { Description = $"interleaved rounds per side, at least {MinimumRounds}", HelpName = "count", DefaultValueFactory = _ => DefaultRounds, CustomParser = ParseRounds };
        var job = new Option<string>("--job") { Description = "the study job each round runs: short (CI), study (the published job) or dry (a smoke test)", HelpName = "short|study|dry", DefaultValueFactory = _ => "short", CustomParser = ParseJob };
        var filter = new Option<string>("--filter") { Description = "BenchmarkDotNet filter on full benchmark names; * means every benchmark (the scenarios are not compared)", HelpName = "glob", DefaultValueFactory = _ => "*" };
        var threshold = new Option<string>("--threshold") { Description = "smallest shift that counts, as a percentage", HelpName = "percent", DefaultValueFactory = _ => "10%", CustomParser = OptionParsers.Threshold };
        var alpha = new Option<double>("--alpha") { Description = "significance level of the Mann–Whitney tests, between 0 and 1", HelpName = "level", DefaultValueFactory = _ => 0.01, CustomParser = OptionParsers.Alpha };
        var inProcess = new Option<bool>("--in-process") { Description = "run every round with BenchmarkDotNet's in-process toolchain: no benchmark program is built per round, so a round starts in seconds; each benchmark then runs inside the study's process (README: Other machines says what that changes)" };
        var outFolder = new Option<string>("--out") { Description = "folder for the rounds, their logs, ab.md and the chart; must be new or empty when measuring", HelpName = "folder", DefaultValueFactory = _ => Path.Combine("artifacts", "ab") };

        var command = new Command("ab", "Measure a base commit (A) and this tree (B) side by side in interleaved rounds and judge each benchmark on its paired rounds; exit code 0 when nothing regressed, 1 when something did or a run failed, 2 on bad input.")
        {
            baseRef, from, rounds, job, filter, inProcess, threshold, alpha, outFolder,
        };
        command.SetAction((parsed, cancel) => RunAsync(
            parsed.GetValue(baseRef),
            parsed.GetValue(from),
            parsed.GetValue(rounds),
            parsed.GetValue(job)!,
            parsed.GetValue(filter)!,
            parsed.GetValue(inProcess),
            new ComparisonOptions(
                ComparisonOptions.TryParseThreshold(parsed.GetValue(threshold)!, out double percent) ? percent : throw new InvalidOperationException("--threshold was not validated."),
                parsed.GetValue(alpha)),
            parsed.GetValue(outFolder)!,
            output ?? Console.Out,
            error ?? Console.Error,
            cancel));
        return command;
    }

    /// <summary>Parses <paramref name="args"/> (what follows <c>ab</c>) and runs it, as the program would.</summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error) =>
        CommandRunner.InvokeAsync(new RootCommand { Create(output, error) }, ["ab", .. args], error);

    private static async Task<int> RunAsync(string? baseRef, string? from, int rounds, string job, string filter, bool inProcess, ComparisonOptions options, string outFolder, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        if ((baseRef is null) == (from is null))
        {
            await error.WriteLineAsync("ab: give either --base REF (measure) or --from FOLDER (judge rounds measured before), not both or neither.");
            return ExitCodes.BadInput;
        }
        if (from is not null)
            return Judge(from, options, output, error, "--from");

        if (string.IsNullOrWhiteSpace(filter))
        {
            await error.WriteLineAsync("--filter: give a glob on full benchmark names, such as * or *Dispatch*.");
            return ExitCodes.BadInput;
        }
        if (File.Exists(outFolder))
        {
            await error.WriteLineAsync($"--out: '{outFolder}' is a file; give a new or empty folder.");
            return ExitCodes.BadInput;
        }
        if (Directory.Exists(outFolder) && Directory.EnumerateFileSystemEntries(outFolder).Any())
        {
            await error.WriteLineAsync($"--out: '{outFolder}' is not empty; give a new or empty folder, so that no earlier run is mixed in or overwritten.");
            return ExitCodes.BadInput;
        }
#if DEBUG
        await error.WriteLineAsync("ab: a Debug build measures unoptimized code; run it with -c Release.");
        return ExitCodes.BadInput;
#else
        string? root = StudyPaths.RepositoryRoot();
        if (root is null)
        {
            await error.WriteLineAsync("ab: cannot find Bench.sln above the program or the current folder: the head must be a checkout of this repository.");
            return ExitCodes.BadInput;
        }
        string fullOut = Path.GetFullPath(outFolder);
        var run = new AbRun(root, fullOut, output);
        string? commit;
        try
        {
            commit = await run.ResolveAsync(baseRef!, cancel);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("ab: stopped before anything was measured.");
            return 1;
        }
        if (commit is null)
        {
            await error.WriteLineAsync($"--base: '{baseRef}' is not a commit of the repository at {root}.");
            return ExitCodes.BadInput;
        }

        // "*" would also run the scenarios, which A/B does not compare: every benchmark is the benchmarks' namespace
        string studyFilter = filter.Trim() == "*" ? "DiceOffload.Bench.Benchmarks.*" : filter;
        var (groups, leftOut) = Groups(studyFilter, inProcess);
        if (groups.Count == 0)
        {
            await error.WriteLineAsync($"--filter: '{filter}' selects no benchmark{(leftOut.Count > 0 ? " that runs in process" : "")}; give a glob on full benchmark names, such as * or *Dispatch*.");
            return ExitCodes.BadInput;
        }
        string[] jobArguments = job == "study" ? [] : ["--job", job];
        // BenchmarkDotNet's own switch, which the study passes on (the bundle's run-study.sh uses it too)
        string[] toolchainArguments = inProcess ? ["--inProcess"] : [];
        string[] studyArguments = [.. jobArguments, .. toolchainArguments];
        Directory.CreateDirectory(fullOut);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            if (await run.MeasureAsync(commit, rounds, studyArguments, groups, SelectsAotStartup(studyFilter), _ => Task.FromResult(Flagged(fullOut, options)), cancel) is { } failure)
            {
                await error.WriteLineAsync($"ab: {failure}");
                return 1;
            }
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("ab: stopped; the base's worktree was removed and no round is left running.");
            return 1;
        }
        await output.WriteLineAsync($"ab: measured {rounds} rounds per side{(inProcess ? " with the in-process toolchain" : "")} in {clock.Elapsed:h\\:mm\\:ss}.");
        AtomicFile.Write(Path.Combine(fullOut, LeftOutFile), writer => { foreach (string line in leftOut) writer.WriteLine(line); });
        return Judge(fullOut, options, output, error, "--base");
#endif
    }

    /// <summary>Whether BenchmarkDotNet's filter <paramref name="filter"/> selects the start-up benchmark of the NativeAOT worker.</summary>
    public static bool SelectsAotStartup(string filter)
    {
        var glob = new GlobFilter([filter]);
        return BenchmarkConverter.TypeToBenchmarks(typeof(WorkerStartup)).BenchmarksCases
            .Any(c => c.Descriptor.WorkloadMethod.Name == nameof(WorkerStartup.Aot) && glob.Predicate(c));
    }

    /// <summary>Loads every round under <paramref name="folder"/>, compares, writes ab.md and the chart there, prints the table; returns the exit code.</summary>
    /// <param name="option">The option a problem with the rounds is blamed on: <c>--from</c> for rounds measured before, <c>--base</c> for rounds just measured.</param>
    public static int Judge(string folder, ComparisonOptions options, TextWriter output, TextWriter error, string option)
    {
        List<BenchmarkRun> baseRounds, headRounds;
        try
        {
            baseRounds = LoadRounds(folder, AbSide.Base);
            headRounds = LoadRounds(folder, AbSide.Head);
        }
        catch (ResultFileException ex)
        {
            error.WriteLine($"{option}: {ex.Message}");
            return ExitCodes.BadInput;
        }
        if (baseRounds.Count < 2 || headRounds.Count < 2)
        {
            error.WriteLine($"{option}: '{folder}' holds {baseRounds.Count} base and {headRounds.Count} head round(s) (base/round-N, head/round-N); the interval needs at least two rounds of each side, paired by number.");
            return ExitCodes.BadInput;
        }
        var all = baseRounds.Concat(headRounds).ToList();
        if (all.Skip(1).Select(r => RunComparer.JobMismatch(all[0], r)).OfType<string>().FirstOrDefault() is { } mismatch)
        {
            error.WriteLine($"{option}: {mismatch}");
            return ExitCodes.BadInput;
        }

        string leftOutPath = Path.Combine(folder, LeftOutFile);
        var report = AbComparer.Compare(baseRounds, headRounds, options) with
        {
            LeftOut = File.Exists(leftOutPath) ? [.. File.ReadAllLines(leftOutPath).Where(l => l.Length > 0)] : [],
        };
        // what the first rounds flagged stands only where the rounds measured to confirm it flag it again
        string confirmFolder = Path.Combine(folder, AbRun.ConfirmFolder);
        if (Directory.Exists(confirmFolder))
        {
            try
            {
                report = AbComparer.Confirm(report, AbComparer.Compare(LoadRounds(confirmFolder, AbSide.Base), LoadRounds(confirmFolder, AbSide.Head), options));
            }
            catch (ResultFileException ex)
            {
                error.WriteLine($"{option}: {ex.Message}");
                return ExitCodes.BadInput;
            }
        }
        try
        {
            string? chart = AbTable.WriteChart(report, Path.Combine(folder, ChartFile));
            AtomicFile.Write(Path.Combine(folder, MarkdownFile), writer => AbTable.WriteMarkdown(report, writer, chart is null ? null : ChartFile));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"--out: '{folder}' cannot be written: {ex.Message}");
            return ExitCodes.BadInput;
        }
        AbTable.WriteText(report, output);
        output.WriteLine($"ab: wrote {Path.Combine(folder, MarkdownFile)}.");
        return report.HasRegressions ? CompareCommand.Regression : CompareCommand.NoRegression;
    }

    // round-1, round-2, … in order; a folder that is there but holds no export is an error, not a skipped round
    private static List<BenchmarkRun> LoadRounds(string folder, AbSide side)
    {
        string sideFolder = Path.GetDirectoryName(AbRun.RoundFolder(folder, side, 1))!;
        if (!Directory.Exists(sideFolder))
            return [];
        var roundFolders = Directory.GetDirectories(sideFolder, "round-*")
            .Select(path => (Path: path, Number: int.TryParse(Path.GetFileName(path)["round-".Length..], out int n) ? n : -1))
            .Where(r => r.Number > 0)
            .OrderBy(r => r.Number);
        return [.. roundFolders.Select(r => BenchmarkRunLoader.Load(r.Path))];
    }

    private static int ParseRounds(ArgumentResult result)
    {
        string text = string.Join(' ', result.Tokens.Select(t => t.Value));
        if (int.TryParse(text, out int rounds) && rounds >= MinimumRounds && rounds <= 50)
            return rounds;
        result.AddError($"--rounds must be a whole number from {MinimumRounds} to 50; got '{text}'.");
        return MinimumRounds;
    }

    private static string ParseJob(ArgumentResult result)
    {
        string text = string.Join(' ', result.Tokens.Select(t => t.Value));
        string job = text.Trim().ToLowerInvariant();
        if (!Jobs.Contains(job))
            result.AddError($"--job must be one of {string.Join(", ", Jobs)}; got '{text}'.");
        return job;
    }
}
