using System.Globalization;
using DiceOffload.Reporting.Results;

namespace DiceOffload.Reporting.Comparison;

/// <summary>The outcome of comparing two runs: one row per benchmark found in either.</summary>
public sealed record ComparisonReport(BenchmarkRun Baseline, BenchmarkRun Current, ComparisonOptions Options, IReadOnlyList<BenchmarkComparison> Benchmarks)
{
    public IReadOnlyList<BenchmarkComparison> Regressions => [.. Benchmarks.Where(b => b.IsRegression)];

    public bool HasRegressions => Benchmarks.Any(b => b.IsRegression);

    /// <summary>True when both runs hold the same benchmarks with the same measurements: the run was compared with itself.</summary>
    public bool IsSameRun => Benchmarks.Count > 0 && Benchmarks.All(b =>
        b.Baseline is { } before && b.Current is { } after && before.MeasurementsNs.SequenceEqual(after.MeasurementsNs));

    public int Count(TimeVerdict verdict) => Benchmarks.Count(b => b.TimeVerdict == verdict);

    public int Count(AllocationVerdict verdict) => Benchmarks.Count(b => b.AllocationVerdict == verdict);

    /// <summary>One sentence with every count and the verdict, e.g. for the last line of a CI log.</summary>
    public string Summary()
    {
        var c = CultureInfo.InvariantCulture;
        var parts = new List<string>
        {
            $"{Count(TimeVerdict.Slower)} slower", $"{Count(TimeVerdict.Faster)} faster", $"{Count(TimeVerdict.Same) + Count(TimeVerdict.Reference)} same",
        };
        void Add(int count, string what) { if (count > 0) parts.Add(string.Create(c, $"{count} {what}")); }
        Add(Count(TimeVerdict.Unknown), "undecided (too few measurements)");
        Add(Count(AllocationVerdict.More), "allocating more");
        Add(Count(AllocationVerdict.Less), "allocating less");
        Add(Count(TimeVerdict.NoReference), $"without an {ComparisonOptions.ReferenceMethodText} case to compare against");
        Add(Count(TimeVerdict.OnlyInBaseline), "only in the baseline");
        Add(Count(TimeVerdict.OnlyInCurrent), "only in the current run");
        Add(Count(TimeVerdict.Failed), "failed");
        string how = $"{Options.Mode.ToString().ToLowerInvariant()} mode, threshold {Options.ThresholdText}, alpha {Options.Alpha.ToString(c)}";
        string verdict = HasRegressions
            ? $"{Regressions.Count} regression{(Regressions.Count == 1 ? "" : "s")}: {string.Join(", ", Regressions.Select(r => r.DisplayName))}."
            : "No regressions.";
        return $"Compared {Benchmarks.Count} benchmark{(Benchmarks.Count == 1 ? "" : "s")} ({how}): {string.Join(", ", parts)}. {verdict}";
    }
}
