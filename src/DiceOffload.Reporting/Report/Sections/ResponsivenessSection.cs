using System.Globalization;
using DiceOffload.Reporting.Results;
using ScottPlot;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>The responsiveness scenario: how late a heartbeat on an event-loop-like thread runs while the job runs.</summary>
internal sealed class ResponsivenessSection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line("## Responsiveness");
        text.Line();
        if (report.Results.Responsiveness is not { Runs.Count: > 0 } result)
        {
            text.Absent("Responsiveness", $"no {ScenarioFiles.ResponsivenessFile}");
            return;
        }
        int[] workers = [.. result.Runs.Select(r => r.Workers).Distinct().Order()];
        text.Chart(Timeline(report.Charts, result, workers.Contains(report.Cores) ? report.Cores : workers[^1]), "Heartbeat lateness over time");
        text.Chart(Lateness(report.Charts, result), "Worst and 99th-percentile heartbeat lateness");
        text.Line($"A heartbeat every {result.HeartbeatIntervalMs.ToString("0.###", CultureInfo.InvariantCulture)} ms ran on an event-loop-like thread while {ReportFormat.Count(result.Throws)} throws ran under each strategy. "
            + "Figures are medians of the repetitions; the timeline is the median repetition's, with 0 the job's start.");
        text.Line();
        text.Line("| strategy | workers | elapsed (ms) | max lateness (ms) | p99 lateness (ms) | repetitions |");
        text.Line("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var run in result.Runs.OrderBy(r => r.Workers).ThenBy(r => Cases.Rank(r.Strategy)))
            text.Line($"| {run.Strategy} | {run.Workers} | {DisplayUnit.Number(run.ElapsedMs)} | {DisplayUnit.Number(run.MaxLatenessMs)} | {DisplayUnit.Number(run.P99LatenessMs)} | {run.Repetitions.Count} |");
        text.Line();
    }

    /// <summary>Each heartbeat's lateness over the run, per strategy, at one worker count.</summary>
    private static string? Timeline(ChartKit charts, ResponsivenessResult result, int workers)
    {
        var runs = result.Runs.Where(r => r.Workers == workers && r.Timeline.Count > 0).OrderBy(r => Cases.Rank(r.Strategy)).ToList();
        if (runs.Count == 0)
            return null;

        using var plot = ChartKit.NewPlot($"Heartbeat lateness while the job runs ({workers} workers, {result.HeartbeatIntervalMs.ToString("0.###", CultureInfo.InvariantCulture)} ms heartbeat)", "time since the job started (ms)", "lateness (ms)");
        foreach (var run in runs)
        {
            var line = plot.Add.Scatter(run.Timeline.Select(t => t.AtMs).ToArray(), run.Timeline.Select(t => t.LatenessMs).ToArray(), ChartKit.StrategyColor(run.Strategy));
            line.LegendText = run.Strategy;
            line.LineWidth = 1.5f;
            line.MarkerSize = 4;
        }
        plot.Add.VerticalLine(0, 1, Colors.Gray, LinePattern.Dashed);

        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Margins(bottom: 0.02);
        return charts.Save(plot, $"responsiveness-timeline-{workers}-workers.png");
    }

    /// <summary>Grouped bars on a log scale: the worst and the 99th-percentile lateness per strategy, at each worker count.</summary>
    private static string? Lateness(ChartKit charts, ResponsivenessResult result)
    {
        string[] strategies = [.. result.Runs.Select(r => r.Strategy).Distinct().OrderBy(Cases.Rank).ThenBy(s => s, StringComparer.Ordinal)];
        int[] workers = [.. result.Runs.Select(r => r.Workers).Distinct().Order()];
        if (strategies.Length == 0)
            return null;
        var series = workers.SelectMany(w => new[] { (Workers: w, Max: true), (Workers: w, Max: false) }).ToArray();
        double width = 0.8 / series.Length;

        using var plot = ChartKit.NewPlot($"Heartbeat lateness per strategy (medians; under {ReportMath.LatenessFloorMs} ms drawn at {ReportMath.LatenessFloorMs} ms)", "strategy", "lateness (ms), log scale");
        double floor = Math.Log10(ReportMath.LatenessFloorMs);
        for (int s = 0; s < series.Length; s++)
        {
            var (w, max) = series[s];
            var color = ChartKit.SeriesColor(s);
            ChartKit.AddBars(plot, strategies.Select((name, i) => (i, Run: result.Runs.FirstOrDefault(r => r.Strategy == name && r.Workers == w)))
                .Where(p => p.Run is not null)
                .Select(p => new Bar
                {
                    Position = p.i + (s - (series.Length - 1) / 2.0) * width,
                    ValueBase = floor,
                    Value = Math.Log10(Math.Max(ReportMath.LatenessFloorMs, max ? p.Run!.MaxLatenessMs : p.Run!.P99LatenessMs)),
                    Size = width * 0.95,
                    FillColor = color,
                }));
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{(max ? "max" : "p99")}, {w} worker{(w == 1 ? "" : "s")}", FillColor = color });
        }

        ChartKit.LabelCategories(plot.Axes.Bottom, strategies);
        ChartKit.LogAxis(plot.Axes.Left);
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(bottom: 0);
        return charts.Save(plot, "responsiveness-lateness.png");
    }
}
