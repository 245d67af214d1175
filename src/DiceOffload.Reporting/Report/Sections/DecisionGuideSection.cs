using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>
/// "What to use": one row per situation a reader is in, with the strategy the runs support, the one figure behind it
/// and how sure the study is (in how many runs of the stability check its claim held), each linked to its section.
/// Every row comes from the results and the claims; a situation the results cannot answer has no row.
/// </summary>
internal sealed class DecisionGuideSection : IReportSection
{
    public const string Title = "What to use";

    private sealed record Row(string Situation, string Use, string Evidence, IReadOnlyList<ClaimStability> Claims, string Section);

    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line($"## {Title}");
        text.Line();
        Row?[] candidates = [EventLoop(report), Endpoint(report), EveryCore(report), Killable(report), Container(report)];
        var rows = candidates.OfType<Row>().ToList();
        if (rows.Count == 0)
        {
            text.Absent(Title, "none of the experiments the guide rests on has results");
            return;
        }
        text.Line($"Measured on {report.Machines.Primary.Name} ({ReportFormat.Workers(report.Cores)} at most). \"How sure\" is in how many runs of the study the claim behind the row held.");
        text.Line();
        text.Line("| you have | use | because | how sure | more |");
        text.Line("| --- | --- | --- | --- | --- |");
        foreach (var row in rows)
            text.Line($"| {row.Situation} | {row.Use} | {row.Evidence} | {HowSure(row.Claims, report.Reruns.Count)} | [{row.Section}](#{MarkdownWriter.Anchor(row.Section)}) |");
        text.Line();
    }

    /// <summary>In how many runs the claims of a row held: the weakest claim's count where one did not hold in every run
    /// that measured it, else the fewest runs any of them was measured in.</summary>
    public static string HowSure(IReadOnlyList<ClaimStability> claims, int reruns)
    {
        if (claims.Count == 0)
            return "no claim tested";
        if (claims.Where(c => !c.HeldInAll).MinBy(c => (double)c.Held / c.Runs) is { } weakest)
            return $"held in {weakest.Held} of {weakest.Runs} runs; otherwise {string.Join("; ", weakest.OtherOutcomes)}";
        int fewest = claims.Min(c => c.Runs);
        return fewest > 1 ? $"held in all {fewest} runs"
            : reruns == 0 ? "one run, no rerun yet"
            : "one run: the reruns did not measure it";
    }

    private static Row? EventLoop(ReportContext report)
    {
        if (report.Results.CurrentResponsiveness() is not { } responsiveness || Claims.Heartbeats(responsiveness) is not { } heartbeats)
            return null;
        var (workers, stalled, lowest) = heartbeats;
        var best = lowest[0];
        string range = best.Repetitions.Count > 1 ? $" (runs {RunsApart.Range(best.Repetitions.Select(r => r.P99LatenessMs))})" : "";
        return new Row("a UI thread or an event loop", $"the job off the loop: {ReportFormat.List([.. lowest.Select(r => r.Strategy)])}",
            $"heartbeat p99 {ReportFormat.Ms(best.P99LatenessMs)}{range} on {ReportFormat.Workers(workers)}; inline stalled it {ReportFormat.Ms(stalled.MaxLatenessMs)}",
            report.ClaimsWithPrefix("responsiveness:best"), ResponsivenessSection.Title);
    }

    private static Row? Endpoint(ReportContext report)
    {
        if (report.Results.Server is not { Runs.Count: > 0 } server || Claims.ServerEveryCore(server) is not { Count: > 0 } everyCore)
            return null;
        var responsive = everyCore.Where(r => r.P99Ms < Claims.ResponsiveP99Ms).OrderBy(r => r.P99Ms).ToList();
        var starved = everyCore.Where(r => r.P99Ms >= Claims.StarvedP99Ms).OrderByDescending(r => r.P99Ms).ToList();
        if (responsive.Count == 0)
            return null;
        string avoid = starved.Count > 0 ? $", not {ReportFormat.List([.. starved.Select(r => r.Label)])}" : "";
        string against = starved.Count > 0 ? $"; {ReportFormat.Ms(starved[0].P99Ms)} under {starved[0].Label}" : "";
        // the three lowest: one run each ranks no further
        string use = $"{ReportFormat.List([.. responsive.Take(3).Select(r => r.Label)])}{(responsive.Count > 3 ? $" (or {responsive.Count - 3} more under {ReportFormat.Ms(Claims.ResponsiveP99Ms)})" : "")}{avoid}";
        string evidence = $"`/ping` p99 {ReportFormat.Ms(responsive[0].P99Ms)} under {responsive[0].Label} beside one heavy request on every core{against} (one run each)";
        var claims = new List<ClaimStability>([.. report.ClaimsWithPrefix("server:responsive"), .. report.ClaimsWithPrefix("server:starved")]);
        if (server.Remedies is { Count: > 0 } remedies && ServerRemediesSection.CheapestFor(remedies, "thread-pool") is { } fix)
        {
            use += $"; where a thread-pool job starves it, the cheapest fix: `{fix.Remedy}` ({fix.Setting})";
            evidence += $"; that fix: {ReportFormat.Ms(fix.P99Ms)}, within {ServerRemediesSection.IdleMultiple.ToString(System.Globalization.CultureInfo.InvariantCulture)}× the idle server's in every run";
            claims.AddRange(report.ClaimsWithPrefix("server:remedy"));
        }
        return new Row("an ASP.NET Core endpoint with a heavy job", use, evidence, claims, ServerSection.Title);
    }

    private static Row? EveryCore(ReportContext report)
    {
        if (SummarySection.FasterThanInline(report) is not [var (best, speedup), ..])
            return null;
        // by id, not prefix: speedup:Thread is a prefix of speedup:ThreadPool
        var bestClaim = report.Claims.Where(c => c.Published.Id == $"speedup:{best.Method}");
        var kernel = report.ClaimsWithPrefix("kernel:vector");
        var gain = Claims.InlineUnderEachKernel(report.Results) is { } kernels ? Claims.Speedup(kernels.Vector, kernels.Scalar) : null;
        bool cheaper = kernel.Count == 1 && kernel[0].Published.Outcome == "faster" && gain is not null;
        string use = (cheaper ? "a cheaper loop first, then " : "") + $"{Cases.StrategyName(best.Method)} on every core";
        string evidence = (cheaper ? $"the vector kernel on one core: {Claims.AsFast(gain!, "as fast as the scalar loop")}; " : "")
            + $"{Cases.StrategyName(best.Method)} on {ReportFormat.Workers(report.Cores)}: {Claims.AsFast(speedup, "as fast as inline")}{Claims.AboveIdealShort(speedup, report.Cores, report.Cores)}";
        return new Row("a batch job that should use every core", use, evidence, [.. (cheaper ? kernel : []), .. bestClaim], cheaper ? KernelSection.Title : ThroughputSection.Title);
    }

    private static Row? Killable(ReportContext report)
    {
        var reuse = report.ClaimsWithPrefix("dispatch:reuse");
        if (Claims.Reuse(report.Experiment(Experiments.Dispatch)) is not { } cases || reuse.Count != 1 || reuse[0].Published.Outcome != "faster"
            || Claims.Speedup(cases.Pool, cases.Process) is not { } saving)
            return null;
        return new Row("a job you may need to kill", "a process pool: a worker process can be killed, a thread cannot",
            $"a started worker took a job in {DisplayUnit.FormatAlone(cases.Pool.MedianNs!.Value)}, a new process {DisplayUnit.FormatAlone(cases.Process.MedianNs!.Value)}: {Claims.AsFast(saving, "as long")}",
            reuse, DispatchSection.Title);
    }

    private static Row? Container(ReportContext report)
    {
        if (QuotaContrast.Of(report.Results.Quota) is not { } quota)
            return null;
        string cpus = ReportFormat.Cpus(quota.Cpus);
        string use = quota.Verdict switch
        {
            Apart.Lower => $"workers = the quota's whole CPUs ({quota.WholeWorkers} at {cpus}), not `ProcessorCount` ({quota.ProcessorCount})",
            Apart.Higher => $"`ProcessorCount`'s workers ({quota.CountWorkers} at {cpus}): the whole CPUs kept the server less responsive here",
            _ => "either worker count: the runs did not tell them apart",
        };
        return new Row("a container with a CPU limit", use,
            $"at {cpus} CPUs, `/ping` p99 {ReportFormat.Ms(RunsApart.Median(quota.WholeP99Ms))} ({RunsApart.Range(quota.WholeP99Ms)}) on {ReportFormat.Workers(quota.WholeWorkers)}, {ReportFormat.Ms(RunsApart.Median(quota.CountP99Ms))} ({RunsApart.Range(quota.CountP99Ms)}) on {quota.CountWorkers}: {RunsApart.Verdict(quota.Verdict)}",
            report.ClaimsWithPrefix("quota:whole-cpus"), QuotaSection.Title);
    }
}
