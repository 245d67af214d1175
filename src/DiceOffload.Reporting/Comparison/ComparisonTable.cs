using System.Globalization;
using System.Text;
using Perfolizer.Horology;
using Perfolizer.Metrology;

namespace DiceOffload.Reporting.Comparison;

/// <summary>Writes a <see cref="ComparisonReport"/> for people: a plain-text table for the console, or markdown for a CI summary or pull request.</summary>
public static class ComparisonTable
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly string[] Headers = ["Benchmark", "Change", "Baseline", "Current", "Allocated per op", "Verdict"];

    public static void WriteText(ComparisonReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"Comparing {report.Current.Folder} with the baseline {report.Baseline.Folder}.");
        writer.WriteLine(Explanation(report.Options));
        writer.WriteLine();
        TextTable.Write(writer, Headers, Rows(report.Benchmarks), 0, 5);
        writer.WriteLine();
        foreach (string warning in Warnings(report))
            writer.WriteLine($"Note: {warning}");
        writer.WriteLine(report.Summary());
    }

    public static void WriteMarkdown(ComparisonReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("## Benchmark comparison");
        writer.WriteLine();
        writer.WriteLine($"Current run `{report.Current.Folder}` against the baseline `{report.Baseline.Folder}`. {Explanation(report.Options)}");
        writer.WriteLine();
        WriteMarkdownTable(report, writer);
    }

    /// <summary>The markdown table, its notes and the verdict, without the heading, for a document that introduces them itself.</summary>
    /// <param name="notableOnly">List only the rows a reader needs (<see cref="BenchmarkComparison.IsNotable"/>) and say how many were left out.</param>
    public static void WriteMarkdownTable(ComparisonReport report, TextWriter writer, bool notableOnly = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var listed = notableOnly ? [.. report.Benchmarks.Where(b => b.IsNotable)] : report.Benchmarks;
        if (listed.Count > 0)
        {
            writer.WriteLine("| " + string.Join(" | ", Headers) + " |");
            writer.WriteLine("| --- | ---: | ---: | ---: | ---: | --- |");
            foreach (var row in Rows(listed))
                writer.WriteLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
            writer.WriteLine();
        }
        if (listed.Count < report.Benchmarks.Count)
        {
            int left = report.Benchmarks.Count - listed.Count;
            writer.WriteLine($"{left} benchmark{(left == 1 ? "" : "s")} with no change {(left == 1 ? "is" : "are")} not listed.");
            writer.WriteLine();
        }
        foreach (string warning in Warnings(report))
            writer.WriteLine($"> Note: {Escape(warning)}");
        writer.WriteLine($"**{(report.HasRegressions ? "Regression" : "No regression")}.** {Escape(report.Summary())}");
    }

    private static string Explanation(ComparisonOptions options)
    {
        string ratio = options.Mode == ComparisonMode.Ratio
            ? $"Ratio mode: each time is divided by the median of {ComparisonOptions.ReferenceMethodText} with the same parameters in its own run, "
              + "and Change compares those ratios, so a uniformly faster or slower machine is no change. "
            : "";
        return ratio + $"Times are medians per operation; a change counts when it exceeds {options.ThresholdText} at significance level "
            + $"{options.Alpha.ToString(C)} (Mann–Whitney), and allocations count when they grow by more than {options.ThresholdText}.";
    }

    private static IEnumerable<string> Warnings(ComparisonReport report) =>
        report.Baseline.Warnings.Select(w => $"baseline: {w}").Concat(report.Current.Warnings.Select(w => $"current: {w}"));

    private static List<string[]> Rows(IEnumerable<BenchmarkComparison> benchmarks) =>
        [.. benchmarks.Select(b => new[]
        {
            b.DisplayName,
            b.ChangePercent is { } change ? TextTable.SignedPercent(change) : "",
            Time(b.BaselineMedianNs, b.BaselineMedianNs, b.CurrentMedianNs, b.BaselineMedianRatio),
            Time(b.CurrentMedianNs, b.BaselineMedianNs, b.CurrentMedianNs, b.CurrentMedianRatio),
            Allocated(b),
            Verdict(b),
        })];

    // both medians of a row share the unit that suits them, so they read side by side
    private static string Time(double? valueNs, double? baselineNs, double? currentNs, double? ratio)
    {
        if (valueNs is not { } ns)
            return "";
        double[] both = [.. new[] { baselineNs, currentNs }.OfType<double>()];
        var unit = TimeUnit.GetBestTimeUnit(both);
        string text = TimeUnit.Convert(ns, TimeUnit.Nanosecond, unit).ToString("N2", C) + " " + unit.Abbreviation;
        return ratio is { } r ? $"{text} ({r.ToString("0.000", C)}×)" : text;
    }

    private static string Allocated(BenchmarkComparison b)
    {
        // a failed case has no allocations to speak of, whatever its export's memory block says
        long? baselineBytes = b.Baseline is { IsFailed: false } x ? x.BytesAllocatedPerOperation : null;
        long? currentBytes = b.Current is { IsFailed: false } y ? y.BytesAllocatedPerOperation : null;
        if (baselineBytes is not { } before || currentBytes is not { } after)
            return (baselineBytes ?? currentBytes) is { } only ? Bytes(only, only) : "";
        string change = b.AllocationChangePercent is { } percent && before != after ? $" ({TextTable.SignedPercent(percent)})" : "";
        return before == after ? Bytes(before, after) : $"{Bytes(before, before, after)} → {Bytes(after, before, after)}{change}";
    }

    private static string Bytes(long value, params long[] row)
    {
        var unit = SizeUnit.GetBestSizeUnit(row);
        return unit == SizeUnit.B ? $"{value.ToString("N0", C)} B" : $"{SizeUnit.Convert(value, SizeUnit.B, unit).ToString("N2", C)} {unit.Abbreviation}";
    }

    private static string Verdict(BenchmarkComparison b)
    {
        var text = new StringBuilder(b.TimeVerdict switch
        {
            TimeVerdict.Slower => "Slower",
            TimeVerdict.Faster => "Faster",
            TimeVerdict.Same => "Same",
            TimeVerdict.Unknown => "Undecided",
            TimeVerdict.Reference => "Reference",
            TimeVerdict.NoReference => $"No {ComparisonOptions.ReferenceMethodText} to compare against",
            TimeVerdict.OnlyInBaseline => "Only in baseline",
            TimeVerdict.OnlyInCurrent => "Only in current run",
            TimeVerdict.Failed => "Failed",
            _ => b.TimeVerdict.ToString(),
        });
        if (b.AllocationVerdict == AllocationVerdict.More)
            text.Append(", allocates more");
        else if (b.AllocationVerdict == AllocationVerdict.Less)
            text.Append(", allocates less");
        if (b.Note is { } note)
            text.Append(": ").Append(note);
        if (b.IsRegression)
            text.Append(" (REGRESSION)");
        return text.ToString();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
}
