using System.Globalization;
using DiceOffload.ResultFiles;
using ScottPlot;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>The responsiveness scenario: how late a heartbeat on an event-loop-like thread runs while the job runs.</summary>
internal sealed class ResponsivenessSection : IReportSection
{
    public const string Title = "Keep an event loop responsive";

    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line($"## {Title}");
        text.Line();
        if (report.Results.Responsiveness is not { Runs.Count: > 0 } result)
        {
            text.Absent("Responsiveness", $"no {ResultsLayout.ResponsivenessFile}");
            return;
        }
        if (result.SchemaVersion != ResponsivenessResult.CurrentSchemaVersion)
        {
            text.Absent("Responsiveness", $"{ResultsLayout.ResponsivenessFile} has schema version {result.SchemaVersion}, and this report reads version {ResponsivenessResult.CurrentSchemaVersion}; re-run the study");
            return;
        }
        var plain = result.Plain().OrderBy(r => r.Workers).ThenBy(r => Cases.Rank(r.Strategy)).ToList();
        int[] workers = [.. plain.Select(r => r.Workers).Distinct().Order()];
        text.Chart(Lateness(report.Charts, plain), "Heartbeat lateness per strategy");
        string interval = result.HeartbeatIntervalMs.ToString("0.###", CultureInfo.InvariantCulture);
        text.Line($"A heartbeat every {interval} ms ran on an event-loop-like thread while {ReportFormat.Count(result.Throws)} throws ran under each strategy, started from that loop. "
            + $"Between callbacks the loop waits the way an event loop does: one blocking wait with a timeout and no spin phase (`{result.DefaultWait}`: `Monitor.Wait`), in whole milliseconds rounded up as `epoll_wait` takes them, so a beat can be up to a millisecond late on an idle machine. "
            + $"The percentiles pool every heartbeat due while the job ran, over {plain.Select(r => r.Repetitions.Count).DefaultIfEmpty(0).Max()} repetitions after one unmeasured warm-up; a beat the loop missed while it was blocked counts as late as it would have run (HdrHistogram's correction for coordinated omission), so a loop that was stalled for the whole job has percentiles too, and `samples` counts them. "
            + "The job's time is the median of the repetitions.");
        text.Line();
        if (Finding(plain) is { } finding)
        {
            text.Line(finding);
            text.Line();
        }
        text.TableInAppendix("Every heartbeat run", "Every strategy and worker count, with p50, p99.9 and the heartbeats run", table =>
        {
            table.Line("| strategy | workers | job (ms) | p50 lateness (ms) | p99 (ms) | p99.9 (ms) | max (ms) | heartbeats run | samples |");
            table.Line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var run in plain)
                table.Line($"| {run.Strategy} | {run.Workers} | {DisplayUnit.Number(run.ElapsedMs)} | {ResponsivenessRuns.Ms(run.P50LatenessMs)} | {ResponsivenessRuns.Ms(run.P99LatenessMs)} | {ResponsivenessRuns.Ms(run.P999LatenessMs)} | {ResponsivenessRuns.Ms(run.MaxLatenessMs)} | {ReportFormat.Count(run.Heartbeats)} | {ReportFormat.Count(run.LatenessSamples)} |");
            table.Line();
        });
    }

    // at the largest worker count: the stalled loop against the strategy that kept it best on time
    private static string? Finding(List<ResponsivenessRun> plain)
    {
        int workers = plain.Select(r => r.Workers).DefaultIfEmpty(0).Max();
        var atMost = plain.Where(r => r.Workers == workers).ToList();
        if (atMost.FirstOrDefault(r => r.Strategy == "inline") is not { } stalled
            || atMost.Where(r => r.Strategy != "inline").OrderBy(r => r.P99LatenessMs).FirstOrDefault() is not { } best)
            return null;
        return $"On {ReportFormat.Workers(workers)}, running the job on the loop's thread (inline) made the median heartbeat {ReportFormat.Ms(stalled.P50LatenessMs)} late and the worst {ReportFormat.Ms(stalled.MaxLatenessMs)}; "
            + $"offloaded, the best strategy ({best.Strategy}) kept the 99th percentile at {ReportFormat.Ms(best.P99LatenessMs)} and the worst beat at {ReportFormat.Ms(best.MaxLatenessMs)}.";
    }

    /// <summary>Grouped bars on a log scale: p99 and max lateness per strategy, at each worker count.</summary>
    private static string? Lateness(ChartKit charts, List<ResponsivenessRun> plain)
    {
        string[] strategies = [.. plain.Select(r => r.Strategy).Distinct().OrderBy(Cases.Rank)];
        var series = plain.Select(r => r.Workers).Distinct().Order().SelectMany(w => new[] { (Workers: w, Max: false), (Workers: w, Max: true) }).ToArray();
        if (strategies.Length == 0)
            return null;
        double width = 0.8 / series.Length, floor = Math.Log10(ReportMath.LatenessFloorMs);

        int most = plain.Max(r => r.Workers);
        var inline = plain.FirstOrDefault(r => r.Strategy == "inline" && r.Workers == most);
        var offloaded = plain.Where(r => r.Strategy != "inline" && r.Workers == most).MinBy(r => r.P99LatenessMs);
        string title = inline is not null && offloaded is not null
            ? $"On {ReportFormat.Workers(most)}, inline stalled the heartbeat for {ReportFormat.Ms(inline.MaxLatenessMs)}; off the loop, p99 went down to {ReportFormat.Ms(offloaded.P99LatenessMs)}"
            : "Heartbeat lateness per strategy";
        using var plot = ChartKit.NewPlot(title, "strategy", $"lateness (ms), log scale; under {ReportMath.LatenessFloorMs} ms drawn at {ReportMath.LatenessFloorMs}");
        for (int s = 0; s < series.Length; s++)
        {
            var (w, max) = series[s];
            var color = ChartKit.SeriesColor(s);
            ChartKit.AddBars(plot, strategies.Select((name, i) => (i, Run: plain.FirstOrDefault(r => r.Strategy == name && r.Workers == w)))
                .Where(p => p.Run is not null)
                .Select(p => new Bar { Position = p.i + (s - (series.Length - 1) / 2.0) * width, ValueBase = floor, Value = Math.Log10(Math.Max(ReportMath.LatenessFloorMs, max ? p.Run!.MaxLatenessMs : p.Run!.P99LatenessMs)), Size = width * 0.95, FillColor = color }));
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{(max ? "max" : "p99")}, {ReportFormat.Workers(w)}", FillColor = color });
        }

        ChartKit.LabelCategories(plot.Axes.Bottom, strategies);
        ChartKit.LogAxis(plot.Axes.Left);
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(bottom: 0);
        return charts.Save(plot, "responsiveness-lateness.png");
    }
}
