using System.Globalization;
using DiceOffload.Reporting.Comparison;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>The findings, at most eight, one figure each, in sentences a reader can say aloud; each says where a rerun
/// of the stability check did not reach the same claim.</summary>
internal sealed class SummarySection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line("## Summary");
        text.Line();
        var findings = new List<string>();
        Kernel(report, findings);
        Speedup(report, findings);
        BreakEven(report, findings);
        Dispatch(report, findings);
        Responsiveness(report, findings);
        Server(report, findings);
        Quota(report, findings);
        Race(report, findings);
        if (findings.Count == 0)
            findings.Add("There are not enough results for a summary; see Missing below.");
        foreach (string finding in findings)
            text.Line($"- {finding}");
        text.Line();
    }

    private static void Kernel(ReportContext report, List<string> findings)
    {
        var kernel = report.ClaimsWithPrefix("kernel:vector");
        if (kernel.Count != 1 || Claims.InlineUnderEachKernel(report.Results) is not { } kernels || Claims.Speedup(kernels.Vector, kernels.Scalar) is not { } gain)
            return;
        var vectorInline = kernels.Vector;
        // the headline is a test: the vector loop on one core against the fastest the scalar loop got on every core,
        // by the same ratio the speedup finding and the guide rank by
        var best = Claims.SpeedupsAtCores(report.Results) is [var fastest, ..] ? fastest.Case : null;
        string lead = kernel[0].Published.Outcome != "faster" ? "Making the loop cheaper did not pay here"
            : best is null ? "Making the loop cheaper paid"
            : Claims.Compare(vectorInline, best) switch
            {
                Difference.Faster => $"Making the loop cheaper beat spreading it over every core (faster than {Cases.StrategyName(best.Method)} on {ReportFormat.Workers(report.Cores)}, by test)",
                Difference.Slower => $"Making the loop cheaper paid, but less than spreading it over every core ({Cases.StrategyName(best.Method)} on {ReportFormat.Workers(report.Cores)} was faster, by test)",
                _ => $"Making the loop cheaper paid as much as spreading it over every core ({Cases.StrategyName(best.Method)} on {ReportFormat.Workers(report.Cores)}: not distinguishable)",
            };
        findings.Add($"{lead}: the vector kernel ran the {ReportFormat.Throws(vectorInline)}-throw job on one core {Claims.AsFast(gain, "as fast as the scalar loop")}." + Stability.Note(kernel));
    }

    private static void Speedup(ReportContext report, List<string> findings)
    {
        var claims = report.ClaimsWithPrefix("speedup:");
        if (claims.Count == 0 || ReportMath.LargestJob(report.Experiment(Experiments.Throughput)) is not { Count: > 0 } job)
            return;
        var faster = FasterThanInline(report);
        if (faster.Count == 0)
        {
            findings.Add($"On {ReportFormat.Workers(report.Cores)}, no strategy ran the {ReportFormat.Throws(job[0])}-throw job faster than inline." + Stability.Note(claims));
            return;
        }
        var (best, speedup) = faster[0];
        string share = faster.Count == claims.Count ? "every strategy" : $"{faster.Count} of {claims.Count} strategies";
        findings.Add($"On {ReportFormat.Workers(report.Cores)}, {share} ran the scalar {ReportFormat.Throws(best)}-throw job faster than inline; the fastest, {Cases.StrategyName(best.Method)}, "
            + $"{Claims.AsFast(speedup)}{Claims.AboveIdealShort(speedup, report.Cores, report.Cores)}." + Stability.Note(claims));
    }

    /// <summary>The strategies the speedup claims found faster than inline on every core, fastest first.</summary>
    public static IReadOnlyList<(BenchmarkResult Case, RatioShift Speedup)> FasterThanInline(ReportContext report)
    {
        var faster = report.ClaimsWithPrefix("speedup:").Where(c => c.Published.Outcome == "faster").Select(c => c.Published.Id).ToHashSet(StringComparer.Ordinal);
        return [.. Claims.SpeedupsAtCores(report.Results).Where(x => faster.Contains($"speedup:{x.Case.Method}"))];
    }

    private static void BreakEven(ReportContext report, List<string> findings)
    {
        var claims = report.ClaimsWithPrefix("break-even:");
        var cases = report.Experiment(Experiments.BreakEven);
        if (claims.Count == 0 || cases.Count == 0)
            return;
        var from = cases.Methods().Where(m => m != Experiments.Inline).Select(m => (Method: m, From: Claims.BreakEven(cases, m).From)).ToList();
        var groups = from.Where(x => x.From is not null).GroupBy(x => x.From!.Number(ExperimentParameters.Throws)).OrderBy(g => g.Key)
            .Select(g => $"from {ReportFormat.Count(g.Key)} throws under {ReportFormat.List([.. g.Select(x => Cases.StrategyName(x.Method))])}").ToList();
        var never = from.Where(x => x.From is null).Select(x => Cases.StrategyName(x.Method)).ToList();
        if (never.Count > 0)
            groups.Add($"at no size measured under {ReportFormat.List(never)}");
        findings.Add($"On {ReportFormat.Workers(report.Cores)}, handing the job over beat inline at that size and every larger one {string.Join("; ", groups)}." + Stability.Note(claims));
    }

    private static void Dispatch(ReportContext report, List<string> findings)
    {
        var reuse = report.ClaimsWithPrefix("dispatch:reuse");
        if (Claims.Reuse(report.Experiment(Experiments.Dispatch)) is not { } cases || reuse.Count != 1 || Claims.Speedup(cases.Pool, cases.Process) is not { } saving)
            return;
        findings.Add($"A started process-pool worker took a one-throw job in {DisplayUnit.FormatAlone(cases.Pool.MedianNs!.Value)}; starting a process for it took {DisplayUnit.FormatAlone(cases.Process.MedianNs!.Value)}, {Claims.AsFast(saving, "as long")}."
            + Stability.Note(reuse));
    }

    private static void Responsiveness(ReportContext report, List<string> findings)
    {
        if (report.Results.CurrentResponsiveness() is { } responsiveness && Claims.Heartbeats(responsiveness) is { } heartbeats)
        {
            var (workers, stalled, lowest) = heartbeats;
            string interval = responsiveness.HeartbeatIntervalMs.ToString("0.###", CultureInfo.InvariantCulture);
            findings.Add($"Inline, the job on {ReportFormat.Workers(workers)} stalled a {interval} ms heartbeat for up to {ReportFormat.Ms(stalled.MaxLatenessMs)}; "
                + $"under {ReportFormat.List([.. lowest.Select(r => r.Strategy)])}, the lowest{(lowest.Count > 1 ? " and not told apart" : "")}, its 99th percentile stayed at {ReportFormat.Ms(lowest[0].P99LatenessMs)}."
                + Stability.Note(report.ClaimsWithPrefix("responsiveness:best")));
        }
    }

    private static void Server(ReportContext report, List<string> findings)
    {
        var responsive = report.ClaimsWithPrefix("server:responsive");
        var starved = report.ClaimsWithPrefix("server:starved");
        if (responsive.Count != 1 || starved.Count != 1 || report.Results.Server is not { } server || Claims.ServerEveryCore(server) is not { Count: > 0 } everyCore)
            return;
        var best = everyCore.MinBy(r => r.P99Ms)!;
        var worst = everyCore.MaxBy(r => r.P99Ms)!;
        string why = worst.Strategy is "thread-pool" or "parallel-for" && worst.P99Ms >= Claims.StarvedP99Ms ? ", whose work takes the pool threads Kestrel serves requests on," : "";
        findings.Add($"With one heavy request on every core, a web server's `/ping` p99 was {ReportFormat.Ms(worst.P99Ms)} under {worst.Label}{why} "
            + $"and {ReportFormat.Ms(best.P99Ms)} under {best.Label} (one run each)." + Stability.Note([responsive[0], starved[0]]));
    }

    private static void Quota(ReportContext report, List<string> findings)
    {
        if (QuotaContrast.Of(report.Results.Quota) is not { } quota)
            return;
        findings.Add($"Under a {ReportFormat.Cpus(quota.Cpus)}-CPU quota, the server's `/ping` p99 was {ReportFormat.Ms(RunsApart.Median(quota.WholeP99Ms))} with the job on the quota's {ReportFormat.Workers(quota.WholeWorkers)} "
            + $"and {ReportFormat.Ms(RunsApart.Median(quota.CountP99Ms))} on the {quota.CountWorkers} `ProcessorCount` gives ({RunsApart.Verdict(quota.Verdict)}; {quota.WholeP99Ms.Count} runs each)."
            + Stability.Note(report.ClaimsWithPrefix("quota:whole-cpus")));
    }

    private static void Race(ReportContext report, List<string> findings)
    {
        if (report.Results.Race is not { } race || race.Runs.FirstOrDefault(r => r.Method == "unsynchronized") is not { } unsynchronized)
            return;
        double lost = ReportMath.Median(unsynchronized.LostUpdates);
        findings.Add($"Without atomics, {race.Workers} workers sharing one counter lost {ReportFormat.Percent(lost / unsynchronized.Expected)} of its updates (median of {unsynchronized.LostUpdates.Count}); "
            + string.Join(" and ", race.Runs.Where(r => r != unsynchronized).Select(r => $"{r.Method} lost {ReportFormat.Count(ReportMath.Median(r.LostUpdates))}")) + "."
            + Stability.Note(report.ClaimsWithPrefix("race:lost")));
    }
}
