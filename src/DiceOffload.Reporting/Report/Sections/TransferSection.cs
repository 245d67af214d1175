using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>Getting results of growing size back to the caller: in-process copy, pipe, shared memory.</summary>
internal sealed class TransferSection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        var cases = report.Experiment(Experiments.Transfer);
        if (!text.ExperimentHeading("Transfer", cases, c => Chart(report.Charts, c)))
            return;
        double largest = cases.Values(ExperimentParameters.SizeBytes).DefaultIfEmpty(0).Max();
        var at = cases.With(ExperimentParameters.SizeBytes, largest).ToList();
        if (at.Method(Experiments.Inline) is { } inline)
        {
            var unit = DisplayUnit.For(at.Select(c => c.MedianNs!.Value));
            text.Line($"At {ReportFormat.Bytes(largest)}, the in-process copy takes {unit.Format(inline.MedianNs!.Value)}; "
                + string.Join(", ", at.Where(c => c.Method != Experiments.Inline).OrderBy(c => Cases.Rank(c.Method)).Select(c => $"{Cases.StrategyName(c.Method)} takes {unit.Format(c.MedianNs!.Value)} ({ReportFormat.Ratio(c.MedianNs!.Value / inline.MedianNs!.Value)})")) + ".");
            text.Line();
        }
        text.BenchmarkTableInAppendix("Transfer", cases);
    }

    /// <summary>Log-log lines of time against payload size: in-process copy, pipe, shared memory.</summary>
    private static string? Chart(ChartKit charts, IReadOnlyList<BenchmarkResult> cases)
    {
        string[] methods = cases.Methods();
        double[] sizes = cases.Values(ExperimentParameters.SizeBytes);
        if (methods.Length == 0 || sizes.Length == 0)
            return null;
        var unit = DisplayUnit.For(cases.Select(c => c.MedianNs!.Value));

        using var plot = ChartKit.NewPlot("Transfer: getting a result of each size back to the caller", "payload size", $"median time ({unit.Symbol}), {ReportFormat.IntervalLabel}");
        foreach (string method in methods)
        {
            var points = cases.Where(c => c.Method == method).OrderBy(c => c.Number(ExperimentParameters.SizeBytes)).ToList();
            var color = ChartKit.StrategyColor(method);
            var line = plot.Add.Scatter(points.Select(p => Math.Log10(p.Number(ExperimentParameters.SizeBytes))).ToArray(), points.Select(p => Math.Log10(unit.From(p.MedianNs!.Value))).ToArray(), color);
            line.LegendText = method == Experiments.Inline ? "inline (in-process copy)" : Cases.StrategyName(method);
            line.LineWidth = 2;
            line.MarkerSize = 8;
            ChartKit.AddErrorBars(plot, points.Select(p => (Math.Log10(p.Number(ExperimentParameters.SizeBytes)), p)), unit, log: true, color);
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual([.. sizes.Select(Math.Log10)], [.. sizes.Select(ReportFormat.Bytes)]);
        ChartKit.LogAxis(plot.Axes.Left);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(0.08, 0.1);
        return charts.Save(plot, "transfer.png");
    }
}
