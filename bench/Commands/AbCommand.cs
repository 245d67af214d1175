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
/// side by side, in paired iterations (<see cref="AbPairedRun"/>) or in interleaved rounds, and each benchmark judged
/// on its pairs: the shift, its interval, and the threshold.
/// </summary>
/// <remarks>Exit code 0: no regression among the judged; 1: a regression, or a build or run that failed; 2: bad input, one line on stderr.</remarks>
internal static partial class AbCommand
{
    public const int MinimumRounds = 3;

    /// <summary>Rounds per side when none are asked for (with <c>--pairing rounds</c>): four pairs fit the whole study's benchmarks into the pull-request gate's 30 minutes on two cores.</summary>
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
        var from = new Option<string?>("--from") { Description = "judge the pairs or rounds an earlier ab run measured into this folder, without measuring (instead of --base)", HelpName = "folder" };
        var rounds = new Option<int>("--rounds") { Description = $"interleaved rounds per side, at least {MinimumRounds}", HelpName = "count", DefaultValueFactory = _ => DefaultRounds, CustomParser = ParseRounds };
        var job = new Option<string>("--job") { Description = "the study job each round runs: short (CI), study (the published job) or dry (a smoke test)", HelpName = "short|study|dry", DefaultValueFactory = _ => "short", CustomParser = ParseJob };
        var filter = new Option<string>("--filter") { Description = "BenchmarkDotNet filter on full benchmark names; * means every benchmark (the scenarios are not compared)", HelpName = "glob", DefaultValueFactory = _ => "*" };
        var threshold = new Option<string>("--threshold") { Description = "smallest shift that counts, as a percentage", HelpName = "percent", DefaultValueFactory = _ => "10%", CustomParser = OptionParsers.Threshold };
        var alpha = new Option<double>("--alpha") { Description = "significance level of the Mann–Whitney tests, between 0 and 1", HelpName = "level", DefaultValueFactory = _ => 0.01, CustomParser = OptionParsers.Alpha };
        var inProcess = new Option<bool>("--in-process") { Description = "run every round with BenchmarkDotNet's in-process toolchain: no benchmark program is built per round, so a round starts in seconds; each benchmark then runs inside the study's process (README: Other machines says what that changes)" };
        var pairing = new Option<string>("--pairing") { Description = "what each of the head's measurements is paired with: iterations (a process of each side, their iterations alternating) or rounds (a study process per side and round)", HelpName = "iterations|rounds", DefaultValueFactory = _ => "iterations", CustomParser = ParsePairing };
        var pairs = new Option<int>("--pairs") { Description = "paired iterations: the pairs after which a benchmark is first judged, at least 3", HelpName = "count", DefaultValueFactory = _ => DefaultPairs, CustomParser = r => ParseCount(r, "--pairs", 3, 1000) };
        var maxPairs = new Option<int>("--max-pairs") { Description = "paired iterations: the pairs after which a benchmark the first look left undecided is judged again, and last (default: three times --pairs)", HelpName = "count", CustomParser = r => ParseCount(r, "--max-pairs", 3, 3000) };
        var iterationTime = new Option<double>("--iteration-time") { Description = "paired iterations: the time an iteration aims at, in milliseconds, from 1 to 10000", HelpName = "ms", DefaultValueFactory = _ => DefaultIterationMs, CustomParser = ParseIterationTime };
        var outFolder = new Option<string>("--out") { Description = "folder for the pairs or rounds, their logs, ab.md and the chart; must be new or empty when measuring", HelpName = "folder", DefaultValueFactory = _ => Path.Combine("artifacts", "ab") };

