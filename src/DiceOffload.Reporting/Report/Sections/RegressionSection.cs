using DiceOffload.Reporting.Comparison;
using ScottPlot;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>Only when a baseline was given or found: each benchmark's change against it, as <c>compare</c> computes it.</summary>
internal sealed class RegressionSection : IReportSection
{
    public void Write(ReportContext report)
    {
        if (report.Comparison is not { } comparison)
            return;
        var text = report.Text;
        text.Line("### Regression check");
        text.Line();
        if (comparison.IsSameRun)
        {
            text.Line($"The baseline in `{text.Relative(comparison.Baseline.Folder)}` holds this run's own measurements ({comparison.Benchmarks.Count} benchmarks), so there is nothing to compare: it is the baseline later runs are compared with.");
            text.Line();
            return;
        }
        text.Line($"This run against the baseline in `{text.Relative(comparison.Baseline.Folder)}`: {comparison.Summary()}");
        text.Line();
        text.Chart(Chart(report.Charts, comparison), "Change against the baseline");
        using var table = new StringWriter { NewLine = "\n" };
        ComparisonTable.WriteMarkdownTable(comparison, table, notableOnly: true);
        text.Append(table.ToString());
        text.Line();
    }

    /// <summary>Horizontal bars: every benchmark whose time changed beyond the test, the largest change first, with the threshold band.</summary>
    private static string? Chart(ChartKit charts, ComparisonReport report)
    {
        var rows = report.Benchmarks.Where(b => b.ChangePercent is not null && b.TimeVerdict is TimeVerdict.Slower or TimeVerdict.Faster)
            .OrderByDescending(b => Math.Abs(b.ChangePercent!.Value)).ThenBy(b => b.DisplayName, StringComparer.Ordinal)
            .Reverse().ToList();
        if (rows.Count == 0)
            return null;
        double threshold = report.Options.ThresholdPercent;

        using var plot = ChartKit.NewPlot($"Change against the baseline ({report.Options.Mode.ToString().ToLowerInvariant()} mode; band: ±{report.Options.ThresholdText})", "change of the median (%)", "");
        var band = plot.Add.HorizontalSpan(-threshold, threshold);
        band.FillStyle.Color = Colors.Gray.WithAlpha(0.2);
        var bars = plot.Add.Bars(rows.Select((r, i) => new Bar
        {
            Position = i,
            Value = r.ChangePercent!.Value,
            FillColor = r.IsRegression ? Colors.Crimson : r.TimeVerdict == TimeVerdict.Faster ? Colors.SeaGreen : Colors.SteelBlue,
        }).ToArray());
        bars.Horizontal = true;

        ChartKit.LabelCategories(plot.Axes.Left, rows.Select(r => r.DisplayName));
        plot.Axes.SetLimitsX(Math.Min(-2 * threshold, rows.Min(r => r.ChangePercent!.Value) * 1.1), Math.Max(2 * threshold, rows.Max(r => r.ChangePercent!.Value) * 1.1));
        return charts.Save(plot, "comparison.png", ChartKit.Width, Math.Max(ChartKit.Height, 120 + (rows.Count * 22)));
    }
}
