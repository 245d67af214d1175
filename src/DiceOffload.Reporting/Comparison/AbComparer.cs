using DiceOffload.Reporting.Results;
using Perfolizer.Mathematics.OutlierDetection;

namespace DiceOffload.Reporting.Comparison;

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

        return Decide(row, shift, options);
    }

    /// <summary>
    /// Judges one benchmark measured in paired iterations (<see cref="PairedIterations"/>): the pairs with an outlier
    /// iteration dropped, each pair's log ratio ln(B / A), the two-period crossover's shift (the mean of the two orders'
    /// means) with its Student interval at 1 − <paramref name="alpha"/>, and the same rule as the rounds.
    /// </summary>
    /// <param name="alpha">The level of this look: the run's alpha divided by its number of looks.</param>
    public static AbBenchmark ComparePairs(PairedBenchmark measured, ComparisonOptions options, double alpha)
    {
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(options);
        var row = new AbBenchmark { FullName = measured.FullName, DisplayName = measured.DisplayName, Verdict = AbVerdict.Same };
        if (measured.Error is { } error)
            return row with { Verdict = AbVerdict.Failed, Note = error, FailedInHeadOnly = measured.ErrorInHeadOnly };
        var pairs = measured.Pairs;
        row = row with { BaseNs = [.. pairs.Select(p => p.BaseNs)], HeadNs = [.. pairs.Select(p => p.HeadNs)] };
        if (row.BaseNs.Concat(row.HeadNs).Any(v => !(v > 0) || !double.IsFinite(v)))
            return row with { Verdict = AbVerdict.Undecided, Note = "a measurement is not positive" };
        // a pair goes when either of its iterations is an upper outlier of its own side (Tukey's fences, BenchmarkDotNet's
        // default): a burst of the machine that hit one iteration and not its neighbour
        var baseFence = TukeyOutlierDetector.Create(row.BaseNs);
        var headFence = TukeyOutlierDetector.Create(row.HeadNs);
        var kept = pairs.Where(p => !baseFence.IsUpperOutlier(p.BaseNs) && !headFence.IsUpperOutlier(p.HeadNs)).ToList();
        double[] logRatios = [.. kept.Select(p => Math.Log(p.HeadNs / p.BaseNs))];
        row = row with { PairLogRatios = logRatios, DroppedPairs = pairs.Count - kept.Count };
        var shift = PairedShift.OfCrossover([.. logRatios.Where((_, i) => kept[i].BaseFirst)], [.. logRatios.Where((_, i) => !kept[i].BaseFirst)],
            alpha, out double residualSd);
        if (shift is not null)
        {
            // between iterations: the base's iterations over the benchmark's whole measuring, drift included; pairs: what
            // each side keeps once each iteration is compared with the other side's next to it and the order's effect is out
            double iteration = Statistics.StandardDeviation([.. kept.Select(p => Math.Log(p.BaseNs))]);
            row = row with { Noise = new NoiseSources(Percent(iteration), double.NaN, Percent(residualSd / Math.Sqrt(2))) };
        }
        if (shift is null)
            return row with { Verdict = AbVerdict.Undecided, Note = $"the interval needs at least three pairs of iterations, in both orders ({kept.Count} here)" };
        return Decide(row, shift, options);
    }

    /// <summary>The verdict on <paramref name="shift"/>: slower or faster when its interval excludes no change and it is at
    /// least half the threshold; the same when the interval lies within the threshold; otherwise too noisy.</summary>
    private static AbBenchmark Decide(AbBenchmark row, PairedShift shift, ComparisonOptions options)
    {
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
            if (again is { FailedInHeadOnly: true })
                return again with { Note = $"{(b.Verdict == AbVerdict.Slower ? "slower" : "faster")} at first ({shift.Text}), then {again.Note}" };
            string firstText = $"{shift.Text} in the first {shift.Pairs} pairs";
            if (again is { Shift: { } confirmed } && again.Verdict == b.Verdict)
                return b with { Note = $"{firstText}, and {confirmed.Text} in {confirmed.Pairs} more pairs of its own" };
            string secondText = again?.Shift is { } other ? $"{other.Text} in {other.Pairs} more pairs of its own" : "nothing measured of its own to confirm it";
            return b with
            {
                Verdict = AbVerdict.TooNoisy,
                Unconfirmed = true,
                Note = $"{(b.Verdict == AbVerdict.Slower ? "slower" : "faster")} at first ({firstText}), not confirmed ({secondText})",
            };
        }).ToList();
        return first with { Benchmarks = rows };
    }


    // a standard deviation of ln times as the percent it reads as: 0.05 is about 5%
    private static double Percent(double logSd) => (Math.Exp(logSd) - 1) * 100;

    /// <summary>The noise of one benchmark by source (see <see cref="NoiseSources"/>); null with fewer than two rounds a side.</summary>
    public static NoiseSources? Sources(IReadOnlyList<IReadOnlyList<double>> baseRounds, IReadOnlyList<IReadOnlyList<double>> headRounds, IReadOnlyList<double> pairLogRatios)
    {
        ArgumentNullException.ThrowIfNull(baseRounds);
        ArgumentNullException.ThrowIfNull(headRounds);
        ArgumentNullException.ThrowIfNull(pairLogRatios);
        if (baseRounds.Count < 2 || pairLogRatios.Count < 2 || baseRounds.Concat(headRounds).Any(r => r.Count == 0 || r.Any(v => !(v > 0))))
            return null;
        var withinRounds = baseRounds.Concat(headRounds).Where(r => r.Count >= 2).Select(r => Statistics.StandardDeviation([.. r.Select(v => Math.Log(v))])).ToList();
        double iteration = withinRounds.Count > 0 ? Statistics.Median(withinRounds) : 0;
        double round = Statistics.StandardDeviation([.. baseRounds.Select(r => Math.Log(Statistics.Median(r)))]);
        double pair = Statistics.StandardDeviation(pairLogRatios) / Math.Sqrt(2);
        return new NoiseSources(Percent(iteration), Percent(round), Percent(pair));
    }
}
