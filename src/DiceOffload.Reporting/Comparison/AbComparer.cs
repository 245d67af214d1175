using System.Globalization;
using DiceOffload.Reporting.Results;
using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace DiceOffload.Reporting.Comparison;

/// <summary>What an A/B comparison concluded for one benchmark.</summary>
public enum AbVerdict
{
    /// <summary>The interval of the shift lies within the threshold either way: no change of the threshold's size.</summary>
    Same,
    /// <summary>The head is slower: the interval lies above no change and the estimate is at least half the threshold.</summary>
    Slower,
    /// <summary>The head is faster, likewise.</summary>
    Faster,
    /// <summary>The interval reaches past the threshold without excluding no change: this machine cannot tell today.</summary>
    TooNoisy,
    /// <summary>Too few pairs of rounds, or a measurement that is not positive.</summary>
    Undecided,
    OnlyInBase,
    OnlyInHead,
    /// <summary>Nothing was measured in at least one round.</summary>
    Failed,
}

/// <summary>The head's shift from the base, as the mean of the rounds' paired log ratios with its Student interval.</summary>
/// <param name="Estimate">exp(mean of ln(B_i / A_i)); 1.25 means the head is 25% slower.</param>
/// <param name="Lower">The lower end of the interval, as a ratio.</param>
/// <param name="Upper">The upper end.</param>
/// <param name="Level">The interval's level, 1 − alpha.</param>
/// <param name="Pairs">How many pairs of rounds it rests on.</param>
public sealed record PairedShift(double Estimate, double Lower, double Upper, double Level, int Pairs)
{
    public double Percent => (Estimate - 1) * 100;

    public double LowerPercent => (Lower - 1) * 100;

    public double UpperPercent => (Upper - 1) * 100;

    /// <summary>The interval's half-width in percent: the resolution of this comparison for this benchmark.</summary>
    public double HalfWidthPercent => (Math.Exp((Math.Log(Upper) - Math.Log(Lower)) / 2) - 1) * 100;

    /// <summary>The largest change either way that the interval leaves possible: "same" means within this.</summary>
    public double WithinPercent => Math.Max(RatioShift.AbsolutePercent(Lower), RatioShift.AbsolutePercent(Upper));

    /// <summary>The mean and Student interval of <paramref name="logRatios"/> (one per pair of rounds); null with fewer than two.</summary>
    public static PairedShift? Of(IReadOnlyList<double> logRatios, double alpha)
    {
        ArgumentNullException.ThrowIfNull(logRatios);
        if (logRatios.Count < 2 || logRatios.Any(d => !double.IsFinite(d)))
            return null;
        int n = logRatios.Count;
        double mean = logRatios.Average();
        double sd = Math.Sqrt(logRatios.Sum(d => (d - mean) * (d - mean)) / (n - 1));
        double t = new StudentDistribution(n - 1).Quantile(1 - alpha / 2);
        double half = t * sd / Math.Sqrt(n);
        return new PairedShift(Math.Exp(mean), Math.Exp(mean - half), Math.Exp(mean + half), 1 - alpha, n);
    }
}

/// <summary>Where one benchmark's noise comes from, each as a standard deviation in percent (of ln times, so 5% means a
/// factor of about 1.05).</summary>
/// <param name="IterationPercent">Between the iterations of one round: the typical (median over rounds) spread of single measurements.</param>
/// <param name="RoundPercent">Between the base's rounds: the spread of each round's median, which the iterations, the
/// processes' launches and the machine's drift between rounds all add to.</param>
/// <param name="PairPercent">Between pairs: the spread of the rounds' log ratios B/A divided by √2, the noise each side
/// keeps once A and B of a round are compared with each other; below <paramref name="RoundPercent"/> by what the pairing
/// removed (drift that both sides of a round shared).</param>
public sealed record NoiseSources(double IterationPercent, double RoundPercent, double PairPercent);

