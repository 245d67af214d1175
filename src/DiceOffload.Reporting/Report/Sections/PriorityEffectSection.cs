using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using ScottPlot;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>The in-process strategies with BenchmarkDotNet's raised priority left in place and reset to normal.</summary>
internal sealed class PriorityEffectSection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        var cases = report.Experiment(Experiments.PriorityEffect);
        bool measured = text.ExperimentHeading("Priority effect", cases, c => Chart(report.Charts, c), level: 3);
        if (report.Results.NiceValuesByPriority.Count > 0)
        {
            text.Line("The priority-effect benchmarks logged these thread nice values in their global setup: "
                + string.Join("; ", report.Results.NiceValuesByPriority.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}")) + ".");
            text.Line();
        }
        if (!measured)
            return;
        text.Line("BenchmarkDotNet raises its benchmark process to high priority and its benchmark thread to the highest; on Linux that is the thread's nice value (-11), which the threads and worker processes started from that thread inherit, but pool threads started by other threads do not. "
            + "Left alone, that would favour `inline` and the caller's share of `parallel-for` over the other strategies. The study therefore resets every thread of the benchmark process to normal priority in each global setup (`bench/Benchmarks/PriorityControl.cs`), and the priority-effect experiment measures what the reset changes.");
        text.Line();
        foreach (string method in cases.Methods())
        {
            var raised = cases.Where(c => c.Param(ExperimentParameters.Priority) == ExperimentParameters.RaisedPriority).Method(method);
            var normal = cases.Where(c => c.Param(ExperimentParameters.Priority) == ExperimentParameters.NormalPriority).Method(method);
            if (raised is not null && normal is not null)
                text.Line($"- {Cases.StrategyName(method)}: {ReportFormat.Pair(raised, normal).Replace(" vs ", " with BenchmarkDotNet's priority, ", StringComparison.Ordinal)} reset to normal ({ReportFormat.Ratio(raised.MedianNs!.Value / normal.MedianNs!.Value)} of the normal-priority time).");
        }
        text.Line();
        text.BenchmarkTable(cases);
    }

    /// <summary>Grouped bars: each in-process strategy with BenchmarkDotNet's raised priority and with normal priority.</summary>
    private static string? Chart(ChartKit charts, IReadOnlyList<BenchmarkResult> cases)
    {
        string[] methods = cases.Methods();
        string[] priorities = [.. cases.Select(c => c.Param(ExperimentParameters.Priority)).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
        if (methods.Length == 0 || priorities.Length == 0)
            return null;
        var unit = DisplayUnit.For(cases.Select(c => c.MedianNs!.Value));
        double width = 0.8 / priorities.Length;

        using var plot = ChartKit.NewPlot("Priority effect: BenchmarkDotNet's raised priority against normal", "strategy", $"median time ({unit.Symbol}), {ReportFormat.IntervalLabel}");
        for (int p = 0; p < priorities.Length; p++)
        {
            var series = methods.Select((m, i) => (Position: i + (p - (priorities.Length - 1) / 2.0) * width, Case: cases.Where(c => c.Param(ExperimentParameters.Priority) == priorities[p]).Method(m)))
                .Where(x => x.Case is not null).ToList();
            var color = ChartKit.SeriesColor(p);
            ChartKit.AddBars(plot, series.Select(x => new Bar { Position = x.Position, Value = unit.From(x.Case!.MedianNs!.Value), Size = width * 0.95, FillColor = color }));
            ChartKit.AddErrorBars(plot, series.Select(x => (x.Position, x.Case!)), unit, log: false);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = priorities[p] == ExperimentParameters.NormalPriority ? "reset to normal (the study's policy)" : $"left as {priorities[p]} set it", FillColor = color });
        }

        ChartKit.LabelCategories(plot.Axes.Bottom, methods.Select(Cases.StrategyName));
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(bottom: 0);
        return charts.Save(plot, "priority-effect.png");
    }
}
