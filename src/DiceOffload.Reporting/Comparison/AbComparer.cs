using DiceOffload.Reporting.Results;
using Perfolizer.Horology;
using Perfolizer.Mathematics.Common;
using Perfolizer.Metrology;

namespace DiceOffload.Reporting.Comparison;

/// <summary>What an A/B comparison concluded for one benchmark.</summary>
public enum AbVerdict
{
    /// <summary>No shift beyond both the threshold and the benchmark's own A/A noise.</summary>
    Same,
    /// <summary>The head is slower beyond the threshold (Mann–Whitney) and beyond the A/A noise: a regression.</summary>
    Slower,
    /// <summary>The head is faster beyond the threshold and beyond the A/A noise.</summary>
    Faster,
    /// <summary>The base rounds alone differ by more than the threshold, and the shift does not clear that noise: nothing can be told here.</summary>
    TooNoisy,
    /// <summary>Too few rounds or measurements to decide.</summary>
    Undecided,
    OnlyInBase,
    OnlyInHead,
    /// <summary>Nothing was measured in at least one round.</summary>
    Failed,
}

/// <summary>One benchmark of an A/B comparison: both sides' measurements pooled over their rounds.</summary>
public sealed record AbBenchmark
{
    public required string FullName { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>Every measurement of the base (A) side, all rounds together.</summary>
    public IReadOnlyList<double> BaseNs { get; init; } = [];

    public IReadOnlyList<double> HeadNs { get; init; } = [];

    /// <summary>The head's shift from the base, pooled over the rounds, with its interval.</summary>
    public RatioShift? Shift { get; init; }

    /// <summary>The A/A noise: the largest shift, either way and in percent, between two rounds of the base.</summary>
    public double? NoisePercent { get; init; }

    /// <summary>The same spread between the head's own rounds (B/B): a head that is fast in one process and slow in the next is not a steady shift.</summary>
    public double? HeadSpreadPercent { get; init; }

    public required AbVerdict Verdict { get; init; }

    /// <summary>Why the verdict is what it is, for the reader, where the verdict alone does not say.</summary>
    public string? Note { get; init; }

    public bool FailedInHeadOnly { get; init; }

    public bool IsRegression => Verdict == AbVerdict.Slower || FailedInHeadOnly;

    /// <summary>Whether the comparison could judge this benchmark at the threshold.</summary>
    public bool IsJudged => Verdict is AbVerdict.Same or AbVerdict.Slower or AbVerdict.Faster;
}

/// <summary>The outcome of an A/B comparison: base (A) and head (B) measured in interleaved rounds on one machine.</summary>
public sealed record AbReport(int BaseRounds, int HeadRounds, ComparisonOptions Options, IReadOnlyList<AbBenchmark> Benchmarks)
{
    public IReadOnlyList<AbBenchmark> Regressions => [.. Benchmarks.Where(b => b.IsRegression)];

    public bool HasRegressions => Benchmarks.Any(b => b.IsRegression);

    public int Judged => Benchmarks.Count(b => b.IsJudged);

    public int Count(AbVerdict verdict) => Benchmarks.Count(b => b.Verdict == verdict);

    /// <summary>One sentence with every count and the verdict, e.g. for the last line of a CI log.</summary>
    public string Summary()
    {
        var parts = new List<string> { $"{Count(AbVerdict.Slower)} slower", $"{Count(AbVerdict.Faster)} faster", $"{Count(AbVerdict.Same)} same" };
        void Add(AbVerdict verdict, string what) { if (Count(verdict) > 0) parts.Add($"{Count(verdict)} {what}"); }
        Add(AbVerdict.Undecided, "undecided");
        Add(AbVerdict.OnlyInBase, "only in the base");
        Add(AbVerdict.OnlyInHead, "only in the head");
        Add(AbVerdict.Failed, "failed");
        string noisy = Count(AbVerdict.TooNoisy) switch
        {
            0 => "none too noisy to judge",
            1 => "1 too noisy to judge here (its A/A noise exceeds the threshold)",
            int n => $"{n} too noisy to judge here (their A/A noise exceeds the threshold)",
        };
        string verdict = HasRegressions
            ? $"{Regressions.Count} regression{(Regressions.Count == 1 ? "" : "s")}: {string.Join(", ", Regressions.Select(r => r.DisplayName))}."
            : "No regressions among the judged.";
        return $"A/B over {BaseRounds}+{HeadRounds} interleaved rounds, threshold {Options.ThresholdText}, alpha {Options.Alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}: "
            + $"{Judged} of {Benchmarks.Count} benchmarks judged ({string.Join(", ", parts)}); {noisy}. {verdict}";
    }
}

/// <summary>
/// Compares a head with a base measured side by side in rounds: each side's rounds pooled and tested with the
/// Mann–Whitney test at the threshold, and each benchmark judged against its own A/A noise, the spread between the
/// base's rounds on this machine today.
/// </summary>
/// <remarks>
/// A benchmark is slower (a regression) only when the test finds the head slower by more than the threshold and the
/// estimated shift is also larger than the spread between the rounds of either side (the A/A noise, and the same
/// between the head's rounds). When the A/A noise alone is larger than the threshold, no verdict at that threshold
/// would mean anything: the benchmark is tested against that spread instead, and unless the shift clears it too it
/// is too noisy to judge, neither passed nor failed.
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

