using System.Globalization;
using DiceOffload.ResultFiles;
using ScottPlot;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>The web-server scenario: <c>/ping</c> latency while heavy <c>/roll</c> jobs run, the server's thread pool, the cluster drill.</summary>
internal sealed class ServerSection : IReportSection
{
    public const string Title = "Keep a web server responsive";

    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line($"## {Title}");
        text.Line();
        if (report.Results.Server is not { SchemaVersion: ServerResult.CurrentSchemaVersion, Runs.Count: > 0 } server)
        {
            text.Absent(Title, $"no version-{ServerResult.CurrentSchemaVersion} {ResultsLayout.ServerFile}");
            return;
        }
        int cores = server.Environment.ProcessorCount;
        int maxWorkers = server.Runs.Max(r => r.Workers);
        text.Line($"The article's scenario with a real server: `serve` (ASP.NET Core on Kestrel) in its own process, `/ping` sent at {Number(server.PingRatePerSecond)} requests a second by an open-loop generator for {Number(server.LoadMs)} ms, "
            + $"and {ReportFormat.Count(server.Throws)}-throw `/roll` jobs sent {Number(server.JobStartMs)} ms in: one client, then one per core ({cores}). "
            + "Each latency runs from the request's intended send time, so a stalled server cannot hide its stall behind a client that waited (the generator's own lag is in the appendix's table). "
            + $"Kestrel serves requests on thread-pool threads: jobs that take every pool thread starve it. \"at nice +10\" lowers the strategy's workers below the request threads (`priority=lowered`). One run per case; each p99 rests on about {ReportFormat.Count(server.Runs.Min(r => r.Requests))} requests.");
        text.Line();
        text.Chart(Timeline(report.Charts, server, maxWorkers), "/ping latency over time");
        text.Chart(Bars(report.Charts, server), "/ping p99 per strategy");
        text.Chart(Pool(report.Charts, server, maxWorkers), "the server's thread pool over time");

