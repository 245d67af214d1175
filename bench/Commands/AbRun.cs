using System.Diagnostics;
using DiceOffload.Bench.Cli;
using DiceOffload.Processes;
using DiceOffload.Reporting.Comparison;

namespace DiceOffload.Bench.Commands;

/// <summary>
/// Measures an A/B comparison: checks the base commit out into a temporary git worktree, builds it, then runs the
/// study's benchmarks for the base and the head (this program's own tree, built before it started) in interleaved
/// rounds, each round of each side a separate study process writing into its own folder.
/// </summary>
/// <remarks>The worktree is removed and every process it started is stopped when the run ends, however it ends.</remarks>
internal sealed class AbRun(string headRoot, string outFolder, TextWriter output)
{
    public const string BaseFolder = "base";
    public const string HeadFolder = "head";
    public const string LogFolder = "logs";

    /// <summary>Where the rounds that confirm what the first rounds flagged go, laid out as the first rounds are.</summary>
    public const string ConfirmFolder = "confirm";

    /// <summary>The folder of one round of one side under an A/B output folder.</summary>
    public static string RoundFolder(string outFolder, AbSide side, int round) =>
        Path.Combine(outFolder, side == AbSide.Base ? BaseFolder : HeadFolder, $"round-{round}");

    /// <summary>Resolves <paramref name="reference"/> to a commit of the head's repository; null when it names none.</summary>
    public async Task<string?> ResolveAsync(string reference, CancellationToken cancel)
    {
        var (code, text) = await ChildProcess.CaptureAsync("git", ["-C", headRoot, "rev-parse", "--verify", "--quiet", reference + "^{commit}"], cancel);
        return code == 0 && text.Trim() is { Length: 40 } sha ? sha : null;
    }

    /// <summary>Builds the base, runs the rounds; returns null when every run succeeded, else one line that says what failed.</summary>
    /// <param name="studyArguments">What each study process gets besides <c>--filter</c> and <c>--artifacts</c>: the job and the toolchain.</param>
    /// <param name="groups">What a round runs, one study process per group and side, the base's and the head's of a group
    /// next to each other: one group for the whole filter, or one per benchmark class, each with its <c>--filter</c> patterns.</param>
    /// <param name="buildAot">Whether the rounds run the NativeAOT worker's start-up benchmark, which starts the worker of its own tree.</param>
    /// <param name="confirmation">After the rounds: what they flagged, to be measured again in as many rounds of its own (none: nothing to confirm).</param>
    public Task<string?> MeasureAsync(string baseCommit, int rounds, IReadOnlyList<string> studyArguments, IReadOnlyList<AbGroup> groups, bool buildAot,
        Func<CancellationToken, Task<IReadOnlyList<AbGroup>>>? confirmation, CancellationToken cancel) =>
        WithBaseAsync(baseCommit, buildAot, async (baseProgram, worktree) =>
        {
            string logs = Path.Combine(outFolder, LogFolder);
            string headProgram = BenchProgram.Path;
            async Task<string?> RoundsAsync(string root, int count, IReadOnlyList<AbGroup> what)
            {
                bool confirming = root != outFolder;
                foreach (var (round, index, side) in Interleave(count, what.Count))
                {
                    var group = what[index];
                    string folder = group.IsWholeFilter ? RoundFolder(root, side, round) : Path.Combine(RoundFolder(root, side, round), group.Name);
                    string name = $"{(confirming ? "confirm-" : "")}{(side == AbSide.Base ? "base" : "head")}-round-{round}{(group.IsWholeFilter ? "" : "-" + group.Name)}";
                    string program = side == AbSide.Base ? baseProgram : headProgram;
                    string tree = side == AbSide.Base ? worktree : headRoot;
                    if (await StepAsync($"{(confirming ? "confirming, " : "")}round {round}{(group.IsWholeFilter ? "" : ", " + group.Name)}, {(side == AbSide.Base ? "base (A)" : "head (B)")}", Dotnet,
                            [program, .. studyArguments, "--filter", .. group.Patterns, "--artifacts", folder], tree, Path.Combine(logs, name + ".log"), cancel) is { } roundFailure)
                        return roundFailure;
                }
                return null;
            }

            if (await RoundsAsync(outFolder, rounds, groups) is { } failure)
                return failure;
            if (confirmation is not null && await confirmation(cancel) is { Count: > 0 } flagged)
            {
                await output.WriteLineAsync($"ab: confirming what the rounds flagged in {rounds} more rounds of its own ({string.Join(", ", flagged.Select(g => g.Name))})");
                if (await RoundsAsync(Path.Combine(outFolder, ConfirmFolder), rounds, flagged) is { } confirmFailure)
                    return confirmFailure;
            }
            return null;
        }, cancel);

