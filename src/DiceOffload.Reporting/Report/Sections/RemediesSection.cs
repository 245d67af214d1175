using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>
/// The two remedies users ask about when the job takes every core: leave one core to the loop, or run the workers at
/// a lower priority. What each does to the heartbeat, and what it costs the job.
/// </summary>
internal sealed class RemediesSection : IReportSection
{
    /// <summary>The lateness this section checks each configuration against: a 99th percentile of at most 5 ms.</summary>
    private const double TargetP99Ms = 5;

    public void Write(ReportContext report)
    {
        if (report.Results.CurrentResponsiveness() is not { } result || !result.Remedies().Any())
            return;
        int cores = report.Cores;
        // each remedy's run, and for comparison each strategy's run on every core with nothing done
        var nothingDone = result.Remedies().Select(r => r.Strategy).Distinct().Select(s => result.PlainRun(s, cores)).OfType<ResponsivenessRun>();
        var rows = result.Remedies().Concat(nothingDone)
            .Select(r => (Run: r, Plain: result.PlainRun(r.Strategy, cores)))
            .OrderBy(p => Cases.Rank(p.Run.Strategy)).ThenBy(p => p.Run.Remedy == ResponsivenessRuns.NoRemedy ? 0 : 1).ThenBy(p => p.Run.Remedy, StringComparer.Ordinal)
            .ToList();
        var text = report.Text;
        text.Line("### Keeping the loop on time when the job wants every core");
        text.Line();
        text.Line($"Two remedies, each against the same strategy on all {cores} cores with nothing done: `one-core-free` runs {ReportFormat.Workers(cores - 1)}, leaving a core to the loop; `nice+10` keeps every core but lowers the workers' priority to nice +10 (dedicated threads lower their own; the pool's worker processes are lowered once started), below the loop's nice 0. "
            + $"The target checked is a 99th percentile of at most {ReportFormat.Ms(TargetP99Ms)}.");
        text.Line();
        var everyCore = rows.Where(p => p.Run.Workers == cores).ToList();
        var onTarget = everyCore.Where(p => p.Run.P99LatenessMs <= TargetP99Ms).Select(p => $"{p.Run.Strategy} ({p.Run.Remedy}, p99 {ReportFormat.Ms(p.Run.P99LatenessMs)})").ToList();
        text.Line(onTarget.Count > 0
            ? $"Using every core and within the target: {string.Join("; ", onTarget)}."
            : $"No configuration that uses every core kept the 99th percentile within {ReportFormat.Ms(TargetP99Ms)} here; the appendix's table shows how close each came.");
        text.Line();
        text.TableInAppendix("Every loop remedy", "Every remedy's job time and lateness", table =>
        {
            table.Line("| strategy | remedy | workers | job (ms) | job time vs nothing done | p50 (ms) | p99 (ms) | p99.9 (ms) | max (ms) | within the target |");
            table.Line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            foreach (var (run, plain) in rows)
            {
                string cost = plain is null ? "n/a" : ReportFormat.Ratio(run.ElapsedMs / plain.ElapsedMs);
                table.Line($"| {run.Strategy} | {run.Remedy} | {run.Workers} | {DisplayUnit.Number(run.ElapsedMs)} | {cost} | {ResponsivenessRuns.Ms(run.P50LatenessMs)} | {ResponsivenessRuns.Ms(run.P99LatenessMs)} | {ResponsivenessRuns.Ms(run.P999LatenessMs)} | {ResponsivenessRuns.Ms(run.MaxLatenessMs)} | {(run.P99LatenessMs <= TargetP99Ms ? "yes" : "no")} |");
            }
            table.Line();
        });
    }
}