/// <summary>One benchmark of an A/B comparison.</summary>
public sealed record AbBenchmark
{
    public required string FullName { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>Every measurement of the base (A) side, all rounds together.</summary>
    public IReadOnlyList<double> BaseNs { get; init; } = [];

    public IReadOnlyList<double> HeadNs { get; init; } = [];

    /// <summary>ln(B_i / A_i) of each pair of rounds, each ratio the Hodges–Lehmann estimate between the two rounds' measurements.</summary>
    public IReadOnlyList<double> PairLogRatios { get; init; } = [];

    /// <summary>The head's shift from the base over the pairs of rounds, with its interval.</summary>
    public PairedShift? Shift { get; init; }

    public NoiseSources? Noise { get; init; }

    /// <summary>The smallest slowdown this comparison flags at least half the time at this benchmark's noise: the larger of
    /// the interval's half-width and half the threshold. Null when nothing could be estimated.</summary>
    public double? DetectablePercent { get; init; }

    public required AbVerdict Verdict { get; init; }

    /// <summary>Why the verdict is what it is, for the reader, where the verdict alone does not say.</summary>
    public string? Note { get; init; }

    public bool FailedInHeadOnly { get; init; }

    /// <summary>Flagged slower or faster in the first rounds, and not again in the rounds measured to confirm it.</summary>
    public bool Unconfirmed { get; init; }

    public bool IsRegression => Verdict == AbVerdict.Slower || FailedInHeadOnly;

    /// <summary>Whether the comparison could judge this benchmark at the threshold.</summary>
    public bool IsJudged => Verdict is AbVerdict.Same or AbVerdict.Slower or AbVerdict.Faster;
}

/// <summary>The outcome of an A/B comparison: base (A) and head (B) measured in interleaved rounds on one machine.</summary>
/// <param name="LeftOut">Benchmarks the filter selects that these rounds could not measure, each with why.</param>
public sealed record AbReport(int BaseRounds, int HeadRounds, ComparisonOptions Options, IReadOnlyList<AbBenchmark> Benchmarks)
{
    public IReadOnlyList<string> LeftOut { get; init; } = [];

    public IReadOnlyList<AbBenchmark> Regressions => [.. Benchmarks.Where(b => b.IsRegression)];

    public bool HasRegressions => Benchmarks.Any(b => b.IsRegression);

    public int Judged => Benchmarks.Count(b => b.IsJudged);

    public int Count(AbVerdict verdict) => Benchmarks.Count(b => b.Verdict == verdict);

    /// <summary>The median over the judged benchmarks of the smallest slowdown each could have flagged; null when none was judged.</summary>
    public double? MedianDetectablePercent =>
        Benchmarks.Where(b => b.IsJudged && b.DetectablePercent is not null).Select(b => b.DetectablePercent!.Value).ToList() is { Count: > 0 } d
            ? Statistics.Median(d) : null;

    /// <summary>One sentence with every count and the verdict, e.g. for the last line of a CI log.</summary>
    public string Summary()
    {
        var parts = new List<string> { $"{Count(AbVerdict.Slower)} slower", $"{Count(AbVerdict.Faster)} faster", $"{Count(AbVerdict.Same)} same" };
        void Add(AbVerdict verdict, string what) { if (Count(verdict) > 0) parts.Add($"{Count(verdict)} {what}"); }
        Add(AbVerdict.Undecided, "undecided");
        Add(AbVerdict.OnlyInBase, "only in the base");
        Add(AbVerdict.OnlyInHead, "only in the head");
        Add(AbVerdict.Failed, "failed");
        int unconfirmed = Benchmarks.Count(b => b.Unconfirmed);
        if (unconfirmed > 0)
            parts.Add($"{unconfirmed} flagged at first and not confirmed");
        string noisy = Count(AbVerdict.TooNoisy) switch
        {
            0 => "none too noisy to judge",
            1 => $"1 too noisy to judge here (its interval reaches past ±{Options.ThresholdText})",
            int n => $"{n} too noisy to judge here (their intervals reach past ±{Options.ThresholdText})",
        };
        string resolution = MedianDetectablePercent is { } mde
            ? $"; the judged would have flagged a slowdown of {Format(mde)} (median)"
            : "";
        string verdict = HasRegressions
            ? $"{Regressions.Count} regression{(Regressions.Count == 1 ? "" : "s")}: {string.Join(", ", Regressions.Select(r => r.DisplayName))}."
            : "No regressions among the judged.";
        return $"A/B over {BaseRounds}+{HeadRounds} interleaved rounds, threshold {Options.ThresholdText}, alpha {Options.Alpha.ToString(CultureInfo.InvariantCulture)}: "
            + $"{Judged} of {Benchmarks.Count} benchmarks judged ({string.Join(", ", parts)}); {noisy}{resolution}. {verdict}";
    }

