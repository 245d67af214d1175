using System.Globalization;
using DiceOffload.Reporting.Report;
using Perfolizer.Horology;
using ScottPlot;

namespace DiceOffload.Reporting.Comparison;

/// <summary>Writes an <see cref="AbReport"/> for people: a text table for the console, markdown for a CI step summary, and the shift-against-noise chart.</summary>
public static class AbTable
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private const double MinNoisePercent = 0.1;
    private static readonly string[] Headers = ["Benchmark", "Shift", "99% interval", "A/A noise", "B/B spread", "Base median", "Head median", "Verdict"];

    public static void WriteText(AbReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(Explanation(report));
        writer.WriteLine();
        TextTable.Write(writer, Headers, Rows(report.Benchmarks), 0, 7);
        writer.WriteLine();
        writer.WriteLine(report.Summary());
    }

    /// <param name="chartPath">The chart's file, relative to the markdown's folder; null when there is none.</param>
    public static void WriteMarkdown(AbReport report, TextWriter writer, string? chartPath = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("## Benchmark A/B comparison");
        writer.WriteLine();
        writer.WriteLine(Explanation(report));
        writer.WriteLine();
        writer.WriteLine($"**{(report.HasRegressions ? "Regression" : "No regression")}.** {report.Summary()}");
        writer.WriteLine();
        if (chartPath is not null)
        {
            writer.WriteLine($"![Each benchmark's shift against its A/A noise]({chartPath})");
            writer.WriteLine();
        }
        writer.WriteLine("| " + string.Join(" | ", Headers) + " |");
        writer.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in Rows(report.Benchmarks))
            writer.WriteLine("| " + string.Join(" | ", row.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
    }

    /// <summary>Draws each judged or too-noisy benchmark as a point: its A/A noise across, its shift up, with the
    /// threshold and the noise bounds that a regression has to clear; returns the file written, or null when no
    /// benchmark has both figures.</summary>
    public static string? WriteChart(AbReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        var points = report.Benchmarks.Where(b => b.Shift is not null && b.NoisePercent is not null).ToList();
        if (points.Count == 0)
            return null;
        var plot = ChartKit.NewPlot("Shift of the head against the base's own A/A noise", "A/A noise (%), log scale", "Shift, head vs base (%)");
        double threshold = report.Options.ThresholdPercent;
        // noise spans orders of magnitude: log10 across, from 0.1%
        static double X(double noisePercent) => Math.Log10(Math.Max(MinNoisePercent, noisePercent));
        double xMax = Math.Max(threshold * 1.5, points.Max(b => b.NoisePercent!.Value) * 1.1);
        // a regression lies above both the threshold and the diagonal (its own noise); right of the threshold only a
        // shift beyond the noise is judged
        double[] along = [.. Enumerable.Range(0, 101).Select(i => MinNoisePercent * Math.Pow(xMax / MinNoisePercent, i / 100.0))];
        foreach (int sign in new[] { 1, -1 })
        {
            var diagonal = plot.Add.ScatterLine(along.Select(X).ToArray(), along.Select(p => sign * p).ToArray(), Colors.Gray);
            diagonal.LinePattern = LinePattern.Dotted;
            var line = plot.Add.HorizontalLine(sign * threshold);
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.Gray;
        }
        var judgeLimit = plot.Add.VerticalLine(X(threshold));
        judgeLimit.LinePattern = LinePattern.Dashed;
        judgeLimit.Color = Colors.Gray;
        judgeLimit.Text = "threshold";

        var groups = new (AbVerdict Verdict, string Label, Color Color)[]
        {
            (AbVerdict.Same, "same", ChartKit.SeriesColor(0)),
            (AbVerdict.Faster, "faster", ChartKit.SeriesColor(2)),
            (AbVerdict.Slower, "slower (regression)", ChartKit.SeriesColor(3)),
            (AbVerdict.TooNoisy, "too noisy to judge", Colors.Gray),
        };
        foreach (var (verdict, label, color) in groups)
        {
            var group = points.Where(b => b.Verdict == verdict).ToList();
            if (group.Count == 0)
                continue;
            // the shift's size as the noise measures it (0.8 is 25% faster), signed: the diagonals then separate as the verdicts do
            double[] xs = [.. group.Select(b => X(b.NoisePercent!.Value))], ys = [.. group.Select(b => Math.Sign(b.Shift!.Estimate - 1) * RatioShift.AbsolutePercent(b.Shift.Estimate))];
            var scatter = plot.Add.ScatterPoints(xs, ys);
            scatter.Color = color;
            scatter.MarkerSize = 7;
            scatter.LegendText = $"{label} ({group.Count})";
        }
        ChartKit.LogAxis(plot.Axes.Bottom);
        // the points' range, not the diagonals': those run on to the noisiest benchmark's noise
        double yMax = Math.Max(threshold * 3, points.Max(b => RatioShift.AbsolutePercent(b.Shift!.Estimate)) * 1.2);
        plot.Axes.SetLimitsY(-yMax, yMax);
        plot.ShowLegend(Alignment.UpperLeft);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, ChartKit.Width, ChartKit.Height);
        return path;
    }

    private static string Explanation(AbReport report) =>
        $"Base (A) and head (B) measured on this machine in {report.BaseRounds}+{report.HeadRounds} interleaved rounds (A B, B A, …), "
        + "each a separate benchmark process, and each side's measurements pooled. Shift is the head's Hodges–Lehmann shift from "
        + $"the base with its distribution-free interval; A/A noise is the largest shift between two base rounds, B/B spread the same "
        + $"between the head's rounds. A benchmark is slower only when Mann–Whitney finds it slower by more than {report.Options.ThresholdText} "
        + $"at alpha {report.Options.Alpha.ToString(C)} and its shift also exceeds both spreads; one whose A/A noise exceeds the "
        + "threshold is tested against the spreads instead, and is too noisy to judge here unless its shift clears them.";

    private static List<string[]> Rows(IEnumerable<AbBenchmark> benchmarks) =>
        [.. benchmarks.Select(b => new[]
        {
            b.DisplayName,
            b.Shift is { } s ? TextTable.SignedPercent(s.Percent) : "",
            b.Shift is { } i ? $"[{TextTable.SignedPercent(i.LowerPercent)}, {TextTable.SignedPercent(i.UpperPercent)}]" : "",
            b.NoisePercent is { } noise ? noise.ToString("0.0", C) + "%" : "",
            b.HeadSpreadPercent is { } spread ? spread.ToString("0.0", C) + "%" : "",
            Median(b.BaseNs, b),
            Median(b.HeadNs, b),
            Verdict(b),
        })];

    private static string Median(IReadOnlyList<double> values, AbBenchmark row)
    {
        if (values.Count == 0)
            return "";
        double[] both = [.. new[] { row.BaseNs, row.HeadNs }.Where(v => v.Count > 0).Select(v => Results.Statistics.Median(v))];
        var unit = TimeUnit.GetBestTimeUnit(both);
        return TimeUnit.Convert(Results.Statistics.Median(values), TimeUnit.Nanosecond, unit).ToString("N2", C) + " " + unit.Abbreviation;
    }

    private static string Verdict(AbBenchmark b)
    {
        string text = b.Verdict switch
        {
            AbVerdict.Same => "Same",
            AbVerdict.Slower => "Slower",
            AbVerdict.Faster => "Faster",
            AbVerdict.TooNoisy => "Too noisy to judge here",
            AbVerdict.Undecided => "Undecided",
            AbVerdict.OnlyInBase => "Only in base",
            AbVerdict.OnlyInHead => "Only in head",
            AbVerdict.Failed => "Failed",
            _ => b.Verdict.ToString(),
        };
        if (b.Note is { } note)
            text += ": " + note;
        return b.IsRegression ? text + " (REGRESSION)" : text;
    }
}
