using System.Globalization;
using DiceOffload.ResultFiles;
using ScottPlot;
using static DiceOffload.Reporting.Report.RunsApart;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>
/// In a container with a CPU limit: what <c>ProcessorCount</c> says under each quota, the job's time and throttling per
/// way of choosing the worker count, the server's <c>/ping</c> with one heavy job, and the rule the runs support.
/// </summary>
internal sealed class QuotaSection : IReportSection
{
    public const string Title = "In a container with a CPU limit";

    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line($"## {Title}");
        text.Line();
        if (report.Results.Quota is not { } quota || quota.Jobs.Count == 0)
        {
            text.Absent(Title, $"no {ResultsLayout.QuotaFile} (the study makes its cgroups as root on Linux, and says \"quota: skipped\" where it cannot)");
            return;
        }
        int cores = quota.Environment.ProcessorCount;
        int repetitions = quota.Jobs.Max(j => j.Repetition);
        var baseline = quota.Jobs.Where(j => j.Cpus is null && j.Strategy == "inline" && j.Where is null).ToList();
        double? baselineMs = baseline.Count > 0 ? Median(baseline.Select(j => j.ElapsedMs)) : null;
        text.Line($"A Kubernetes CPU limit, or `docker run --cpus`, is a CFS quota: the container's threads may run for the quota's CPUs × {Ms(quota.PeriodUs / 1000.0)} in each {Ms(quota.PeriodUs / 1000.0)} period, then all of them wait for the next. "
            + $"The study made a cgroup of its own for each quota (cgroup {quota.Cgroup}) and started each process inside it before the runtime read the quota: the job ({DisplayUnit.Number(quota.JobMs)} ms inline on one core) in a child `run`, "
            + $"and `serve`, with `/ping` sent from outside the group at {DisplayUnit.Number(quota.PingRate)} a second while one parallel-for `/roll` of {DisplayUnit.Number(quota.ServerJobMs)} ms ran. "
            + $"Each quota ran with `ProcessorCount`'s workers (`{QuotaResult.ProcessorCountSetting}`), its whole CPUs (`{QuotaResult.WholeCpusSetting}`) and `DOTNET_PROCESSOR_COUNT` set to them (`{QuotaResult.VariableSetting}`), {repetitions} run(s) each, interleaved; figures are medians with the runs' range, throttling from the group's `cpu.stat`. "
            + (baselineMs is { } b ? $"Speedups are against the job inline on one core with no quota, {Ms(b)} in the same runs. " : "")
            + $"\"Lower in every run\" means each run of one setting was below each run of the other (p = {Separation(repetitions)} by an exact permutation test when nothing differs).");
        text.Line();
        WhatTheRuntimeSays(text, quota);
        Jobs(text, quota, baselineMs, cores);
        if (quota.Server.Count > 0)
        {
            text.Chart(Chart(report.Charts, quota), "/ping p99 per CPU quota and worker setting");
            text.TableInAppendix("The quota experiment's server", "Every quota's /ping percentiles, throttling and pool", text2 => Server(text2, quota.Server));
        }
        text.Line(Rule(quota));
        text.Line();
    }

    private static void WhatTheRuntimeSays(MarkdownWriter text, QuotaResult quota)
    {
        text.Line("| quota (CPUs) | `ProcessorCount` | with `DOTNET_PROCESSOR_COUNT` = whole CPUs | the quota's whole CPUs |");
        text.Line("| ---: | ---: | ---: | ---: |");
        foreach (var group in quota.Jobs.Where(j => j.Where is null).GroupBy(j => j.Cpus).OrderBy(g => g.Key ?? double.MaxValue))
        {
            string Seen(string setting) => group.Where(j => j.Setting == setting).Select(j => j.ProcessorCount).Distinct().Order().ToList() is { Count: > 0 } counts
                ? string.Join(", ", counts) : "same";
            string whole = group.Key is { } cpus ? Math.Max(1, (int)Math.Floor(cpus + 1e-9)).ToString(CultureInfo.InvariantCulture) : "";
            text.Line($"| {Cpus(group.Key)} | {Seen(group.Key is null ? "no-quota" : QuotaResult.ProcessorCountSetting)} | {(group.Key is null ? "" : Seen(QuotaResult.VariableSetting))} | {whole} |");
        }
        text.Line();
    }

    private static void Jobs(MarkdownWriter text, QuotaResult quota, double? baselineMs, int cores)
    {
        text.TableInAppendix("The quota experiment's jobs", "Every quota's job time, speedup and throttling", JobsTable(quota, baselineMs, cores));
        if (Container(quota.Jobs) is { Length: > 0 } agreement)
            text.Line(agreement);
        text.Line();
    }

    private static Action<MarkdownWriter> JobsTable(QuotaResult quota, double? baselineMs, int cores) => text =>
    {
        text.Line("| quota (CPUs) | strategy | workers (how chosen) | job time (ms) | speedup vs inline, no quota | ideal | periods throttled | time throttled (ms) |");
        text.Line("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |");
        var baseline = quota.Jobs.Where(j => j.Cpus is null && j.Strategy == "inline").ToList();
        foreach (var runs in Rows(quota.Jobs))
        {
            var first = runs[0];
            double ms = Median(runs.Select(r => r.ElapsedMs));
            double ideal = Math.Min(Math.Min(first.Workers, cores), first.Cpus ?? cores);
            string speedup = "";
            if (baselineMs is { } b && !(first.Cpus is null && first.Strategy == "inline"))
            {
                double spread = (baseline.Max(j => j.ElapsedMs) - baseline.Min(j => j.ElapsedMs)) / b;
                speedup = ReportFormat.Ratio(b / ms) + Claims.AboveQuotaIdeal(b / ms, baseline.Min(j => j.ElapsedMs) / runs.Max(r => r.ElapsedMs), ideal, Math.Min(first.Workers, cores), first.Cpus is not null, spread);
            }
            text.Line($"| {Cpus(first.Cpus)} | {first.Strategy}{(first.Where is null ? "" : $" ({first.Where} container)")} | {first.Workers} ({first.Setting}) | {DisplayUnit.Number(ms)} ({Range(runs.Select(r => r.ElapsedMs))}) | {speedup} | "
                + $"{ReportFormat.Ratio(ideal)} | {Median(runs.Select(r => (double)r.ThrottledPeriods)):0} of {Median(runs.Select(r => (double)r.Periods)):0} | {DisplayUnit.Number(Median(runs.Select(r => r.ThrottledMs)))} |");
        }
        text.Line();
        foreach (var perQuota in quota.Jobs.Where(j => j.Cpus is not null && j.Where is null).GroupBy(j => j.Cpus))
        {
            foreach (var strategy in perQuota.GroupBy(j => j.Strategy))
            {
                var byCount = strategy.Where(j => j.Setting == QuotaResult.ProcessorCountSetting).ToList();
                var whole = strategy.Where(j => j.Setting == QuotaResult.WholeCpusSetting).ToList();
                if (byCount.Count == 0 || whole.Count == 0)
                    continue;
                text.Line($"At {Cpus(perQuota.Key)} CPUs, {strategy.Key} on {whole[0].Workers} worker(s) against {byCount[0].Workers}: the job took {Ms(Median(whole.Select(j => j.ElapsedMs)))} against {Ms(Median(byCount.Select(j => j.ElapsedMs)))}, "
                    + $"{Verdict(Versus(whole.Select(j => j.ElapsedMs), byCount.Select(j => j.ElapsedMs)))}; throttled {DisplayUnit.Number(Median(whole.Select(j => j.ThrottledMs)))} ms against {DisplayUnit.Number(Median(byCount.Select(j => j.ThrottledMs)))} ms.");
            }
        }
        text.Line();
    };

    /// <summary>Whether a podman container limited to a quota and the study's own group of that quota agree: what
    /// <c>ProcessorCount</c> said and the job's time, per worker setting.</summary>
    public static string Container(IReadOnlyList<QuotaJobRun> jobs)
    {
        var inContainer = jobs.Where(j => j.Where == QuotaJobRun.InContainer).ToList();
        if (inContainer.Count == 0)
            return "";
        var parts = inContainer.GroupBy(j => (j.Cpus, j.Strategy, j.Setting)).Select(g =>
        {
            var own = jobs.Where(j => j.Where is null && j.Cpus == g.Key.Cpus && j.Strategy == g.Key.Strategy && j.Setting == g.Key.Setting).ToList();
            string counts = string.Join(", ", g.Select(j => j.ProcessorCount).Distinct().Order());
            string ownCounts = string.Join(", ", own.Select(j => j.ProcessorCount).Distinct().Order());
            return $"`{g.Key.Setting}`: `ProcessorCount` {counts} ({(counts == ownCounts ? "the same in the study's group" : $"{ownCounts} in the study's group")}), "
                + $"{g.Key.Strategy} took {Ms(Median(g.Select(j => j.ElapsedMs)))} against {(own.Count == 0 ? "no run" : $"{Ms(Median(own.Select(j => j.ElapsedMs)))} in the group, {Verdict(Versus(g.Select(j => j.ElapsedMs), own.Select(j => j.ElapsedMs)))}")}";
        });
        return $"In a podman container limited with `--cpus={Cpus(inContainer[0].Cpus)}` (the project's image, `containers/build.sh`), beside the study's own group of the same quota: {string.Join("; ", parts)}.";
    }

    private static void Server(MarkdownWriter text, IReadOnlyList<QuotaServerRun> server)
    {
        text.Line("| quota (CPUs) | workers (how chosen) | `ProcessorCount` | pool minimum | /ping p50 (ms) | /ping p99 (ms) | max (ms) | /roll (ms) | periods throttled | time throttled (ms) | pool threads at peak | queued at peak | p99 vs `processor-count` |");
        text.Line("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var runs in server.GroupBy(r => (r.Cpus, r.Setting)).Select(g => g.OrderBy(r => r.Repetition).ToList()))
        {
            var first = runs[0];
            var byCount = server.Where(r => r.Cpus == first.Cpus && r.Setting == QuotaResult.ProcessorCountSetting).ToList();
            string versus = first.Setting == QuotaResult.ProcessorCountSetting || byCount.Count == 0 ? "" : Verdict(Versus(runs.Select(r => r.P99Ms), byCount.Select(r => r.P99Ms)));
            text.Line($"| {Cpus(first.Cpus)} | {first.Workers} ({first.Setting}) | {first.ProcessorCount} | {first.MinThreads} | {DisplayUnit.Number(Median(runs.Select(r => r.P50Ms)))} | "
                + $"{DisplayUnit.Number(Median(runs.Select(r => r.P99Ms)))} ({Range(runs.Select(r => r.P99Ms))}) | {DisplayUnit.Number(Median(runs.Select(r => r.MaxMs)))} | {DisplayUnit.Number(Median(runs.Select(r => r.RollMs)))} | "
                + $"{Median(runs.Select(r => (double)r.ThrottledPeriods)):0} of {Median(runs.Select(r => (double)r.Periods)):0} | {DisplayUnit.Number(Median(runs.Select(r => r.ThrottledMs)))} | "
                + $"{Median(runs.Select(r => (double)r.PeakThreads)):0} | {Median(runs.Select(r => (double)r.PeakQueued)):0} | {versus} |");
        }
        text.Line();
    }

    /// <summary>
    /// The rule the runs support, at each quota whose whole CPUs differ from what <c>ProcessorCount</c> says: whether
    /// the whole CPUs kept <c>/ping</c> lower, at what cost to the job, and whether <c>DOTNET_PROCESSOR_COUNT</c> got
    /// there too or cost the server its pool threads.
    /// </summary>
    public static string Rule(QuotaResult quota)
    {
        var sentences = new List<string>();
        foreach (var perQuota in quota.Server.GroupBy(r => r.Cpus).OrderBy(g => g.Key))
        {
            var byCount = perQuota.Where(r => r.Setting == QuotaResult.ProcessorCountSetting).ToList();
            var whole = perQuota.Where(r => r.Setting == QuotaResult.WholeCpusSetting).ToList();
            var variable = perQuota.Where(r => r.Setting == QuotaResult.VariableSetting).ToList();
            if (byCount.Count == 0 || whole.Count == 0)
                continue;
            var jobsByCount = quota.Jobs.Where(j => j.Where is null && j.Cpus == perQuota.Key && j.Setting == QuotaResult.ProcessorCountSetting && j.Strategy == byCount[0].Strategy).ToList();
            var jobsWhole = quota.Jobs.Where(j => j.Where is null && j.Cpus == perQuota.Key && j.Setting == QuotaResult.WholeCpusSetting && j.Strategy == byCount[0].Strategy).ToList();
            var p99 = Versus(whole.Select(r => r.P99Ms), byCount.Select(r => r.P99Ms));
            string cost = jobsByCount.Count > 0 && jobsWhole.Count > 0
                ? $"the job alone took {ReportFormat.Ratio(Median(jobsWhole.Select(j => j.ElapsedMs)) / Median(jobsByCount.Select(j => j.ElapsedMs)))} its time on {byCount[0].Workers} workers ({Verdict(Versus(jobsWhole.Select(j => j.ElapsedMs), jobsByCount.Select(j => j.ElapsedMs)))})"
                : "";
            sentences.Add($"At {Cpus(perQuota.Key)} CPUs `ProcessorCount` said {byCount[0].ProcessorCount}: the server with one {byCount[0].Strategy} job on {byCount[0].Workers} workers was throttled {DisplayUnit.Number(Median(byCount.Select(r => r.ThrottledMs)))} ms during the load and answered `/ping` with a p99 of {Ms(Median(byCount.Select(r => r.P99Ms)))}; "
                + $"on the quota's {whole[0].Workers} whole CPU(s) it was throttled {DisplayUnit.Number(Median(whole.Select(r => r.ThrottledMs)))} ms and its p99 was {Ms(Median(whole.Select(r => r.P99Ms)))}, {Verdict(p99)}"
                + (cost.Length > 0 ? $", while {cost}." : "."));
            // the same workers where the quota covers them all: what is left is the pool's starvation, not the quota
            var unthrottled = quota.Server.Where(r => r.Cpus >= byCount[0].Workers && r.Setting == QuotaResult.ProcessorCountSetting && r.Workers == byCount[0].Workers)
                .GroupBy(r => r.Cpus).OrderBy(g => g.Key).FirstOrDefault()?.ToList();
            if (unthrottled is { Count: > 0 })
            {
                var share = Versus(byCount.Select(r => r.P99Ms), unthrottled.Select(r => r.P99Ms));
                sentences.Add($"At {Cpus(unthrottled[0].Cpus)} CPUs, where the quota covers the {byCount[0].Workers} workers and nothing was throttled, the same job gave a p99 of {Ms(Median(unthrottled.Select(r => r.P99Ms)))}: "
                    + (share == Apart.Higher
                        ? $"the throttling at {Cpus(perQuota.Key)} CPUs added the difference (higher in every run), and the rest is"
                        : $"the throttling at {Cpus(perQuota.Key)} CPUs added nothing these runs can tell apart ({Verdict(share)}), and the p99 is")
                    + " the pool starvation of the server scenario's parallel-for on every core.");
            }
            if (p99 == Apart.Lower)
                sentences.Add($"The rule these runs support: under a CPU limit that is not a whole number, size CPU-bound work by the quota's whole CPUs (`MaxDegreeOfParallelism`, the worker count), not by `Environment.ProcessorCount`, which rounds the quota up.");
            else
                sentences.Add("These runs do not show the whole CPUs keeping the server more responsive, so they support no rule on the worker count here.");
            if (variable.Count > 0)
            {
                var against = Versus(variable.Select(r => r.P99Ms), whole.Select(r => r.P99Ms));
                string v = $"Setting `DOTNET_PROCESSOR_COUNT={whole[0].Workers}` instead gave a p99 of {Ms(Median(variable.Select(r => r.P99Ms)))} ({Verdict(against)} against the whole CPUs set as the worker count)";
                sentences.Add(against == Apart.Higher
                    ? v + $": it also lowers the thread pool's minimum to {variable[0].MinThreads}, the job took that thread, and the requests queued for the pool (at most {Median(variable.Select(r => (double)r.PeakQueued)):0} work items, against {Median(whole.Select(r => (double)r.PeakQueued)):0}). Set the worker count, not the processor count."
                    : v + ".");
            }
        }
        // where the quota leaves ProcessorCount at 1, the pool's minimum is one thread whatever the workers
        var single = quota.Server.Where(r => r.MinThreads == 1 && r.Setting == QuotaResult.ProcessorCountSetting).GroupBy(r => r.Cpus).OrderBy(g => g.Key).ToList();
        if (single.Count > 0)
        {
            sentences.Add($"At {string.Join(" and ", single.Select(g => Cpus(g.Key)))} CPUs `ProcessorCount` is 1, so the pool's minimum is one thread and one job on the request's thread holds it: "
                + string.Join("; ", single.Select(g => $"p99 {Ms(Median(g.Select(r => r.P99Ms)))} with {Median(g.Select(r => (double)r.PeakQueued)):0} work items queued at peak")) + ". Below two CPUs, run the job off the pool (a dedicated thread, a consumer) or raise the pool's minimum.");
        }
        return string.Join(" ", sentences);
    }

    private static IEnumerable<List<QuotaJobRun>> Rows(IReadOnlyList<QuotaJobRun> jobs) =>
        jobs.GroupBy(j => (j.Cpus, j.Strategy, j.Setting, j.Where)).OrderBy(g => g.Key.Cpus ?? double.MaxValue).Select(g => g.OrderBy(j => j.Repetition).ToList());

    private static string Cpus(double? cpus) => cpus is { } c ? c.ToString("0.##", CultureInfo.InvariantCulture) : "no quota";

    private static string Ms(double ms) => ReportFormat.Ms(ms);

    /// <summary>Grouped bars, log scale: each quota's worker settings' median /ping p99 with the range of their runs.</summary>
    private static string? Chart(ChartKit charts, QuotaResult quota)
    {
        var server = quota.Server;
        var quotas = server.Select(r => r.Cpus).Distinct().Order().ToList();
        string[] settings = [.. server.Select(r => r.Setting).Distinct()];
        string title = QuotaContrast.Of(quota) is { } contrast
            ? $"At {Cpus(contrast.Cpus)} CPUs, /ping p99 was {Ms(RunsApart.Median(contrast.WholeP99Ms))} on {ReportFormat.Workers(contrast.WholeWorkers)}, {Ms(RunsApart.Median(contrast.CountP99Ms))} on {contrast.CountWorkers} (whiskers: runs' range)"
            : "/ping p99 with one heavy parallel-for job, per CPU quota (median of runs, whiskers: their range)";
        using var plot = ChartKit.NewPlot(title, "CPU quota (CPUs)", "/ping p99 (ms), log scale");
        ChartKit.GroupedRunBars(plot, [.. quotas.Select(q => Cpus(q))], settings,
            (i, setting) => [.. server.Where(r => r.Cpus == quotas[i] && r.Setting == setting).Select(r => r.P99Ms)], ReportMath.LatenessFloorMs);
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(bottom: 0);
        return charts.Save(plot, "quota.png");
    }
}