        text.TableInAppendix("Every server run", "Every run, with p50, p99.9, the jobs' times and the generator's lag", RunsTable(server));
        WhatToUse(text, server, maxWorkers);
        Drill(text, server.Drill);
        text.Line(server.CrossCheck.Tool is null || server.CrossCheck.P99Ms is null
            ? $"Cross-check with a load generator nobody here wrote: {server.CrossCheck.Note}."
            : $"Cross-check: {server.CrossCheck.Tool} against `/ping` beside the same job ({server.CrossCheck.Configuration}) measured p99 {ReportFormat.Ms(server.CrossCheck.P99Ms.Value)}, "
              + $"where the study's open-loop generator measured {(server.CrossCheck.OurP99Ms is { } ours ? ReportFormat.Ms(ours) : "n/a")}; {server.CrossCheck.Note}.");
        text.Line();
    }

    // the configurations a reader chooses between, each answered by the lowest /ping p99 measured (one run each)
    private static void WhatToUse(MarkdownWriter text, ServerResult server, int maxWorkers)
    {
        var rows = new List<(string When, ServerRun? Best)>
        {
            ("one heavy job that should use every core", Lowest(Claims.ServerEveryCore(server))),
            ("one heavy job on one core", Lowest(server.Runs.Where(r => r.Workers == 1 && r.Clients == 1))),
            ($"{server.Runs.Max(r => r.Clients)} heavy jobs at once, each on every core", Lowest(server.Runs.Where(r => r.Workers == maxWorkers && r.Clients > 1 && r.Strategy != "inline"))),
        };
        var inline = server.Runs.Where(r => r.Strategy == "inline" && r.Clients == 1 && r.Priority == ServerRun.Normal).MinBy(r => r.Workers);
        text.Line("What to use when, by the lowest `/ping` p99 each situation measured (one run each, so a close second may be as good):");
        text.Line();
        text.Line("| when | lowest /ping p99 | p99 (ms) | its /roll (ms) | inline's p99 with one job (ms) |");
        text.Line("| --- | --- | ---: | ---: | ---: |");
        foreach (var (when, best) in rows.Where(r => r.Best is not null))
            text.Line($"| {when} | {best!.Label} on {ReportFormat.Workers(best.Workers)} | {DisplayUnit.Number(best.P99Ms)} | {string.Join(", ", best.RollMs.Select(DisplayUnit.Number))} | {(inline is null ? "n/a" : DisplayUnit.Number(inline.P99Ms))} |");
        text.Line();
    }

    private static ServerRun? Lowest(IEnumerable<ServerRun> runs) => runs.Where(r => r.Errors == 0 && r.RollStatus.All(s => s == 200)).MinBy(r => r.P99Ms);

    private static void Drill(MarkdownWriter text, ServerDrill? drill)
    {
        if (drill is null)
            return;
        text.Line($"The cluster drill: `serve --instances {drill.Instances}` under the same `/ping` load, one instance killed with SIGKILL {Number(drill.KilledAtMs)} ms in. "
            + $"{ReportFormat.Count(drill.Errors)} of {ReportFormat.Count(drill.Requests)} requests failed; the supervisor's replacement was listening {(drill.ReplacementListeningAfterMs is { } after ? $"{Number(after)} ms" : "not within the run")} after the kill; "
            + $"`/ping` p50 {ReportFormat.Ms(drill.P50Ms)}, p99 {ReportFormat.Ms(drill.P99Ms)}, max {ReportFormat.Ms(drill.MaxMs)}. The kernel spreads new connections over the instances that still listen (SO_REUSEPORT), so requests fail only if they were on the killed instance's connections.");
        text.Line();
    }

    /// <summary>The worst <c>/ping</c> latency of each 50 ms of the load, per strategy, one heavy client, every core; log scale.</summary>
    private static string? Timeline(ChartKit charts, ServerResult server, int workers)
    {
        var runs = server.Runs.Where(r => r.Workers == workers && r.Clients == 1 && r.Priority == ServerRun.Normal && r.Timeline.Count > 0).OrderBy(r => Cases.Rank(r.Strategy)).ToList();
        if (runs.Count == 0)
            return null;
        using var plot = ChartKit.NewPlot($"/ping latency while one heavy /roll runs ({workers} workers; worst per 50 ms, log scale)", "time since the load started (ms)", "latency (ms)");
        foreach (var run in runs)
        {
            var line = plot.Add.Scatter(run.Timeline.Select(b => b.AtMs).ToArray(), run.Timeline.Select(b => Math.Log10(Math.Max(ReportMath.LatenessFloorMs, b.MaxLatencyMs))).ToArray(), ChartKit.StrategyColor(run.Strategy));
            line.LegendText = run.Strategy;
            line.LineWidth = 1.5f;
            line.MarkerSize = 3;
        }
        var start = plot.Add.VerticalLine(server.JobStartMs, 1, Colors.Gray, LinePattern.Dashed);
        start.Text = "job sent";
        ChartKit.LogAxis(plot.Axes.Left);
        plot.ShowLegend(Edge.Bottom);
        return charts.Save(plot, "server-ping-timeline.png");
    }

    /// <summary>Grouped bars on a log scale: <c>/ping</c> p99 per strategy, one bar per worker count and client count.</summary>
    private static string? Bars(ChartKit charts, ServerResult server)
    {
        string[] strategies = [.. server.Runs.Select(r => r.Strategy).Distinct().OrderBy(Cases.Rank)];
        var normal = server.Runs.Where(r => r.Priority == ServerRun.Normal).ToList();
        var series = normal.Select(r => (r.Workers, r.Clients)).Distinct().OrderBy(s => s.Clients).ThenBy(s => s.Workers).ToArray();
        double width = 0.8 / series.Length, floor = Math.Log10(ReportMath.LatenessFloorMs);
        var ranked = Claims.ServerEveryCore(server).Where(r => r.Priority == ServerRun.Normal).OrderBy(r => r.P99Ms).ToList();
        string title = ranked.Count < 2 ? "/ping p99 while heavy /roll jobs run"
            : $"One heavy job on every core: /ping p99 {ReportFormat.Ms(ranked[0].P99Ms)} ({ranked[0].Strategy}) to {ReportFormat.Ms(ranked[^1].P99Ms)} ({ranked[^1].Strategy})";
        using var plot = ChartKit.NewPlot(title, "strategy", "p99 latency (ms), log scale");
        for (int s = 0; s < series.Length; s++)
        {
            var (workers, clients) = series[s];
            var color = ChartKit.SeriesColor(s);
            ChartKit.AddBars(plot, strategies.Select((name, i) => (i, Run: normal.FirstOrDefault(r => r.Strategy == name && r.Workers == workers && r.Clients == clients)))
                .Where(p => p.Run is not null)
                .Select(p => new Bar { Position = p.i + (s - (series.Length - 1) / 2.0) * width, ValueBase = floor, Value = Math.Log10(Math.Max(ReportMath.LatenessFloorMs, p.Run!.P99Ms)), Size = width * 0.95, FillColor = color }));
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{ReportFormat.Workers(workers)}, {clients} heavy client{(clients == 1 ? "" : "s")}", FillColor = color });
        }
        ChartKit.LabelCategories(plot.Axes.Bottom, strategies);
        ChartKit.LogAxis(plot.Axes.Left);
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(bottom: 0);
        return charts.Save(plot, "server-ping-p99.png");
    }

    /// <summary>The server's pool threads (left axis) and queued work items (right axis) over time, one heavy job on every
    /// core: the case the text cites, for the strategies that run it on the pool, and inline, which holds one thread.</summary>
    private static string? Pool(ChartKit charts, ServerResult server, int workers)
    {
        var runs = server.Runs.Where(r => r.Workers == workers && r.Clients == 1 && r.Priority == ServerRun.Normal && r.Pool.Count > 0 && r.Strategy is "thread-pool" or "parallel-for" or "inline")
            .OrderBy(r => Cases.Rank(r.Strategy)).ToList();
        if (runs.Count == 0)
            return null;
        int peakThreads = runs.Max(r => r.Pool.Max(p => p.Threads));
        long peakQueued = runs.Max(r => r.Pool.Max(p => p.Queued));
        var queuedMost = runs.MaxBy(r => r.Pool.Max(p => p.Queued))!;
        string title = peakQueued == 0 ? $"The server's thread pool while one heavy job ran ({workers} workers)"
            : $"Under {queuedMost.Strategy}, up to {ReportFormat.Count(peakQueued)} work items queued while its pool had at most {queuedMost.Pool.Max(p => p.Threads)} threads ({workers} workers)";
        using var plot = ChartKit.NewPlot(title, "time since the load started (ms)", "pool threads (solid)");
        plot.Axes.Right.Label.Text = "queued work items (dotted)";
        plot.Axes.Right.Label.FontSize = 14;
        foreach (var run in runs)
        {
            var color = ChartKit.StrategyColor(run.Strategy);
            var threads = plot.Add.Scatter(run.Pool.Select(p => p.AtMs).ToArray(), run.Pool.Select(p => (double)p.Threads).ToArray(), color);
            threads.LegendText = $"{run.Strategy}: threads";
            threads.MarkerSize = 0;
            threads.LineWidth = 2;
            var queued = plot.Add.Scatter(run.Pool.Select(p => p.AtMs).ToArray(), run.Pool.Select(p => (double)p.Queued).ToArray(), color);
            queued.LegendText = $"{run.Strategy}: queued";
            queued.MarkerSize = 0;
            queued.LinePattern = LinePattern.Dotted;
            queued.Axes.YAxis = plot.Axes.Right;
        }
        var start = plot.Add.VerticalLine(server.JobStartMs, 1, Colors.Gray, LinePattern.Dashed);
        start.Text = "job sent";
        plot.Axes.SetLimitsY(0, peakThreads * 1.15 + 1, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, peakQueued * 1.15 + 1, plot.Axes.Right);
        plot.ShowLegend(Edge.Bottom);
        return charts.Save(plot, "server-pool.png");
    }

    private static Action<MarkdownWriter> RunsTable(ServerResult server) => text =>
    {
        text.Line("| strategy | workers | heavy clients | /ping p50 (ms) | p99 (ms) | p99.9 (ms) | max (ms) | errors | answered per s | /roll (ms) | generator's worst lag (ms) |");
        text.Line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var run in server.Runs.OrderBy(r => r.Clients).ThenBy(r => Cases.Rank(r.Strategy)).ThenBy(r => r.Workers).ThenBy(r => r.Priority, StringComparer.Ordinal))
        {
            string rolls = string.Join(", ", run.RollMs.Zip(run.RollStatus, (ms, status) => status == 200 ? DisplayUnit.Number(ms) : $"{DisplayUnit.Number(ms)} ({status})"));
            text.Line($"| {run.Label} | {run.Workers} | {run.Clients} | {DisplayUnit.Number(run.P50Ms)} | {DisplayUnit.Number(run.P99Ms)} | {DisplayUnit.Number(run.P999Ms)} | {DisplayUnit.Number(run.MaxMs)} | {run.Errors} | {Number(run.AchievedRatePerSecond)} | {rolls} | {DisplayUnit.Number(run.MaxSendLagMs)} |");
        }
        text.Line();
    };

    private static string Number(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
