using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using ScottPlot;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>Jobs of growing size on every core: from what size each strategy beats the inline loop.</summary>
internal sealed class BreakEvenSection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        var cases = report.Experiment(Experiments.BreakEven);
        if (!text.ExperimentHeading("Break-even", cases, c => Chart(report.Charts, c)))
            return;
        text.Line($"A strategy beats inline at a size when the Mann–Whitney test finds it faster there at α = {Claims.Alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}; "
            + "its break-even is the smallest size from which it does so at every larger size too, and the size below says what the test found there.");
        text.Line();
        foreach (string method in cases.Methods().Where(m => m != Experiments.Inline))
        {
            string medians = Claims.BreakEven(cases, method).From is { } at && ReportMath.Inline(cases, at) is { } inline ? $" (medians {ReportFormat.Pair(at, inline)})" : "";
            text.Line($"- {Cases.StrategyName(method)}: {Claims.BreakEvenText(cases, method)}{medians}.");
        }
        text.Line();
        if (cases.FirstOrDefault(c => c.SharedFrom is not null) is { } shared)
        {
            text.Line($"The {ReportFormat.Throws(shared)}-throw row is the {shared.SharedFrom} experiment's on {ReportFormat.Workers(report.Cores)}: the same job on the same workers, measured once.");
            text.Line();
        }
        text.BenchmarkTable(cases);
    }

    /// <summary>Log-log lines of time against throws, one per strategy; a ring marks its break-even.</summary>
    private static string? Chart(ChartKit charts, IReadOnlyList<BenchmarkResult> cases)
    {
        string[] methods = cases.Methods();
        if (methods.Length == 0)
            return null;
        var unit = DisplayUnit.For(cases.Select(c => c.MedianNs!.Value));

        using var plot = ChartKit.NewPlot("Break-even: time against job size (rings: faster than inline from here, Mann–Whitney)", "throws", $"median time ({unit.Symbol})");
        foreach (string method in methods)
        {
            var points = cases.Where(c => c.Method == method).OrderBy(c => c.Number(ExperimentParameters.Throws)).ToList();
            var color = ChartKit.StrategyColor(method);
            var line = plot.Add.Scatter(points.Select(p => Math.Log10(p.Number(ExperimentParameters.Throws))).ToArray(), points.Select(p => Math.Log10(unit.From(p.MedianNs!.Value))).ToArray(), color);
            line.LegendText = Cases.StrategyName(method);
            line.LineWidth = 2;
            line.MarkerSize = 6;
            ChartKit.AddErrorBars(plot, points.Select(p => (Math.Log10(p.Number(ExperimentParameters.Throws)), p)), unit, log: true, color);
            if (Claims.BreakEven(cases, method).From is { } crossover)
                plot.Add.Marker(Math.Log10(crossover.Number(ExperimentParameters.Throws)), Math.Log10(unit.From(crossover.MedianNs!.Value)), MarkerShape.OpenCircle, 22, color);
        }

        ChartKit.LogAxis(plot.Axes.Bottom);
        ChartKit.LogAxis(plot.Axes.Left);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(0.08, 0.1);
        return charts.Save(plot, "break-even.png");
    }
}
