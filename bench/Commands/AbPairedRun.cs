using System.Diagnostics;
using DiceOffload.Reporting.Comparison;

namespace DiceOffload.Bench.Commands;

/// <summary>How <c>ab</c>'s paired iterations are measured.</summary>
/// <param name="Looks">The numbers of pairs after which a benchmark is judged, ascending; it stops at the first that judges it.</param>
/// <param name="IterationMs">The time an iteration aims at.</param>
internal sealed record PairedSettings(IReadOnlyList<int> Looks, double IterationMs, ComparisonOptions Options);

/// <summary>
/// Measures paired iterations (<see cref="PairedIterations"/>): starts a study program of each side in <c>ab-side</c>
/// mode, and for each benchmark sets it up on both, finds how many invocations make an iteration, warms both up, then
/// alternates their iterations (A B, B A, …) until a look judges it or the last look is reached.
/// </summary>
internal sealed class AbPairedRun(TextWriter output, PairedSettings settings)
{
    /// <summary>Measures into <paramref name="folder"/>/pairs.json; null when every side answered, else one line that says what failed.</summary>
    /// <param name="only">Measure only these cases (what the first run flagged); null: every case the glob selects.</param>
    public async Task<string?> MeasureAsync(AbSideStart baseSide, AbSideStart headSide, string glob, IReadOnlySet<string>? only, string folder, string logs, CancellationToken cancel)
    {
        Directory.CreateDirectory(folder);
        string prefix = only is null ? "" : "confirming, ";
        try
        {
            await using var a = await baseSide.StartAsync(Path.Combine(logs, $"{(only is null ? "" : "confirm-")}base-side.log"), cancel);
            await using var b = await headSide.StartAsync(Path.Combine(logs, $"{(only is null ? "" : "confirm-")}head-side.log"), cancel);
            var (baseCases, baseSkipped) = await a.ListAsync(glob, cancel);
            var (headCases, headSkipped) = await b.ListAsync(glob, cancel);
            var inBase = baseCases.ToHashSet(StringComparer.Ordinal);
            var inHead = headCases.ToHashSet(StringComparer.Ordinal);
            bool Wanted(string name) => only is null || only.Contains(name);
            var both = headCases.Where(n => inBase.Contains(n) && Wanted(n)).ToList();
            // one line per class and reason, as the rounds' left-out list reads: "DynamicPgo (7 cases): why"
            var leftOut = headSkipped.Concat(baseSkipped).Where(s => Wanted(s.Name)).DistinctBy(s => s.Name, StringComparer.Ordinal)
                .GroupBy(s => (Class: PairedIterations.DisplayName(s.Name).Split('.')[0], s.Why))
                .Select(g => $"{g.Key.Class} ({g.Count()} case{(g.Count() == 1 ? "" : "s")}): {g.Key.Why}").ToList();
            if (both.Count == 0 && only is null)
                return $"the filter '{glob}' selects no benchmark that both sides can time in paired iterations.";

            var measured = new List<PairedBenchmark>();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < both.Count; i++)
            {
                var one = Stopwatch.StartNew();
                var result = await MeasureOneAsync(a, b, both[i], cancel);
                measured.Add(result);
                var row = AbComparer.ComparePairs(result, settings.Options, Alpha);
                string shift = row.Shift is { } s ? $"{s.Text} in {s.Pairs} pairs ({result.Pairs.Count - s.Pairs} dropped)" : row.Note ?? "";
                await output.WriteLineAsync($"ab: {prefix}[{i + 1}/{both.Count}] {result.DisplayName}: {shift}, {row.Verdict} ({one.Elapsed.TotalSeconds:0.0} s; {clock.Elapsed:m\\:ss} in all)");
            }
            new PairedIterations(settings.Looks, settings.IterationMs, measured,
                [.. baseCases.Where(n => !inHead.Contains(n) && Wanted(n))],
                [.. headCases.Where(n => !inBase.Contains(n) && Wanted(n))],
                leftOut).Save(Path.Combine(folder, PairedIterations.FileName));
            return null;
        }
        catch (AbSideException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>How long each side runs warm-up iterations before the pairs that count.</summary>
    public const double WarmupMs = 500;

    // enough for WarmupMs at the shortest iteration --iteration-time allows (1 ms)
    private const int MaxWarmupPairs = 1000;

    private double Alpha => PairedIterations.AlphaPerLook(settings.Options.Alpha, settings.Looks.Count);

    // sets the case up on both sides, measures it, and cleans both up: a clean-up that fails is the case's failure too;
    // a side that dies ends the run (AbSideException), and then nothing is asked of it any more
    private async Task<PairedBenchmark> MeasureOneAsync(AbSideProcess a, AbSideProcess b, string name, CancellationToken cancel)
    {
        string? baseFailure = await a.SetupAsync(name, cancel);
        string? headFailure = await b.SetupAsync(name, cancel);
        var result = baseFailure is not null || headFailure is not null
            ? Failed(name, "set-up", baseFailure, headFailure)
            : await MeasureSetUpAsync(a, b, name, cancel);
        string? baseCleanup = await a.CleanupAsync(cancel);
        string? headCleanup = await b.CleanupAsync(cancel);
        return result.Error is null && (baseCleanup is not null || headCleanup is not null)
            ? Failed(name, "clean-up", baseCleanup, headCleanup)
            : result;
    }

    private async Task<PairedBenchmark> MeasureSetUpAsync(AbSideProcess a, AbSideProcess b, string name, CancellationToken cancel)
    {
        // the first invocation of each side compiles and fills caches; the base's second sizes the iteration
        var jitA = await a.TimeAsync(1, cancel);
        var jitB = await b.TimeAsync(1, cancel);
        if (jitA.Error is not null || jitB.Error is not null)
            return Failed(name, "first invocation", jitA.Error, jitB.Error);
        double target = settings.IterationMs * 1e6;
        var single = await a.TimeAsync(1, cancel);
        if (single.Error is not null)
            return Failed(name, "pilot", single.Error, null);
        long invocations = Invocations(target, single.InvocationNs);
        // one invocation is too short to size from alone, and the first iterations still run code the JIT has not
        // optimized yet: time the estimate and correct it, up to three times; the head runs each check too, untimed,
        // so that both sides enter the warm-up equally warm
        for (int check = 0; check < 3 && invocations > 1; check++)
        {
            var checkA = await a.TimeAsync(invocations, cancel);
            var checkB = await b.TimeAsync(invocations, cancel);
            if (checkA.Error is not null || checkB.Error is not null)
                return Failed(name, "pilot", checkA.Error, checkB.Error);
            if (checkA.InvocationNs * invocations >= target / 2 && checkA.InvocationNs * invocations <= target * 2)
                break;
            invocations = Invocations(target, checkA.InvocationNs);
        }

        // warm-up pairs, not kept, until each side has run for WarmupMs: the JIT optimizes a method only once
        // calls to it have been counted after a 100 ms pause in new compilations, and then in the background, so
        // the first few hundred milliseconds of a short case run slower code
        var pairs = new List<IterationPair>();
        double warmedNs = 0;
        int? warmup = null;
        for (int k = 0; warmup is null || k < warmup + settings.Looks[^1]; k++)
        {
            bool baseFirst = k % 2 == 0;
            var first = await (baseFirst ? a : b).TimeAsync(invocations, cancel);
            var second = await (baseFirst ? b : a).TimeAsync(invocations, cancel);
            var (baseTime, headTime) = baseFirst ? (first, second) : (second, first);
            if (baseTime.Error is not null || headTime.Error is not null)
                return Failed(name, "iteration", baseTime.Error, headTime.Error) with { Invocations = invocations };
            if (warmup is null)
            {
                warmedNs += Math.Min(baseTime.InvocationNs, headTime.InvocationNs) * invocations;
                if (warmedNs >= WarmupMs * 1e6 || k + 1 == MaxWarmupPairs)
                    warmup = k + 1;
                continue;
            }
            pairs.Add(new IterationPair(baseTime.OperationNs, headTime.OperationNs, baseFirst));
            if (settings.Looks.Contains(pairs.Count)
                && AbComparer.ComparePairs(new PairedBenchmark(name, invocations, pairs), settings.Options, Alpha).IsJudged)
                break;
        }
        return new PairedBenchmark(name, invocations, pairs);
    }

    private static long Invocations(double targetNs, double nsPerInvocation) =>
        nsPerInvocation > 0 && double.IsFinite(nsPerInvocation) ? (long)Math.Clamp(Math.Ceiling(targetNs / nsPerInvocation), 1, 1e9) : 1;

    private static PairedBenchmark Failed(string name, string what, string? baseError, string? headError)
    {
        string text = (baseError, headError) switch
        {
            (not null, not null) => $"the {what} failed on both sides: {baseError}",
            (not null, null) => $"the {what} failed in the base: {baseError}",
            _ => $"the {what} failed in the head: {headError}",
        };
        return new PairedBenchmark(name, 0, [], text, ErrorInHeadOnly: baseError is null && headError is not null);
    }
}

/// <summary>How to start one side's study program for the paired iterations.</summary>
/// <param name="Label">The side as messages name it.</param>
internal sealed record AbSideStart(string Program, string WorkingDirectory, string Label)
{
    public Task<AbSideProcess> StartAsync(string logPath, CancellationToken cancel) => AbSideProcess.StartAsync(Program, WorkingDirectory, logPath, Label, cancel);
}
