using System.Globalization;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using DiceOffload.Strategies;
using ScottPlot;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>The article's own Node.js code on the same machine, beside the .NET strategy that does the same thing.</summary>
internal sealed class NodeSection : IReportSection
{
    // each .NET strategy's benchmark method and the Node.js mode that does the same thing
    private static readonly (string Method, string Mode)[] Pairs =
        [(Experiments.Inline, "inline"), (ThreadStrategy.Entry.BenchmarkMethod, "worker_threads"), (ProcessStrategy.Entry.BenchmarkMethod, "fork"), (SharedMemoryStrategy.Entry.BenchmarkMethod, "shared-array-buffer")];

    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line("### The article's Node.js code on the same machine");
        text.Line();
        if (report.Results.Node is not { } node)
        {
            text.Absent("Node.js", $"skipped: no {ResultsLayout.NodeFile} in the results (Node.js was not on the PATH, or the study ran without its Node.js scenario)");
            return;
        }
        var throughput = report.Experiment(Experiments.Throughput);
        var rows = Rows(node, throughput).ToList();
        text.Chart(Chart(report.Charts, rows), "The same job in .NET and in the article's Node.js code");
        text.Line($"`node/bench.js` ran the article's `diceRun()` under Node.js {node.Node} on {node.Cores} cores ({node.StartedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC): {node.Repetitions} timed runs per figure after a warm-up run, the median and the range of the timed runs; starting the workers is in every run, as the article runs it. "
            + "The .NET column is the Throughput experiment's median for the strategy that does the same thing. "
            + "What differs in method: Node.js draws each die with `Math.random()` (unseeded) and `Math.floor`, .NET with seeded xoshiro256** and Lemire's unbiased reduction, so the Node.js histograms are checked against the exact distribution (one chi-square test per mode on all its throws, at 0.1% for the program as a whole; a failing fit fails the run) rather than compared bit for bit; both runtimes compile the loop while it runs: the warm-up run keeps that out of the inline figures, but a mode that starts a worker thread or process compiles the loop again in every run, in both runtimes, as it starts the worker.");
        text.Line();
        text.Line("| .NET strategy | Node.js | throws | workers | .NET median (ms) | Node.js median (ms) | Node.js range (ms) | Node.js / .NET |");
        text.Line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (method, run, dotnet) in rows)
        {
            string ratio = dotnet?.MedianNs is { } ns ? ReportFormat.Ratio(run.MedianMs / (ns / 1e6)) : "n/a";
            text.Line($"| {Cases.StrategyName(method)} | {run.Mode} | {ReportFormat.Count(run.Throws)} | {run.Workers} | {(dotnet?.MedianNs is { } d ? DisplayUnit.Number(d / 1e6) : "not measured")} | {DisplayUnit.Number(run.MedianMs)} | {DisplayUnit.Number(run.MinMs)} – {DisplayUnit.Number(run.MaxMs)} | {ratio} |");
        }
        text.Line();
        Heartbeats(report, node);
    }

    // the Node.js runs with the .NET case of the same job, workers and kind
    private static IEnumerable<(string Method, NodeRun Run, BenchmarkResult? DotNet)> Rows(NodeResult node, IReadOnlyList<BenchmarkResult> throughput) =>
        from run in node.Runs
        from pair in Pairs.Where(p => p.Mode == run.Mode)
        orderby run.Throws, run.Workers, Array.IndexOf(Pairs, pair)
        select (pair.Method, run, throughput.With(ExperimentParameters.Throws, run.Throws).With(ExperimentParameters.Workers, run.Workers).Method(pair.Method));

    private static void Heartbeats(ReportContext report, NodeResult node)
    {
        var text = report.Text;
        var dotnet = report.Results.CurrentResponsiveness() is { } r ? r.Plain().Where(p => p.Workers == 1).ToList() : [];
        text.Line("The article's timer demo in both runtimes: a heartbeat while the job runs on the main thread (the event loop), then on one worker; lateness with missed beats filled in, as in \"Keep an event loop responsive\".");
        text.Line();
        text.Line("| runtime | the job runs | throws | heartbeat (ms) | p50 lateness (ms) | p99 (ms) | max (ms) | beats that ran |");
        text.Line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var beat in node.Heartbeats)
            text.Line($"| Node.js | {(beat.Where == "inline" ? "on the loop" : "on a worker thread")} | {ReportFormat.Count(beat.Throws)} | {DisplayUnit.Number(beat.IntervalMs)} | {DisplayUnit.Number(beat.P50LatenessMs)} | {DisplayUnit.Number(beat.P99LatenessMs)} | {DisplayUnit.Number(beat.MaxLatenessMs)} | {ReportFormat.Count(beat.Beats)} |");
        foreach (var run in dotnet.Where(p => p.Strategy is "inline" or "thread"))
            text.Line($"| .NET | {(run.Strategy == "inline" ? "on the loop" : "on a worker thread")} | {ReportFormat.Count(report.Results.Responsiveness!.Throws)} | {DisplayUnit.Number(report.Results.Responsiveness.HeartbeatIntervalMs)} | {DisplayUnit.Number(run.P50LatenessMs)} | {DisplayUnit.Number(run.P99LatenessMs)} | {DisplayUnit.Number(run.MaxLatenessMs)} | {ReportFormat.Count(run.Heartbeats)} |");
        text.Line();
        text.Line("Each runtime times its own timer, and the two differ below a millisecond and in their schedule: the .NET loop waits whole milliseconds rounded up, which puts up to a millisecond into every beat (its median of about half a millisecond), and keeps a fixed schedule unless a beat is a whole interval late; "
            + "Node's `setInterval` reschedules from each beat on libuv's own millisecond clock, and a beat that fires early by `performance.now()` counts as 0 here. "
            + "So only large differences compare across the two runtimes: a blocked loop against a free one, not the medians or a millisecond of p99.");
        text.Line();
    }

    /// <summary>Grouped bars: .NET and Node.js medians per strategy pair at the largest job, one group per pair and worker
    /// count, on a linear axis from zero (the times lie within a decade or so, where a log axis has one or two ticks).</summary>
    private static string? Chart(ChartKit charts, List<(string Method, NodeRun Run, BenchmarkResult? DotNet)> rows)
    {
        long largest = rows.Select(r => r.Run.Throws).DefaultIfEmpty(0).Max();
        var groups = rows.Where(r => r.Run.Throws == largest && r.DotNet?.MedianNs is not null).ToList();
        if (groups.Count == 0)
            return null;
        double[] ratios = [.. groups.Select(g => g.Run.MedianMs / (g.DotNet!.MedianNs!.Value / 1e6))];
        string span = ratios.Min() == ratios.Max() ? ReportFormat.Ratio(ratios[0]) : $"{ReportFormat.Ratio(ratios.Min())[..^1]}–{ReportFormat.Ratio(ratios.Max())}";
        using var plot = ChartKit.NewPlot($"{DisplayUnit.Number(largest)} throws: the article's Node.js code took {span} the .NET time", ".NET strategy (its Node.js counterpart in the table) × workers", "median time (ms)");
        (string Label, Func<(string Method, NodeRun Run, BenchmarkResult? DotNet), double> Ms)[] series =
            [(".NET", g => g.DotNet!.MedianNs!.Value / 1e6), ("Node.js", g => g.Run.MedianMs)];
        for (int s = 0; s < series.Length; s++)
        {
            var color = ChartKit.SeriesColor(s);
            ChartKit.AddBars(plot, groups.Select((g, i) => new Bar { Position = i + ((s - 0.5) * 0.4), Value = series[s].Ms(g), Size = 0.38, FillColor = color, Label = DisplayUnit.Number(series[s].Ms(g)) }));
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Label, FillColor = color });
        }

        ChartKit.LabelCategories(plot.Axes.Bottom, groups.Select(g => $"{Cases.StrategyName(g.Method)} ×{g.Run.Workers}"));
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(bottom: 0, top: 0.12);
        return charts.Save(plot, "node.png");
    }
}
