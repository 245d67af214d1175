using DiceOffload.Reporting.Comparison;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using Perfolizer.Horology;
using Perfolizer.Mathematics.Common;
using Perfolizer.Metrology;

namespace DiceOffload.Reporting.Report;

/// <summary>What the Mann–Whitney test says of one case against another.</summary>
public enum Difference
{
    Faster,
    Slower,
    NotDistinguishable,
    /// <summary>Too few measurements for the test at the study's significance level.</summary>
    TooFewMeasurements,
}

/// <summary>One conclusion the summary draws, in a form that another run of the study can be checked against.</summary>
/// <param name="Id">Stable across runs: the same claim of two runs has the same id.</param>
/// <param name="Subject">What the claim is about, for the stability table.</param>
/// <param name="Outcome">What it concluded, in words; two runs agree on the claim when their outcomes are equal.</param>
/// <param name="Figure">The figures behind it in this run, with their intervals; they may differ between runs that agree.</param>
public sealed record Claim(string Id, string Subject, string Outcome, string Figure);

/// <summary>A test's verdict on one case against another.</summary>
/// <param name="Difference">Faster, slower, not distinguishable, or too few measurements to tell.</param>
/// <param name="PValue">The two-sided p-value behind it (the largest of the tests made, where launches were tested too).</param>
/// <param name="LaunchesTested">Whether the verdict was also required between every pair of launches.</param>
public sealed record CaseVerdict(Difference Difference, double PValue, bool LaunchesTested);

/// <summary>
/// The summary's conclusions, each decided by a test rather than by comparing medians: a strategy is faster than
/// another only when the Mann–Whitney tests of <see cref="Test"/> say so at <see cref="Alpha"/>; otherwise the two are
/// not distinguishable here.
/// </summary>
public static partial class Claims
{
    /// <summary>A flag for a speedup above what the hardware allows against a one-core inline loop (the workers, at most
    /// the cores): empty when within it, else a clause that says so, for the place the figure stands. Give it the
    /// interval's lower end where the figure has one, so that only a speedup the data put above the ideal is flagged.</summary>
    public static string AboveIdeal(double speedup, double workers, int cores)
    {
        double ideal = Math.Min(workers, Math.Max(cores, 1));
        return speedup > ideal
            ? $" (above the ideal of {ReportFormat.Ratio(ideal)}: no strategy can do the work in less CPU time than inline, so the excess is not parallel speedup; its cause, the machine's drift between the cases or a slower loop on the calling thread, is not isolated here)"
            : "";
    }

    /// <summary>
    /// A speedup above its ideal, flagged. The margin is the inline baseline's own spread between its runs
    /// (<paramref name="spread"/>, a fraction): the same loop in another process differs by that much, so only an excess
    /// beyond it, in the slowest run against the fastest baseline (<paramref name="lowest"/>), is put down to the data.
    /// Beyond what the workers and cores allow, nothing but a slower baseline can explain it; beyond a quota's average
    /// rate, a job a few periods long can be, since each period's budget can be spent on all its workers at once before
    /// the throttle stops them; within the margin, the flag says so.
    /// </summary>
    public static string AboveQuotaIdeal(double speedup, double lowest, double ideal, double cores, bool quota, double spread)
    {
        if (speedup <= ideal)
            return "";
        if (lowest > cores * (1 + spread))
            return " ⚑ above what its workers and the cores allow, even in its slowest run against the fastest inline run";
        if (quota && lowest > ideal * (1 + spread))
            return " ⚑ above the quota's average rate in every run: a job a few periods long can spend each period's budget on all its workers at once before the throttle stops them";
        return $" ⚑ above the ideal by no more than the inline runs' own spread ({ReportFormat.Percent(spread)})";
    }

    /// <summary>
    /// A flag for a speedup with an interval: the clause of <see cref="AboveIdeal(double, double, int)"/> when the
    /// interval's lower end is above the ideal, a milder one when only the estimate is, else empty. A figure above the
    /// ideal is never left standing without a word.
    /// </summary>
    public static string AboveIdeal(RatioShift speedup, double workers, int cores)
    {
        ArgumentNullException.ThrowIfNull(speedup);
        if (AboveIdeal(speedup.Lower, workers, cores) is { Length: > 0 } beyondDoubt)
            return beyondDoubt;
        double ideal = Math.Min(workers, Math.Max(cores, 1));
        return speedup.Estimate > ideal
            ? $" (above the ideal of {ReportFormat.Ratio(ideal)} as an estimate only: its interval reaches down to the ideal, so the data do not put it above; an inline case slowed by the machine's drift raises such an estimate)"
            : "";
    }

