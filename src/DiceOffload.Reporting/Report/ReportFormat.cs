using System.Globalization;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report;

/// <summary>Fixed, culture-invariant formats for the report, so the same data always gives the same text.</summary>
internal static class ReportFormat
{
    public static string Bytes(double bytes) => bytes switch
    {
        >= 1 << 20 when bytes % (1 << 20) == 0 => $"{(bytes / (1 << 20)).ToString("0", CultureInfo.InvariantCulture)} MiB",
        >= 1 << 10 when bytes % (1 << 10) == 0 => $"{(bytes / (1 << 10)).ToString("0", CultureInfo.InvariantCulture)} KiB",
        _ => $"{DisplayUnit.Number(bytes)} B",
    };

    public static string Allocated(long? bytes) => bytes is { } b ? Bytes(b) : "n/a";

    /// <summary>A ratio with three significant figures or more: <c>1.97×</c>, <c>28.4×</c>, <c>2,819×</c>.</summary>
    public static string Ratio(double ratio) => ratio.ToString(Math.Abs(ratio) >= 100 ? "N0" : Math.Abs(ratio) >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + "×";

    /// <summary>Names as a sentence lists them: <c>a</c>, <c>a and b</c>, <c>a, b and c</c>.</summary>
    public static string List(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];

    /// <summary>The median's confidence interval, with its coverage where the sample was too small for <see cref="MedianInterval.Level"/>.</summary>
    public static string Interval(BenchmarkResult result, DisplayUnit unit) => result.MedianIntervalNs is { } ci
        ? $"{DisplayUnit.Number(unit.From(ci.LowerNs))} – {DisplayUnit.Number(unit.From(ci.UpperNs))}"
            + (ci.Coverage < MedianInterval.Level ? $" ({Percent(ci.Coverage)} only: {CoverageNote})" : "")
        : "n/a";

    /// <summary>Why an interval's coverage is lower than asked.</summary>
    public const string CoverageNote = "too few measurements";

    /// <summary>The level of the medians' intervals, for headers and chart labels: <c>99% CI of the median</c>.</summary>
    public static string IntervalLabel => $"{(MedianInterval.Level * 100).ToString("0.#", CultureInfo.InvariantCulture)}% CI of the median";

    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>Two medians in one unit: <c>135 ms vs 260 ms</c>.</summary>
    public static string Pair(BenchmarkResult first, BenchmarkResult second)
    {
        var unit = DisplayUnit.For([first.MedianNs!.Value, second.MedianNs!.Value]);
        return $"{unit.Format(first.MedianNs!.Value)} vs {unit.Format(second.MedianNs!.Value)}";
    }

    /// <summary>A case's Throws parameter: <c>100,000,000</c>.</summary>
    public static string Throws(BenchmarkResult result) => Count(result.Number(ExperimentParameters.Throws));

    public static string Ms(double ms) => $"{DisplayUnit.Number(ms)} ms";

    /// <summary>A CPU quota: <c>1.5</c>, <c>2</c>.</summary>
    public static string Cpus(double cpus) => cpus.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Workers(int count) => count == 1 ? "1 worker" : $"{count} workers";

    /// <summary>A markdown table cell: pipes escaped, line breaks removed.</summary>
    public static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
