using System.Globalization;
using DiceOffload.Reporting.Results;

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

    /// <summary>With paired iterations, the pairs left out because one of their iterations was an upper outlier of its side.</summary>
    public int DroppedPairs { get; init; }

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

    /// <summary>What A and B were paired by: whole study processes (rounds) or single iterations of two processes held side by side.</summary>
    public AbPairing Pairing { get; init; } = AbPairing.Rounds;

    /// <summary>With paired iterations, the numbers of pairs a benchmark is judged after (it stops at the first that judges it).</summary>
    public IReadOnlyList<int> Looks { get; init; } = [];

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
        string over = Pairing == AbPairing.Iterations
            ? $"A/B over paired iterations (up to {BaseRounds} pairs a benchmark, looks at {string.Join(" and ", Looks)} pairs)"
            : $"A/B over {BaseRounds}+{HeadRounds} interleaved rounds";
        return $"{over}, threshold {Options.ThresholdText}, alpha {Options.Alpha.ToString(CultureInfo.InvariantCulture)}: "
            + $"{Judged} of {Benchmarks.Count} benchmarks judged ({string.Join(", ", parts)}); {noisy}{resolution}. {verdict}";
    }

    internal static string Format(double percent) => percent.ToString("0.0", CultureInfo.InvariantCulture) + "%";
}

/// <summary>What an A/B comparison pairs each of the head's measurements with.</summary>
public enum AbPairing
{
    /// <summary>Rounds: a study process of each side per round, A and B of a round run one after the other, each round's
    /// ratio one replicate.</summary>
    Rounds,
    /// <summary>Iterations: a process of each side holds the benchmark set up and their iterations alternate, each pair
    /// of iterations one replicate.</summary>
    Iterations,
}

/// <summary>The two sides of an A/B comparison.</summary>
public enum AbSide
{
    /// <summary>A: the base commit.</summary>
    Base,
    /// <summary>B: the head, the tree being tested.</summary>
    Head,
}