    /// <summary>The flag of <see cref="AboveIdeal(RatioShift, double, int)"/> in a few words, for the summary and the
    /// guide: empty within the ideal; else whether the interval or only the estimate lies above it.</summary>
    public static string AboveIdealShort(RatioShift speedup, double workers, int cores)
    {
        ArgumentNullException.ThrowIfNull(speedup);
        double ideal = Math.Min(workers, Math.Max(cores, 1));
        return speedup.Lower > ideal ? $" ⚑ above the ideal {ReportFormat.Ratio(ideal)} even at its interval's lower end: not parallel speedup, and its cause is not isolated here"
            : speedup.Estimate > ideal ? $" (above the ideal {ReportFormat.Ratio(ideal)} as an estimate only; its interval reaches below it)"
            : "";
    }

    public static string Words(Difference difference) => difference switch
    {
        Difference.Faster => "faster",
        Difference.Slower => "slower",
        Difference.NotDistinguishable => "not distinguishable",
        _ => "too few measurements to tell",
    };

    /// <summary>A verdict against another case in words: <c>faster than inline</c>, <c>not distinguishable from inline</c>.</summary>
    public static string Versus(Difference difference, string other) => difference switch
    {
        Difference.Faster => $"faster than {other}",
        Difference.Slower => $"slower than {other}",
        Difference.NotDistinguishable => $"not distinguishable from {other}",
        _ => $"too close to {other} to tell with so few measurements",
    };

    /// <summary>How many times faster <paramref name="x"/> is than <paramref name="y"/>: the Hodges–Lehmann ratio y/x with its interval.</summary>
    public static RatioShift? Speedup(BenchmarkResult x, BenchmarkResult y) => RatioShift.Of(x.MeasurementsNs, y.MeasurementsNs);

    /// <summary>A speedup as text: <c>1.97×, 99% interval 1.93–2.01×</c>; the interval's own coverage where the samples were too small for 99%.</summary>
    public static string SpeedupText(RatioShift speedup) =>
        $"{ReportFormat.Ratio(speedup.Estimate)}, {IntervalText(speedup)}";

    /// <summary>A ratio for a table cell: <c>1.97× (1.94–1.99×)</c> with the 99% interval, or <c>1.97× (90% interval 1.80–2.10×)</c> where the samples were too small for 99%.</summary>
    public static string RatioCell(RatioShift shift)
    {
        ArgumentNullException.ThrowIfNull(shift);
        return shift.Coverage >= RatioShift.Level
            ? $"{ReportFormat.Ratio(shift.Estimate)} ({ReportFormat.Ratio(shift.Lower)[..^1]}–{ReportFormat.Ratio(shift.Upper)})"
            : $"{ReportFormat.Ratio(shift.Estimate)} ({IntervalText(shift)})";
    }

    /// <summary>A speedup in a sentence: <c>11.5× as fast (99% interval 10.8–14.1×)</c>; <paramref name="how"/> replaces "as fast".</summary>
    public static string AsFast(RatioShift speedup, string how = "as fast")
    {
        ArgumentNullException.ThrowIfNull(speedup);
        return $"{ReportFormat.Ratio(speedup.Estimate)} {how} ({IntervalText(speedup)})";
    }

    private static string IntervalText(RatioShift shift)
    {
        double coverage = Math.Min(shift.Coverage, RatioShift.Level);   // the interval covers at least the level asked for
        return $"{(coverage * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}% interval {ReportFormat.Ratio(shift.Lower)[..^1]}–{ReportFormat.Ratio(shift.Upper)}";
    }