    /// <summary>Judges one benchmark from its result in each round of each side (null where a round lacks it).</summary>
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

        double[] a = [.. baseRounds.SelectMany(r => r!.MeasurementsNs)];
        double[] b = [.. headRounds.SelectMany(r => r!.MeasurementsNs)];
        row = row with
        {
            BaseNs = a,
            HeadNs = b,
            Shift = RatioShift.Of(a, b),
            NoisePercent = NoisePercent(baseRounds.Select(r => r!.MeasurementsNs).ToList()),
            HeadSpreadPercent = NoisePercent(headRounds.Select(r => r!.MeasurementsNs).ToList()),
        };

        if (row.NoisePercent is not { } noise)
            return row with { Verdict = AbVerdict.Undecided, Note = "the A/A noise needs at least two base rounds" };
        if (row.Shift is not { } shift)
            return row with { Verdict = AbVerdict.Undecided, Note = "a measurement is not positive" };

        // the floor a shift must clear: the spread between rounds of either side (a head that is slow in one process
        // and fast in the next has no steady shift to speak of)
        double floor = Math.Max(noise, row.HeadSpreadPercent ?? 0);
        // a benchmark noisier than the threshold is tested against that floor instead: a shift beyond it still
        // counts, anything smaller cannot be told from noise here
        bool noisy = noise > options.ThresholdPercent;
        var threshold = noisy ? Threshold.Parse(floor.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "%") : options.Threshold;
        // Compare(x, y): Greater means x exceeds y by more than the threshold, at the significance level (two-sided)
        var result = ShiftTest.Compare(b, a, threshold, options.Alpha, TimeUnit.Nanosecond);
        bool beyondNoise = RatioShift.AbsolutePercent(shift.Estimate) > floor;
        string spread = $"A/A {Percent(noise)}, B/B {Percent(row.HeadSpreadPercent ?? 0)}";
        string beyond = noisy ? $"beyond even the rounds' own spread ({spread}), though its A/A noise exceeds the threshold" : "";
        return result switch
        {
            ComparisonResult.Greater when beyondNoise => row with { Verdict = AbVerdict.Slower, Note = noisy ? beyond : null },
            ComparisonResult.Lesser when beyondNoise => row with { Verdict = AbVerdict.Faster, Note = noisy ? beyond : null },
            _ when noisy => row with { Verdict = AbVerdict.TooNoisy, Note = $"the base rounds alone differ by {Percent(noise)}, more than the threshold" },
            ComparisonResult.Greater or ComparisonResult.Lesser => row with { Note = $"beyond the threshold, but within the rounds' own spread ({spread})" },
            ComparisonResult.Indistinguishable => row,
            _ => row with { Verdict = AbVerdict.Undecided, Note = $"too few measurements to test ({a.Length} and {b.Length})" },
        };
    }

    /// <summary>The A/A noise of a benchmark: the largest shift, either way, between any two of its rounds (each shift a
    /// Hodges–Lehmann estimate, as <see cref="RatioShift"/>); null with fewer than two rounds.</summary>
    public static double? NoisePercent(IReadOnlyList<IReadOnlyList<double>> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        double? largest = null;
        for (int i = 0; i < rounds.Count; i++)
        {
            for (int j = i + 1; j < rounds.Count; j++)
            {
                if (RatioShift.Of(rounds[i], rounds[j]) is { } shift)
                    largest = Math.Max(largest ?? 0, RatioShift.AbsolutePercent(shift.Estimate));
            }
        }
        return largest;
    }

    /// <summary>The order of an A/B run's benchmark processes: round 1 runs A then B, round 2 B then A, and so on,
    /// so that neither side always runs first, after a build or a warmer machine.</summary>
    public static IReadOnlyList<(int Round, AbSide Side)> Interleave(int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        return [.. Enumerable.Range(1, rounds).SelectMany(round => round % 2 == 1
            ? new[] { (round, AbSide.Base), (round, AbSide.Head) }
            : [(round, AbSide.Head), (round, AbSide.Base)])];
    }

    private static string Percent(double percent) => percent.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}

/// <summary>The two sides of an A/B comparison.</summary>
public enum AbSide
{
    /// <summary>A: the base commit.</summary>
    Base,
    /// <summary>B: the head, the tree being tested.</summary>
    Head,
}