    internal static string Format(double percent) => percent.ToString("0.0", CultureInfo.InvariantCulture) + "%";
}

/// <summary>
/// Compares a head with a base measured side by side in rounds, each round of the head paired with the base's round of
/// the same number, measured next to it: the head's shift is the mean of the pairs' log ratios, with a Student interval
/// at 1 − alpha, and each benchmark is judged by where that interval lies against the threshold.
/// </summary>
/// <remarks>
/// Pairing is what makes a drifting machine usable: a round's A and B ran seconds apart, so what the machine did between
/// rounds (another tenant, a frequency change, a warmer cache) moves both and cancels in their ratio, and the rounds are
/// the independent replicates, so the variation between processes is in the interval rather than hidden in the pooled
/// iterations. A benchmark is Slower only when the interval lies wholly above no change and the estimate is at least half
/// the threshold (significant and not trivial: with a hundred benchmarks, significance alone would flag some every run);
/// Same when the interval lies wholly within the threshold either way, and then "same" means "within" the interval's
/// farther end, a number; otherwise the interval reaches past the threshold without excluding no change, and the
/// benchmark is too noisy to judge here: neither passed nor failed, and counted as such.
/// </remarks>
public static class AbComparer
{
    public static AbReport Compare(IReadOnlyList<BenchmarkRun> baseRounds, IReadOnlyList<BenchmarkRun> headRounds, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseRounds);
        ArgumentNullException.ThrowIfNull(headRounds);
        ArgumentNullException.ThrowIfNull(options);
        var names = baseRounds.Concat(headRounds).SelectMany(r => r.Benchmarks).Select(b => b.FullName)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var rows = names.Select(name => Compare(
            [.. baseRounds.Select(r => r.Find(name))],
            [.. headRounds.Select(r => r.Find(name))],
            options)).ToList();
        return new AbReport(baseRounds.Count, headRounds.Count, options, rows);
    }

    /// <summary>Judges one benchmark from its result in each round of each side (null where a round lacks it); round i of
    /// the head is paired with round i of the base.</summary>
    public static AbBenchmark Compare(IReadOnlyList<BenchmarkResult?> baseRounds, IReadOnlyList<BenchmarkResult?> headRounds, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseRounds);
        ArgumentNullException.ThrowIfNull(headRounds);
        ArgumentNullException.ThrowIfNull(options);
        var any = baseRounds.Concat(headRounds).OfType<BenchmarkResult>().First();
        var row = new AbBenchmark { FullName = any.FullName, DisplayName = any.DisplayName, Verdict = AbVerdict.Same };

        bool baseFailed = baseRounds.Any(r => r?.IsFailed == true), headFailed = headRounds.Any(r => r?.IsFailed == true);
        if (baseFailed || headFailed)
        {
            string which = baseFailed && headFailed ? "both sides" : baseFailed ? "a base round" : "a head round";
            return row with { Verdict = AbVerdict.Failed, Note = $"nothing measured in {which}", FailedInHeadOnly = headFailed && !baseFailed };
        }
        if (baseRounds.All(r => r is null))
            return row with { Verdict = AbVerdict.OnlyInHead, Note = "a new benchmark" };
        if (headRounds.All(r => r is null))
            return row with { Verdict = AbVerdict.OnlyInBase, Note = "removed, renamed or filtered out of the head" };
        if (baseRounds.Concat(headRounds).Any(r => r is null))
            return row with { Verdict = AbVerdict.Undecided, Note = "missing from some rounds" };

        var a = baseRounds.Select(r => r!.MeasurementsNs).ToList();
        var b = headRounds.Select(r => r!.MeasurementsNs).ToList();
        row = row with { BaseNs = [.. a.SelectMany(m => m)], HeadNs = [.. b.SelectMany(m => m)] };
        if (row.BaseNs.Concat(row.HeadNs).Any(v => !(v > 0)))
            return row with { Verdict = AbVerdict.Undecided, Note = "a measurement is not positive" };

        int pairs = Math.Min(a.Count, b.Count);
        double[] logRatios = [.. Enumerable.Range(0, pairs).Select(i => Math.Log(RatioShift.Of(a[i], b[i])!.Estimate))];
        row = row with { PairLogRatios = logRatios, Noise = Sources(a, b, logRatios) };
        if (PairedShift.Of(logRatios, options.Alpha) is not { } shift)
            return row with { Verdict = AbVerdict.Undecided, Note = $"the interval needs at least two pairs of rounds ({pairs} here)" };

        double threshold = Math.Log(1 + options.ThresholdPercent / 100);
        double estimate = Math.Log(shift.Estimate), lower = Math.Log(shift.Lower), upper = Math.Log(shift.Upper);
        double detectable = (Math.Exp(Math.Max(threshold / 2, (upper - lower) / 2)) - 1) * 100;
        row = row with { Shift = shift, DetectablePercent = detectable };