    /// <summary>Where <paramref name="method"/> starts to beat inline on the BreakEven cases.</summary>
    /// <returns>The smallest size from which it is faster at that size and every larger one, with the verdict at the
    /// size below; when it is not faster at the largest size, null and the largest size with its verdict.</returns>
    public static (BenchmarkResult? From, BenchmarkResult? Below, Difference BelowVerdict) BreakEven(IReadOnlyList<BenchmarkResult> cases, string method)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var sizes = cases.Where(c => c.Method == method).OrderBy(c => c.Number(ExperimentParameters.Throws))
            .Select(c => (Case: c, Verdict: ReportMath.Inline(cases, c) is { } inline ? Compare(c, inline) : Difference.TooFewMeasurements))
            .ToList();
        int from = sizes.Count;
        while (from > 0 && sizes[from - 1].Verdict == Difference.Faster)
            from--;
        if (from == sizes.Count)
            return (null, sizes.Count > 0 ? sizes[^1].Case : null, sizes.Count > 0 ? sizes[^1].Verdict : Difference.TooFewMeasurements);
        return from == 0 ? (sizes[0].Case, null, Difference.Faster) : (sizes[from].Case, sizes[from - 1].Case, sizes[from - 1].Verdict);
    }

    /// <summary>A break-even as the summary and the stability table word it: <c>faster from 1,000,000 throws (not distinguishable at 100,000)</c>.</summary>
    public static string BreakEvenText(IReadOnlyList<BenchmarkResult> cases, string method)
    {
        var (from, below, verdict) = BreakEven(cases, method);
        if (from is null)
            return below is null ? "not measured" : $"not faster at the largest size, {ReportFormat.Throws(below)} throws ({Words(verdict)} there)";
        return below is null
            ? $"faster from {ReportFormat.Throws(from)} throws, the smallest size measured"
            : $"faster from {ReportFormat.Throws(from)} throws ({Words(verdict)} at {ReportFormat.Throws(below)})";
    }

    /// <summary>Every claim of one run's results, in the summary's order.</summary>
    public static IReadOnlyList<Claim> Of(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var claims = new List<Claim>();
        int cores = results.Cores;

        if (ReportMath.LargestJob(results.Experiment(Experiments.Throughput)) is { Count: > 0 } job && cores > 1)
        {
            var atCores = job.With(ExperimentParameters.Workers, cores).ToList();
            if (atCores.Method(Experiments.Inline) is { } inline)
            {
                foreach (var c in atCores.Where(c => c.Method != Experiments.Inline))
                {
                    var difference = Compare(c, inline);
                    string figure = Speedup(c, inline) is { } s ? SpeedupText(s) + AboveIdeal(s, cores, cores) : "n/a";
                    claims.Add(new Claim($"speedup:{c.Method}", $"{Cases.StrategyName(c.Method)} on {cores} workers vs inline, {ReportFormat.Throws(c)} throws", Words(difference), figure));
                }
            }
        }

        if (InlineUnderEachKernel(results) is { } kernels)
        {
            string figure = Speedup(kernels.Vector, kernels.Scalar) is { } s ? SpeedupText(s) : "n/a";
            claims.Add(new Claim("kernel:vector", $"the vector kernel vs the scalar one, inline, {ReportFormat.Throws(kernels.Vector)} throws on one core", Words(Compare(kernels.Vector, kernels.Scalar)), figure));
        }

        var breakEven = results.Experiment(Experiments.BreakEven);
        foreach (string method in breakEven.Methods().Where(m => m != Experiments.Inline))
        {
            var (from, _, _) = BreakEven(breakEven, method);
            string figure = from is not null && ReportMath.Inline(breakEven, from) is { } inline ? ReportFormat.Pair(from, inline) : "";
            claims.Add(new Claim($"break-even:{method}", $"{Cases.StrategyName(method)} beats inline on {cores} workers", BreakEvenText(breakEven, method), figure));
        }

        var dispatch = results.Experiment(Experiments.Dispatch).Where(c => c.Method != Experiments.Inline).OrderBy(c => c.MedianNs).ToList();
        if (dispatch.Count >= 2)
        {
            claims.Add(Extreme("dispatch:cheapest", "cheapest one-throw hand-off", dispatch[0], dispatch[1]));
            claims.Add(Extreme("dispatch:dearest", "dearest one-throw hand-off", dispatch[^1], dispatch[^2]));
        }
        if (Reuse(dispatch) is { } reuse)
        {
            string figure = Speedup(reuse.Pool, reuse.Process) is { } s ? SpeedupText(s) : "n/a";
            claims.Add(new Claim("dispatch:reuse", "process pool's hand-off vs starting a process", Words(Compare(reuse.Pool, reuse.Process)), figure));
        }

        if (results.CurrentResponsiveness() is { } responsiveness)
        {
            if (Heartbeats(responsiveness) is { } heartbeats)
            {
                // a set of strategies: named in a fixed order, so that two runs that found the same set agree
                claims.Add(new Claim("responsiveness:best", $"lowest heartbeat p99 with the job on {ReportFormat.Workers(heartbeats.Workers)}", string.Join(" or ", heartbeats.Lowest.Select(r => r.Strategy).Order(StringComparer.Ordinal)),
                    $"p99 {ReportFormat.Ms(heartbeats.Lowest[0].P99LatenessMs)}; inline's max {ReportFormat.Ms(heartbeats.Stalled.MaxLatenessMs)}"));
            }
            var waits = responsiveness.ByWait().ToList();
            if (waits.FirstOrDefault(r => r.Wait == responsiveness.DefaultWait) is { } blocking
                && waits.Where(r => r.Strategy == blocking.Strategy && r.Workers == blocking.Workers).OrderBy(r => r.P99LatenessMs).LastOrDefault() is { } worst && worst != blocking)
            {
                string outcome = worst.P99LatenessMs > blocking.P99LatenessMs ? $"`{worst.Wait}` worse than `{blocking.Wait}`" : $"no wait worse than `{blocking.Wait}`";
                claims.Add(new Claim("responsiveness:wait", $"the loop's wait, {blocking.Strategy} on {ReportFormat.Workers(blocking.Workers)}", outcome,
                    $"p99 {ReportFormat.Ms(worst.P99LatenessMs)} vs {ReportFormat.Ms(blocking.P99LatenessMs)}"));
            }
        }

        if (results.Server is { Runs.Count: > 0 } server)
        {
            if (ServerEveryCore(server) is { Count: > 0 } everyCore)
            {
                // sets of strategies, named in a fixed order so that two runs that found the same set agree
                static string Names(IEnumerable<ServerRun> runs) => runs.Any() ? ReportFormat.List([.. runs.Select(r => r.Label).Order(StringComparer.Ordinal)]) : "none";
                claims.Add(new Claim("server:responsive", $"/ping p99 under {ReportFormat.Ms(ResponsiveP99Ms)} with one heavy /roll on every core",
                    Names(everyCore.Where(r => r.P99Ms < ResponsiveP99Ms)), string.Join("; ", everyCore.OrderBy(r => r.P99Ms).Select(r => $"{r.Label} {ReportFormat.Ms(r.P99Ms)}"))));
                claims.Add(new Claim("server:starved", $"/ping p99 of {ReportFormat.Ms(StarvedP99Ms)} or more with one heavy /roll on every core",
                    Names(everyCore.Where(r => r.P99Ms >= StarvedP99Ms)), ""));
            }
        }

        if (results.Server?.Remedies is { Count: > 0 } remedies)
        {
            var fix = Sections.ServerRemediesSection.CheapestFor(remedies, "thread-pool");
            claims.Add(new Claim("server:remedy", "the cheapest fix that kept thread-pool's /ping p99 near the idle server's", fix is { } f ? $"`{f.Remedy}`" : "none held",
                fix is { } g ? $"p99 {ReportFormat.Ms(g.P99Ms)}, limit {ReportFormat.Ms(g.LimitMs)}" : ""));
        }

        if (QuotaContrast.Of(results.Quota) is { } quota)
        {
            claims.Add(new Claim("quota:whole-cpus", $"/ping p99 at a {ReportFormat.Cpus(quota.Cpus)}-CPU quota, {ReportFormat.Workers(quota.WholeWorkers)} (its whole CPUs) vs {quota.CountWorkers} (`ProcessorCount`)",
                RunsApart.Verdict(quota.Verdict), $"p99 {ReportFormat.Ms(RunsApart.Median(quota.WholeP99Ms))} vs {ReportFormat.Ms(RunsApart.Median(quota.CountP99Ms))}"));
        }

        if (results.Race is { } race && race.Runs.FirstOrDefault(r => r.Method == "unsynchronized") is { } unsynchronized)
        {
            double lost = ReportMath.Median(unsynchronized.LostUpdates);
            bool othersExact = race.Runs.Where(r => r != unsynchronized).All(r => r.LostUpdates.All(l => l == 0));
            string outcome = (lost > 0 ? "unsynchronized loses updates" : "unsynchronized lost none") + (othersExact ? "; the others lose none" : "; another method lost some");
            claims.Add(new Claim("race:lost", $"lost updates, {race.Workers} workers", outcome, $"median {ReportFormat.Count(lost)} of {ReportFormat.Count(unsynchronized.Expected)}"));
        }
        return claims;
    }

    /// <summary>A /ping p99 below this is a server that answered; one run per case supports no finer ranking.</summary>
    public const double ResponsiveP99Ms = 100;

    /// <summary>A /ping p99 at or above this is a server whose requests waited for the heavy job.</summary>
    public const double StarvedP99Ms = 1000;

    // the cheapest (or dearest) case, and whether the test tells it from the runner-up
    private static Claim Extreme(string id, string subject, BenchmarkResult extreme, BenchmarkResult runnerUp)
    {
        // the cheapest must test faster than the runner-up, the dearest slower: a median order the test reverses is no extreme
        var difference = Compare(extreme, runnerUp);
        bool apart = difference == (extreme.MedianNs <= runnerUp.MedianNs ? Difference.Faster : Difference.Slower);
        // two strategies not told apart are a set: named in a fixed order, so that two runs that found the same pair agree
        string[] pair = [.. new[] { Cases.StrategyName(extreme.Method), Cases.StrategyName(runnerUp.Method) }.Order(StringComparer.Ordinal)];
        string outcome = apart ? Cases.StrategyName(extreme.Method)
            : $"{pair[0]} or {pair[1]} ({(difference == Difference.TooFewMeasurements ? "too few measurements to tell" : "not distinguishable")})";
        var unit = DisplayUnit.For([extreme.MedianNs!.Value]);
        return new Claim(id, subject, outcome, $"{unit.Format(extreme.MedianNs!.Value)} ({ReportFormat.IntervalLabel} {ReportFormat.Interval(extreme, unit)} {unit.Symbol})");
    }
}