        var command = new Command("ab", "Measure a base commit (A) and this tree (B) side by side, their iterations alternating (or in interleaved rounds), and judge each benchmark on its pairs; exit code 0 when nothing regressed, 1 when something did or a run failed, 2 on bad input.")
        {
            baseRef, from, pairing, pairs, maxPairs, iterationTime, rounds, job, filter, inProcess, threshold, alpha, outFolder,
        };
        command.SetAction((parsed, cancel) => RunAsync(
            parsed.GetValue(baseRef),
            parsed.GetValue(from),
            new AbMeasuring(
                parsed.GetValue(pairing) == "rounds",
                parsed.GetValue(pairs),
                parsed.GetResult(maxPairs) is { Implicit: false } ? parsed.GetValue(maxPairs) : 3 * parsed.GetValue(pairs),
                parsed.GetValue(iterationTime),
                parsed.GetValue(rounds),
                parsed.GetValue(job)!,
                parsed.GetValue(inProcess),
                // the options that belong to the other pairing, where the command line gave them
                [.. new Option[] { pairs, maxPairs, iterationTime, rounds, job, inProcess }.Where(o => parsed.GetResult(o) is { Implicit: false }).Select(o => o.Name)]),
            parsed.GetValue(filter)!,
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

    /// <summary>How the sides are measured: the pairing, and the options of each.</summary>
    /// <param name="Given">The pairing options the command line gave, by name: those of the other pairing are refused.</param>
    private sealed record AbMeasuring(bool Rounds, int Pairs, int MaxPairs, double IterationMs, int RoundCount, string Job, bool InProcess, IReadOnlyList<string> Given);

    private static readonly string[] RoundOptions = ["--rounds", "--job", "--in-process"];

    private static async Task<int> RunAsync(string? baseRef, string? from, AbMeasuring measuring, string filter, ComparisonOptions options, string outFolder, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        if (measuring.Given.FirstOrDefault(o => RoundOptions.Contains(o) != measuring.Rounds) is { } misplaced)
        {
            await error.WriteLineAsync($"{misplaced}: applies to --pairing {(measuring.Rounds ? "iterations" : "rounds")} only; this run pairs {(measuring.Rounds ? "rounds" : "iterations")}.");
            return ExitCodes.BadInput;
        }
        if (!measuring.Rounds && measuring.MaxPairs < measuring.Pairs)
        {
            await error.WriteLineAsync($"--max-pairs: must be at least --pairs ({measuring.Pairs}); got {measuring.MaxPairs}.");
            return ExitCodes.BadInput;
        }
        int rounds = measuring.RoundCount;
        string job = measuring.Job;
        bool inProcess = measuring.InProcess;
        if ((baseRef is null) == (from is null))
        {
            await error.WriteLineAsync("ab: give either --base REF (measure) or --from FOLDER (judge rounds measured before), not both or neither.");
            return ExitCodes.BadInput;
        }
        if (from is not null)
            return Judge(from, options, output, error, "--from");

        if (filter.Any(char.IsControl))
        {
            await error.WriteLineAsync("--filter: give a glob on full benchmark names on one line, without control characters.");
            return ExitCodes.BadInput;
        }
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
        if (!measuring.Rounds)
            return await PairsAsync(run, commit, studyFilter, filter, new PairedSettings(measuring.Pairs == measuring.MaxPairs ? [measuring.Pairs] : [measuring.Pairs, measuring.MaxPairs], measuring.IterationMs, options), fullOut: fullOut, options, output, error, cancel);
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
        if (File.Exists(Path.Combine(folder, PairedIterations.FileName)))
            return JudgePairs(folder, options, output, error, option);
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
        return Write(report, folder, output, error);
    }

    private static int Write(AbReport report, string folder, TextWriter output, TextWriter error)
    {
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

    private static int ParseRounds(ArgumentResult result)
    {
        string text = string.Join(' ', result.Tokens.Select(t => t.Value));
        if (int.TryParse(text, out int rounds) && rounds >= MinimumRounds && rounds <= 50)
            return rounds;
        result.AddError($"--rounds must be a whole number from {MinimumRounds} to 50; got '{text}'.");
        return MinimumRounds;
    }

    private static string ParseJob(ArgumentResult result) => ParseChoice(result, "--job", Jobs);

    // one of a few words, whatever its case
    private static string ParseChoice(ArgumentResult result, string option, IReadOnlyList<string> choices)
    {
        string text = string.Join(' ', result.Tokens.Select(t => t.Value));
        string choice = text.Trim().ToLowerInvariant();
        if (!choices.Contains(choice))
            result.AddError($"{option} must be one of {string.Join(", ", choices)}; got '{text}'.");
        return choice;
    }
}