        if (lower > 0 && estimate >= threshold / 2)
            return row with { Verdict = AbVerdict.Slower };
        if (upper < 0 && estimate <= -threshold / 2)
            return row with { Verdict = AbVerdict.Faster };
        if (lower > -threshold && upper < threshold)
        {
            string within = $"within ±{AbReport.Format(shift.WithinPercent)}";
            return row with { Note = lower > 0 || upper < 0 ? $"{within}; a shift below half the threshold" : within };
        }
        return row with
        {
            Verdict = AbVerdict.TooNoisy,
            Note = $"its interval reaches past ±{options.ThresholdText} (it flags only slowdowns of {AbReport.Format(detectable)} or more)",
        };
    }

    /// <summary>
    /// Holds each benchmark flagged slower or faster in <paramref name="first"/> to rounds of its own measured after them
    /// (<paramref name="confirmation"/>): the verdict stands only where those rounds alone give it again; otherwise the
    /// benchmark is too noisy to judge here, and its note gives both shifts.
    /// </summary>
    /// <remarks>A slow burst of the machine that fell on one side in the first rounds is unlikely to fall on the same side
    /// again minutes later, while a real change is there every time: on a machine that bursts, a single set of four pairs
    /// flagged one or two of 121 unchanged benchmarks per run.</remarks>
    public static AbReport Confirm(AbReport first, AbReport confirmation)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(confirmation);
        var rows = first.Benchmarks.Select(b =>
        {
            if (b.Verdict is not (AbVerdict.Slower or AbVerdict.Faster) || b.Shift is not { } shift)
                return b;
            var again = confirmation.Benchmarks.FirstOrDefault(c => c.FullName == b.FullName);
            string firstText = $"{Text(shift)} in the first {shift.Pairs} pairs";
            if (again is { Shift: { } confirmed } && again.Verdict == b.Verdict)
                return b with { Note = $"{firstText}, and {Text(confirmed)} in {confirmed.Pairs} more pairs of its own" };
            string secondText = again?.Shift is { } other ? $"{Text(other)} in {other.Pairs} more pairs of its own" : "no rounds of its own to confirm it";
            return b with
            {
                Verdict = AbVerdict.TooNoisy,
                Unconfirmed = true,
                Note = $"{(b.Verdict == AbVerdict.Slower ? "slower" : "faster")} at first ({firstText}), not confirmed ({secondText})",
            };
        }).ToList();
        return first with { Benchmarks = rows };
    }

    private static string Text(PairedShift shift) =>
        $"{TextTable.SignedPercent(shift.Percent)} [{TextTable.SignedPercent(shift.LowerPercent)}, {TextTable.SignedPercent(shift.UpperPercent)}]";

    /// <summary>The noise of one benchmark by source (see <see cref="NoiseSources"/>); null with fewer than two rounds a side.</summary>
    public static NoiseSources? Sources(IReadOnlyList<IReadOnlyList<double>> baseRounds, IReadOnlyList<IReadOnlyList<double>> headRounds, IReadOnlyList<double> pairLogRatios)
    {
        ArgumentNullException.ThrowIfNull(baseRounds);
        ArgumentNullException.ThrowIfNull(headRounds);
        ArgumentNullException.ThrowIfNull(pairLogRatios);
        if (baseRounds.Count < 2 || pairLogRatios.Count < 2 || baseRounds.Concat(headRounds).Any(r => r.Count == 0 || r.Any(v => !(v > 0))))
            return null;
        var withinRounds = baseRounds.Concat(headRounds).Where(r => r.Count >= 2).Select(r => StandardDeviation([.. r.Select(v => Math.Log(v))])).ToList();
        double iteration = withinRounds.Count > 0 ? Statistics.Median(withinRounds) : 0;
        double round = StandardDeviation([.. baseRounds.Select(r => Math.Log(Statistics.Median(r)))]);
        double pair = StandardDeviation(pairLogRatios) / Math.Sqrt(2);
        static double Percent(double logSd) => (Math.Exp(logSd) - 1) * 100;
        return new NoiseSources(Percent(iteration), Percent(round), Percent(pair));
    }

    private static double StandardDeviation(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}

/// <summary>The two sides of an A/B comparison.</summary>
public enum AbSide
{
    /// <summary>A: the base commit.</summary>
    Base,
    /// <summary>B: the head, the tree being tested.</summary>
    Head,
}
