using DiceOffload.ResultFiles;
using ScottPlot;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>
/// How the loop's thread waits between callbacks, measured: the same job at every core with the loop waiting on each
/// primitive, and what the scheduler did with the loop's thread meanwhile (the mechanism).
/// </summary>
internal sealed class LoopWaitSection : IReportSection
{
    public void Write(ReportContext report)
    {
        if (report.Results.CurrentResponsiveness() is not { } result
            || result.ByWait().Where(r => r.Wait != result.DefaultWait).ToList() is not { Count: > 0 })
            return;
        var runs = result.ByWait().OrderBy(r => Cases.Rank(r.Strategy)).ThenBy(r => r.P99LatenessMs).ToList();
        var text = report.Text;
        text.Line("### How the loop waits changes the stall");
        text.Line();
        text.Chart(Chart(report.Charts, runs), "p99 heartbeat lateness per way of waiting");
        text.Line("`BlockingCollection`, `SemaphoreSlim`, `ManualResetEventSlim` and `Channel` spin before they block, and part of that spin is `Thread.Yield`, a `sched_yield` that hands the core to any other runnable thread: "
            + "with every core busy, each yield can cost the loop a scheduler slice. `yield-then-monitor` isolates that (`Monitor.Wait` after the yields alone). "
            + "The scheduler figures are the loop thread's own, from `/proc/self/task/*/schedstat`, per heartbeat.");
        text.Line();
        foreach (string strategy in runs.Select(r => r.Strategy).Distinct())
        {
            if (Finding(result, runs.Where(r => r.Strategy == strategy).ToList()) is { } finding)
                text.Line($"- {finding}");
        }
        text.Line();
        text.TableInAppendix("Every way of waiting, with the loop thread's scheduler figures", "The table of every wait", Table(runs));
    }

    private static Action<MarkdownWriter> Table(List<ResponsivenessRun> runs) => text =>
    {
        text.Line("| strategy | workers | loop waits on | p50 (ms) | p99 (ms) | max (ms) | heartbeats run | run-queue wait per beat (ms) | involuntary switches per beat | loop CPU per beat (ms) |");
        text.Line("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in runs)
            text.Line($"| {r.Strategy} | {r.Workers} | {r.Wait} | {ResponsivenessRuns.Ms(r.P50LatenessMs)} | {ResponsivenessRuns.Ms(r.P99LatenessMs)} | {ResponsivenessRuns.Ms(r.MaxLatenessMs)} | {ReportFormat.Count(r.Heartbeats)} | {Figure(r.RunQueueWaitMsPerBeat)} | {Figure(r.InvoluntarySwitchesPerBeat)} | {Figure(r.LoopCpuMsPerBeat)} |");
        text.Line();
    };

    // one strategy's runs: the default wait against the latest one, and what the yields alone did
    private static string? Finding(ResponsivenessResult result, List<ResponsivenessRun> runs)
    {
        if (runs.FirstOrDefault(r => r.Wait == result.DefaultWait) is not { } best || runs.OrderBy(r => r.P99LatenessMs).LastOrDefault() is not { } worst || worst == best)
            return null;
        string finding = $"{best.Strategy} on {ReportFormat.Workers(best.Workers)}: p99 {ReportFormat.Ms(best.P99LatenessMs)} waiting on `{best.Wait}`, {ReportFormat.Ms(worst.P99LatenessMs)} on `{worst.Wait}` ({ReportFormat.Ratio(worst.P99LatenessMs / Math.Max(best.P99LatenessMs, ReportMath.LatenessFloorMs))})";
        if (best.RunQueueWaitMsPerBeat is { } bestQueue && worst.RunQueueWaitMsPerBeat is { } worstQueue && best.InvoluntarySwitchesPerBeat is { } bestSwitches && worst.InvoluntarySwitchesPerBeat is { } worstSwitches)
            finding += $"; per heartbeat, the loop's thread waited {Figure(worstQueue)} ms for a core and was switched out {Figure(worstSwitches)} times without blocking on `{worst.Wait}`, against {Figure(bestQueue)} ms and {Figure(bestSwitches)} times on `{best.Wait}`";
        if (runs.FirstOrDefault(r => r.Wait == "yield-then-monitor") is { } yields)
            finding += $"; with only the yields added to `{best.Wait}`, p99 was {ReportFormat.Ms(yields.P99LatenessMs)}";
        return finding + ".";
    }

    private static string Figure(double? value) => value is { } v ? DisplayUnit.Number(v) : "n/a";

    /// <summary>Bars on a log scale: p99 lateness per way of waiting, one group per strategy.</summary>
    private static string? Chart(ChartKit charts, List<ResponsivenessRun> runs)
    {
        string[] waits = [.. runs.Select(r => r.Wait).Distinct()];
        string[] strategies = [.. runs.Select(r => r.Strategy).Distinct()];
        double width = 0.8 / strategies.Length, floor = Math.Log10(ReportMath.LatenessFloorMs);

        using var plot = ChartKit.NewPlot("p99 heartbeat lateness at every core, by how the loop waits", "the loop waits on", "p99 lateness (ms), log scale");
        for (int s = 0; s < strategies.Length; s++)
        {
            var color = ChartKit.StrategyColor(strategies[s]);
            ChartKit.AddBars(plot, waits.Select((wait, i) => (i, Run: runs.FirstOrDefault(r => r.Wait == wait && r.Strategy == strategies[s])))
                .Where(p => p.Run is not null)
                .Select(p => new Bar { Position = p.i + (s - (strategies.Length - 1) / 2.0) * width, ValueBase = floor, Value = Math.Log10(Math.Max(ReportMath.LatenessFloorMs, p.Run!.P99LatenessMs)), Size = width * 0.95, FillColor = color }));
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = strategies[s], FillColor = color });
        }

        ChartKit.LabelCategories(plot.Axes.Bottom, waits);
        ChartKit.LogAxis(plot.Axes.Left);
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(bottom: 0);
        return charts.Save(plot, "responsiveness-waits.png");
    }
}
