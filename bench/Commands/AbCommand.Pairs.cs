using System.CommandLine.Parsing;
using DiceOffload.Bench.Cli;
using DiceOffload.Reporting.Comparison;
using DiceOffload.Reporting.Results;

namespace DiceOffload.Bench.Commands;

/// <summary><c>ab</c>'s paired iterations (the default pairing): measuring them, judging them, and their options.</summary>
internal static partial class AbCommand
{
    /// <summary>The first look of the paired iterations when none is asked for, in pairs.</summary>
    public const int DefaultPairs = 12;

    /// <summary>The last look when none is asked for: three times the first.</summary>
    public const int DefaultMaxPairs = 36;

    /// <summary>The time an iteration aims at when none is asked for, in milliseconds.</summary>
    public const double DefaultIterationMs = 50;

    private static readonly string[] Pairings = ["iterations", "rounds"];

    private static async Task<int> PairsAsync(AbRun run, string commit, string studyFilter, string filter, PairedSettings settings, string fullOut, ComparisonOptions options, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        // what the sides cannot time (DynamicPgo) is what the in-process rounds cannot run either
        if (Groups(studyFilter, inProcess: true).Groups.Count == 0)
        {
            await error.WriteLineAsync($"--filter: '{filter}' selects no benchmark that paired iterations can time; give a glob on full benchmark names, such as * or *Dispatch*.");
            return ExitCodes.BadInput;
        }
        Directory.CreateDirectory(fullOut);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            if (await run.MeasurePairsAsync(commit, studyFilter, SelectsAotStartup(studyFilter), settings, () => FlaggedPairs(fullOut, options), cancel) is { } failure)
            {
                await error.WriteLineAsync($"ab: {failure}");
                return 1;
            }
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("ab: stopped; the base's worktree was removed and both sides' processes were stopped.");
            return 1;
        }
        await output.WriteLineAsync($"ab: measured paired iterations in {clock.Elapsed:h\\:mm\\:ss}.");
        return Judge(fullOut, options, output, error, "--base");
    }

    // judges paired iterations, and holds what they flagged to the confirming pairs where there are some
    private static int JudgePairs(string folder, ComparisonOptions options, TextWriter output, TextWriter error, string option)
    {
        AbReport report;
        try
        {
            report = PairedIterations.Load(Path.Combine(folder, PairedIterations.FileName)).Judge(options);
            string confirm = Path.Combine(folder, AbRun.ConfirmFolder, PairedIterations.FileName);
            if (File.Exists(confirm))
                report = AbComparer.Confirm(report, PairedIterations.Load(confirm).Judge(options));
        }
        catch (ResultFileException ex)
        {
            error.WriteLine($"{option}: {ex.Message}");
            return ExitCodes.BadInput;
        }
        return Write(report, folder, output, error);
    }

    /// <summary>The paired iterations' benchmarks under <paramref name="folder"/> flagged slower or faster: what a new pair of processes measures again.</summary>
    public static IReadOnlySet<string> FlaggedPairs(string folder, ComparisonOptions options)
    {
        try
        {
            return PairedIterations.Load(Path.Combine(folder, PairedIterations.FileName)).Judge(options).Benchmarks
                .Where(b => b.Verdict is AbVerdict.Slower or AbVerdict.Faster).Select(b => b.FullName).ToHashSet(StringComparer.Ordinal);
        }
        catch (ResultFileException)
        {
            return new HashSet<string>();   // the judging afterwards names the file
        }
    }

    private static int ParseCount(ArgumentResult result, string name, int least, int most)
    {
        string text = string.Join(' ', result.Tokens.Select(t => t.Value));
        if (int.TryParse(text, out int count) && count >= least && count <= most)
            return count;
        result.AddError($"{name} must be a whole number from {least} to {most}; got '{text}'.");
        return least;
    }

    private static double ParseIterationTime(ArgumentResult result)
    {
        string text = string.Join(' ', result.Tokens.Select(t => t.Value));
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double ms) && ms >= 1 && ms <= 10_000)
            return ms;
        result.AddError($"--iteration-time must be a number of milliseconds from 1 to 10000; got '{text}'.");
        return DefaultIterationMs;
    }

    private static string ParsePairing(ArgumentResult result) => ParseChoice(result, "--pairing", Pairings);
}