    /// <summary>Builds the base, measures paired iterations of every case <paramref name="glob"/> selects into the output
    /// folder, then, in a new pair of processes, again those that <paramref name="flagged"/> finds flagged, into its
    /// <see cref="ConfirmFolder"/>; returns null when everything ran, else one line that says what failed.</summary>
    public Task<string?> MeasurePairsAsync(string baseCommit, string glob, bool buildAot, PairedSettings settings,
        Func<IReadOnlySet<string>> flagged, CancellationToken cancel) =>
        WithBaseAsync(baseCommit, buildAot, async (baseProgram, worktree) =>
        {
            string logs = Path.Combine(outFolder, LogFolder);
            var run = new AbPairedRun(output, settings);
            var baseSide = new AbSideStart(baseProgram, worktree, "the base (A)");
            var headSide = new AbSideStart(BenchProgram.Path, headRoot, "the head (B)");
            await output.WriteLineAsync($"ab: paired iterations of {settings.IterationMs:0.###} ms, looks at {string.Join(" and ", settings.Looks)} pairs ({DateTime.UtcNow:HH:mm:ss} UTC)");
            if (await run.MeasureAsync(baseSide, headSide, glob, null, outFolder, logs, cancel) is { } failure)
                return failure;
            if (flagged() is { Count: > 0 } again)
            {
                await output.WriteLineAsync($"ab: confirming what the pairs flagged in a new process of each side ({again.Count} benchmark{(again.Count == 1 ? "" : "s")})");
                if (await run.MeasureAsync(baseSide, headSide, glob, again, Path.Combine(outFolder, ConfirmFolder), logs, cancel) is { } confirmFailure)
                    return confirmFailure;
            }
            return null;
        }, cancel);

    // checks the base out into a worktree, builds it (and both NativeAOT workers when asked), runs the measuring with the
    // base's study program and its tree, and removes the worktree however that ends
    private async Task<string?> WithBaseAsync(string baseCommit, bool buildAot, Func<string, string, Task<string?>> measure, CancellationToken cancel)
    {
        string logs = Path.Combine(outFolder, LogFolder);
        Directory.CreateDirectory(logs);
        string worktree = Path.Combine(Path.GetTempPath(), "dice-offload-ab-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            await output.WriteLineAsync($"ab: checking out the base {baseCommit[..12]} into {worktree}");
            var (added, addText) = await ChildProcess.CaptureAsync("git", ["-C", headRoot, "worktree", "add", "--detach", worktree, baseCommit], cancel);
            if (added != 0)
                return $"git worktree add failed: {addText.Trim()}";

            // the study program and what it references (the workload, the worker, the reporting); the tests are not run
            // no MSBuild or compiler servers left behind: they would hold the output pipes open and run beside the rounds
            if (await StepAsync("build the base", Dotnet, ["build", Path.Combine(worktree, "bench", "Bench.csproj"), "-c", "Release", "-nologo", "--disable-build-servers"], worktree, Path.Combine(logs, "base-build.log"), cancel) is { } buildFailure)
                return buildFailure;
            if (buildAot)
            {
                // the WorkerStartup benchmark starts the NativeAOT worker of its own tree
                string[] aot = [.. WorkerLaunch.AotBuildCommand.Split(' ')[1..], "--disable-build-servers"];
                if (await StepAsync("build the base's NativeAOT worker", Dotnet, aot, worktree, Path.Combine(logs, "base-aot.log"), cancel) is { } aotFailure)
                    return aotFailure;
                if (await StepAsync("bring the head's NativeAOT worker up to date", Dotnet, aot, headRoot, Path.Combine(logs, "head-aot.log"), cancel) is { } headAotFailure)
                    return headAotFailure;
            }
            else
            {
                await output.WriteLineAsync("ab: the filter selects no NativeAOT worker start-up, so no NativeAOT worker is built");
            }

            string baseProgram = Path.Combine(worktree, "bench", "bin", "Release", "net10.0", "Bench.dll");
            if (!File.Exists(baseProgram))
                return $"the base built, but its study program is not at {baseProgram}.";
            return await measure(baseProgram, worktree);
        }
        finally
        {
            // not cancellable: the worktree goes whatever stopped the run
            await ChildProcess.CaptureAsync("git", ["-C", headRoot, "worktree", "remove", "--force", worktree], CancellationToken.None);
            await ChildProcess.CaptureAsync("git", ["-C", headRoot, "worktree", "prune"], CancellationToken.None);
            if (Directory.Exists(worktree))
                Directory.Delete(worktree, recursive: true);
        }
    }

    /// <summary>The order of an A/B run's study processes: in each round every group runs for both sides back to back, A
    /// first where the round and the group's index add up to an even number, B first otherwise, so that neither side
    /// always runs first (after a build, on a warmer machine) and a drift that both sides of a pair share cancels.</summary>
    public static IReadOnlyList<(int Round, int Group, AbSide Side)> Interleave(int rounds, int groups)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groups);
        return [.. from round in Enumerable.Range(1, rounds)
                   from g in Enumerable.Range(0, groups)
                   from side in (round + g) % 2 == 1 ? new[] { AbSide.Base, AbSide.Head } : [AbSide.Head, AbSide.Base]
                   select (round, g, side)];
    }

    private static string Dotnet => WorkerLaunch.DotnetHostPath();

    // runs one step with its output in a log file, and says how long it took
    private async Task<string?> StepAsync(string what, string program, IReadOnlyList<string> arguments, string workingDirectory, string logPath, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        await output.WriteLineAsync($"ab: {what} ({DateTime.UtcNow:HH:mm:ss} UTC)");
        await using (var log = new StreamWriter(logPath))
        {
            int code = await ChildProcess.RunAsync(program, arguments, workingDirectory, log, cancel);
            if (code != 0)
                return $"{what} failed with exit code {code}; its output is in {logPath}.";
        }
        await output.WriteLineAsync($"ab: {what}: done in {clock.Elapsed:m\\:ss}");
        return null;
    }
}
