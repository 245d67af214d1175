using System.Globalization;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using ScottPlot;
using static DiceOffload.Reporting.Report.RunsApart;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>
/// What the usual fixes buy: each remedy a .NET developer reaches for, run against the server cases that starve the
/// thread pool, repeated, beside the same case with nothing done and the idle server.
/// </summary>
internal sealed class ServerRemediesSection : IReportSection
{
    private const string Title = "What the usual fixes buy";

    /// <summary>A remedy "keeps the server responsive" when every run's p99 is at most this many times the idle server's median p99.</summary>
    public const double IdleMultiple = 2;

    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line($"### {Title}");
        text.Line();
        if (report.Results.Server is not { Remedies.Count: > 0 } server)
        {
            text.Absent(Title, $"no remedy runs in {ResultsLayout.ServerFile}");
            return;
        }
        var remedies = server.Remedies!;
        int repetitions = remedies.Max(r => r.Repetition);
        var idle = remedies.Where(r => r.Remedy == ServerRemedyRun.Idle).ToList();
        double? idleP99 = idle.Count > 0 ? Median(idle.Select(r => r.P99Ms)) : null;
        double? limit = IdleLimit(remedies);
        text.Line("The fixes .NET guidance and questions return to, each against the cases above that starve the pool, in a server of its own under the same `/ping` load: "
            + "`min-threads` raises the pool's minimum (`ThreadPool.SetMinThreads`) to 8 threads a core, `min-threads-N` to N; `consumers` runs the jobs on dedicated threads of a hosted service reading a bounded `Channel` (429 when full); "
            + "`limiter` is ASP.NET Core's concurrency limiter with a queue (429 beyond it); `server-gc` runs the server GC, ASP.NET Core's default (workstation otherwise); "
            + "`one-core-free` runs the job on cores − 1 workers; `long-running` runs it on `TaskCreationOptions.LongRunning` threads. "
            + $"Each row is {repetitions} run(s), interleaved with every other row's; figures are medians with the runs' range. "
            + (idleP99 is { } p ? $"The idle server (no heavy job) answered with a p99 of {ReportFormat.Ms(p)} ({Range(idle.Select(r => r.P99Ms))}); a fix keeps the server responsive here when every run's p99 is at most {IdleMultiple.ToString(CultureInfo.InvariantCulture)}× that, {ReportFormat.Ms(limit!.Value)}. " : "")
            + $"\"Lower in every run\": each of the fix's runs below each run with nothing done (p = {Separation(repetitions)} by an exact permutation test, when nothing differs).");
        text.Line();
        text.Chart(Chart(report.Charts, remedies, limit), "/ping p99 under each remedy");
        var links = new List<string>();
        foreach (var group in remedies.Where(r => r.Remedy != ServerRemedyRun.Idle).GroupBy(r => r.Case))
        {
            var rows = Rows(group);
            var none = rows.FirstOrDefault(r => r[0].Remedy == ServerRemedyRun.None);
            text.Line($"**{group.Key}**");
            text.Line();
            links.Add(text.TableInAppendix($"Every fix: {group.Key}", FixTable(rows, none, limit)));
            if (limit is { } idleLimit)
                text.Line(Cheapest(rows, none, idleLimit));
            text.Line();
            if (none is not null && NoHelp(rows, none, idle, limit) is { Length: > 0 } why)
            {
                text.Line(why);
                text.Line();
            }
        }
        text.Line(Mechanism(remedies));
        text.Line();
        text.Line($"Every fix's p99, job time, refusals and pool threads, case by case: {string.Join(", ", links)}.");
        text.Line();
    }

    private static Action<MarkdownWriter> FixTable(List<List<ServerRemedyRun>> rows, List<ServerRemedyRun>? none, double? limit) => text =>
    {
        text.Line("| remedy | setting | /ping p99 (ms) | p50 (ms) | /roll, last job (ms) | job time vs nothing done | refused (429) | pool threads at peak | vs nothing done | within " + IdleMultiple.ToString(CultureInfo.InvariantCulture) + "× idle |");
        text.Line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var runs in rows)
        {
            double job = Median(runs.Select(LastJob));
            string jobVs = none is null || runs == none ? "" : ReportFormat.Ratio(job / Median(none.Select(LastJob)));
            string verdict = none is null || runs == none ? "" : Versus(runs, none) switch
            {
                Apart.Lower => "lower in every run",
                Apart.Higher => "higher in every run",
                _ => "not distinguishable",
            };
            string within = limit is { } l ? Within(runs, l) : "n/a";
            text.Line($"| {runs[0].Remedy} | {ReportFormat.Cell(runs[0].Setting)} | {DisplayUnit.Number(Median(runs.Select(r => r.P99Ms)))} ({Range(runs.Select(r => r.P99Ms))}) | {DisplayUnit.Number(Median(runs.Select(r => r.P50Ms)))} | "
                + $"{DisplayUnit.Number(job)} ({Range(runs.Select(LastJob))}) | {jobVs} | {runs.Sum(r => r.RollStatus.Count(s => s == 429))} | {Median(runs.Select(r => (double)r.PeakThreads)).ToString("0", CultureInfo.InvariantCulture)} | {verdict} | {within} |");
        }
        text.Line();
    };

    /// <summary>For the starving case of <paramref name="strategy"/> on its most workers with one heavy client: the fix that kept every run's p99
    /// within <see cref="IdleMultiple"/>× the idle server's and answered everything, at the least job time; null when
    /// there is no idle run or no fix held.</summary>
    public static (string Remedy, string Setting, double P99Ms, double LimitMs)? CheapestFor(IReadOnlyList<ServerRemedyRun> remedies, string strategy)
    {
        ArgumentNullException.ThrowIfNull(remedies);
        // the starving case is named by its runs with nothing done; its fixes may run another strategy or worker count
        var none = remedies.Where(r => r.Remedy == ServerRemedyRun.None && r.Strategy == strategy && r.Clients == 1).MaxBy(r => r.Workers);
        if (IdleLimit(remedies) is not { } limit || none is null || Held(Rows(remedies.Where(r => r.Case == none.Case)), limit) is not { Count: > 0 } held)
            return null;
        var best = held.MinBy(r => Median(r.Select(LastJob)))!;
        return (best[0].Remedy, best[0].Setting, Median(best.Select(r => r.P99Ms)), limit);
    }

    /// <summary>What a fix must keep every run's p99 within: <see cref="IdleMultiple"/>× the idle server's median p99;
    /// null without idle runs.</summary>
    private static double? IdleLimit(IReadOnlyList<ServerRemedyRun> remedies) =>
        remedies.Where(r => r.Remedy == ServerRemedyRun.Idle).Select(r => r.P99Ms).ToList() is { Count: > 0 } idle ? IdleMultiple * Median(idle) : null;

    /// <summary>One starving case's rows: the runs of each fix and setting, in repetition order.</summary>
    private static List<List<ServerRemedyRun>> Rows(IEnumerable<ServerRemedyRun> runs) =>
        [.. runs.GroupBy(r => (r.Remedy, r.Setting)).Select(g => g.OrderBy(r => r.Repetition).ToList())];

    /// <summary>The fixes (not "nothing done") that kept every run's p99 within the limit and answered every request and job.</summary>
    private static List<List<ServerRemedyRun>> Held(IEnumerable<List<ServerRemedyRun>> rows, double limitMs) =>
        [.. rows.Where(r => r[0].Remedy != ServerRemedyRun.None && r.All(x => x.P99Ms <= limitMs && x.Errors == 0 && x.RollStatus.All(s => s == 200)))];

    /// <summary>When the last of a run's heavy jobs was answered: what the clients waited for.</summary>
    private static double LastJob(ServerRemedyRun run) => run.RollMs.Count == 0 ? 0 : run.RollMs.Max();

    /// <summary>How a fix's runs' p99 lie against the runs with nothing done.</summary>
    private static Apart Versus(List<ServerRemedyRun> runs, List<ServerRemedyRun> none) => RunsApart.Versus(runs.Select(r => r.P99Ms), none.Select(r => r.P99Ms));

    private static string Within(List<ServerRemedyRun> runs, double limitMs)
    {
        int held = runs.Count(r => r.P99Ms <= limitMs);
        return held == runs.Count ? "yes" : held == 0 ? "no" : $"in {held} of {runs.Count} runs";
    }

    /// <summary>The fix that kept every run within the limit at the least cost to the job; or why none is named.</summary>
    private static string Cheapest(List<List<ServerRemedyRun>> rows, List<ServerRemedyRun>? none, double limitMs)
    {
        var held = Held(rows, limitMs);
        if (held.Count == 0)
            return $"No fix kept every run's p99 within {ReportFormat.Ms(limitMs)} while answering every request and job here.";
        var best = held.MinBy(r => Median(r.Select(LastJob)))!;
        string Cost(List<ServerRemedyRun> r) => none is null ? "" : $"{ReportFormat.Ratio(Median(r.Select(LastJob)) / Median(none.Select(LastJob)))} the job time with nothing done";
        // a fix whose job times overlap the cheapest one's cannot be told from it on cost: both are named
        var tied = held.Where(r => r != best && r.Min(LastJob) <= best.Max(LastJob) && best.Min(LastJob) <= r.Max(LastJob)).ToList();
        var others = held.Where(r => r != best && !tied.Contains(r)).ToList();
        string lead = tied.Count == 0
            ? $"The cheapest fix that kept every run's p99 within {ReportFormat.Ms(limitMs)} and answered every request and job: `{best[0].Remedy}` ({ReportFormat.Cell(best[0].Setting)}){(none is null ? "" : $", at {Cost(best)}")}"
            : $"The cheapest fixes that kept every run's p99 within {ReportFormat.Ms(limitMs)} and answered every request and job, at job times their runs cannot tell apart: "
              + string.Join(" and ", new[] { best }.Concat(tied).Select(r => $"`{r[0].Remedy}` ({ReportFormat.Cell(r[0].Setting)}{(none is null ? "" : $", {Cost(r)}")})"));
        return lead + "; " + (others.Count > 0 ? $"the others that held, at a higher cost: {string.Join(", ", others.Select(r => $"`{r[0].Remedy}` ({Cost(r)})"))}." : "no other held.");
    }

    /// <summary>
    /// For each fix the runs could not tell from nothing done, or that did worse: the verdict, and what the pool samples
    /// show of why (its queue, against the idle server's); for the consumers in front of a strategy that queues its own
    /// work on the pool, that strategy's part; for the server GC, whether the server ran it.
    /// </summary>
    private static string NoHelp(List<List<ServerRemedyRun>> rows, List<ServerRemedyRun> none, List<ServerRemedyRun> idle, double? limit)
    {
        // a fix failed where no run came within the idle limit, or, without an idle server, where its runs were not all lower
        var failed = rows.Where(r => r[0].Remedy != ServerRemedyRun.None && (limit is { } l ? r.All(x => x.P99Ms > l) : Versus(r, none) != Apart.Lower)).ToList();
        long idleQueue = idle.Count > 0 ? idle.Max(x => x.PeakQueued) : 0;
        return string.Join(" ", failed.Select(r =>
        {
            double queued = Median(r.Select(x => (double)x.PeakQueued));
            string verdict = Versus(r, none) switch
            {
                Apart.Lower => "lower than with nothing done in every run",
                Apart.Higher => "higher than with nothing done in every run",
                _ => "not distinguishable from nothing done",
            };
            string sentence = $"`{r[0].Remedy}` kept no run's p99 within {(limit is { } l2 ? ReportFormat.Ms(l2) : "the idle limit")} here (median {ReportFormat.Ms(Median(r.Select(x => x.P99Ms)))}, {verdict}): "
                + $"the pool's queue peaked at {queued.ToString("0", CultureInfo.InvariantCulture)} work items (median of its runs; {Median(none.Select(x => (double)x.PeakQueued)).ToString("0", CultureInfo.InvariantCulture)} with nothing done"
                + (idle.Count > 0 ? $", at most {idleQueue} on the idle server)" : ")")
                + (idle.Count == 0 ? "" : queued > idleQueue ? ", so requests were still waiting for a pool thread" : ", no more than on the idle server, so the requests were not waiting for a pool thread but for the cores the jobs' threads held") + ".";
            if (r[0].Remedy == "consumers" && r[0].Strategy == "thread-pool")
                sentence += " The consumer only starts the job: the thread-pool strategy queues its work items on the pool whichever thread calls it.";
            if (r[0].Remedy == "server-gc" && r.Any(x => x.Gc != "server"))
                sentence += " Some of its servers did not report the server GC, so these runs do not measure it.";
            return sentence;
        }));
    }

    /// <summary>What raising the pool's minimum did to the pool, from the peak threads the sampler saw in each case.</summary>
    private static string Mechanism(IReadOnlyList<ServerRemedyRun> remedies)
    {
        var cases = remedies.Where(r => r.Remedy == "min-threads").Select(r => r.Case).Distinct().ToList();
        if (cases.Count == 0)
            return "";
        string Peak(IEnumerable<ServerRemedyRun> runs) => Median(runs.Select(r => (double)r.PeakThreads)).ToString("0", CultureInfo.InvariantCulture);
        var peaks = cases.Select(c => $"{c}: {Peak(remedies.Where(r => r.Case == c && r.Remedy == ServerRemedyRun.None))} with nothing done, {Peak(remedies.Where(r => r.Case == c && r.Remedy == "min-threads"))} with `min-threads`");
        return "The mechanism, from the server's pool samples (the most pool threads seen, median of the runs): " + string.Join("; ", peaks) + ". "
            + "Below its minimum the pool creates a thread for queued work at once; above it, it adds threads only as its starvation detector and hill climbing decide, a few a second, so with nothing done the requests queue behind the jobs' threads until the jobs end.";
    }

    /// <summary>Grouped bars, log scale: each case's remedies' median p99 with the range of their runs, and the idle limit as a line.</summary>
    private static string? Chart(ChartKit charts, IReadOnlyList<ServerRemedyRun> remedies, double? limitMs)
    {
        var cases = remedies.Where(r => r.Remedy != ServerRemedyRun.Idle).Select(r => r.Case).Distinct().ToList();
        string[] names = [.. remedies.Where(r => r.Remedy != ServerRemedyRun.Idle).Select(r => r.Remedy).Distinct()];
        if (cases.Count == 0)
            return null;
        using var plot = ChartKit.NewPlot("/ping p99 under each fix, per starving case (median of runs, whiskers: their range)", "starving case", "/ping p99 (ms), log scale");
        // the idle server's p99 counts towards the bars' base too, so that its limit line stands on the chart
        double floor = Math.Max(ReportMath.LatenessFloorMs, remedies.Min(r => r.P99Ms));
        var Y = ChartKit.GroupedRunBars(plot, cases, names,
            (i, name) => [.. remedies.Where(r => r.Case == cases[i] && r.Remedy == name).Select(r => r.P99Ms)], floor);
        if (limitMs is { } limit)
        {
            plot.Add.HorizontalLine(Y(limit), 1.5f, Colors.Gray, LinePattern.Dashed);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{IdleMultiple.ToString(CultureInfo.InvariantCulture)}× the idle server's p99", LineColor = Colors.Gray, LinePattern = LinePattern.Dashed, LineWidth = 1.5f });
        }
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(bottom: 0);
        return charts.Save(plot, "server-remedies.png");
    }
}
