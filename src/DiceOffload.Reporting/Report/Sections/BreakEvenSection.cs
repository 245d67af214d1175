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
        text.BenchmarkTableInAppendix("Break-even", cases);
    }

    /// <summary>Each strategy's time over inline's at each job size (the Hodges–Lehmann ratio, whiskers its interval), on a
    /// log scale with inline at 1: below the line the hand-off paid; a ring marks the break-even.</summary>
    private static string? Chart(ChartKit charts, IReadOnlyList<BenchmarkResult> cases)
    {
        string[] methods = [.. cases.Methods().Where(m => m != Experiments.Inline)];
        if (methods.Length == 0)
            return null;
        using var plot = ChartKit.NewPlot("Time over inline's at each job size: below 1 the hand-off paid (rings: break-even)", "throws", "time ÷ inline's (Hodges–Lehmann ratio), log scale");
        foreach (string method in methods)
        {
            var points = cases.Where(c => c.Method == method).OrderBy(c => c.Number(ExperimentParameters.Throws))
                .Select(c => (Case: c, Ratio: ReportMath.Inline(cases, c) is { } inline ? Claims.Speedup(inline, c) : null))
                .Where(p => p.Ratio is not null).ToList();
            if (points.Count == 0)
                continue;
            var color = ChartKit.StrategyColor(method);
            double[] xs = [.. points.Select(p => Math.Log10(p.Case.Number(ExperimentParameters.Throws)))];
            double[] ys = [.. points.Select(p => Math.Log10(p.Ratio!.Estimate))];
            var line = plot.Add.Scatter(xs, ys, color);
            line.LegendText = Cases.StrategyName(method);
            line.LineWidth = 2;
            line.MarkerSize = 6;
            var whiskers = plot.Add.ErrorBar(xs, ys, [.. ys.Select(_ => 0.0)]);
            whiskers.YErrorNegative = [.. points.Select((p, i) => ys[i] - Math.Log10(p.Ratio!.Lower))];
            whiskers.YErrorPositive = [.. points.Select((p, i) => Math.Log10(p.Ratio!.Upper) - ys[i])];
            whiskers.Color = color;
            if (Claims.BreakEven(cases, method).From is { } crossover && points.FirstOrDefault(p => p.Case == crossover) is { Ratio: { } at })
                plot.Add.Marker(Math.Log10(crossover.Number(ExperimentParameters.Throws)), Math.Log10(at.Estimate), MarkerShape.OpenCircle, 22, color);
        }
        var one = plot.Add.HorizontalLine(0, 1.5f, Colors.Black, LinePattern.Dashed);
        one.LegendText = "inline (1)";
        ChartKit.LogAxis(plot.Axes.Bottom);
        ChartKit.LogAxis(plot.Axes.Left);
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(0.08, 0.1);
        return charts.Save(plot, "break-even.png");
    }
}
