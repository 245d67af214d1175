using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using ScottPlot;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>The race scenario: one shared counter bumped by every worker, without atomics, with them, and partitioned.</summary>
internal sealed class RaceSection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line("## Race");
        text.Line();
        if (report.Results.Race is not { Runs.Count: > 0 } race)
        {
            text.Absent("Race", $"no {ResultsLayout.RaceFile}");
            return;
        }
        string how = race.MinimumOverlapMs is { } overlap
            ? $"at least {ReportFormat.Count(race.IncrementsPerWorker)} times, until all had overlapped for {DisplayUnit.Number(overlap)} ms"
              + (race.MinimumInterleavings is > 0 and var wanted ? $" and each had seen another's increments land between two of its own blocks {ReportFormat.Count(wanted)} times (or a time cap passed){(race.Runs.SelectMany(r => r.Interleavings ?? []).DefaultIfEmpty(0).Min() is > 0 and var fewest ? $"; the fewest any worker saw was {ReportFormat.Count(fewest)}" : "")}" : "")
              + "; the expected count is the workers' own tallies"
            : $"{ReportFormat.Count(race.IncrementsPerWorker)} times";
        text.Line($"{race.Workers} workers each added 1 to one shared counter {how}. A plain `++` is a read, an add and a write, so two workers can read the same value and lose an update; `Interlocked.Increment` makes the three one, and partitioning gives each worker its own counter.");
        text.Line();
        text.Line($"| method | expected{(race.MinimumOverlapMs is null ? "" : " (median)")} | counted (median) | lost updates (median) | lost | elapsed (ms, median) | repetitions |");
        text.Line("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var run in race.Runs.OrderBy(r => Cases.Rank(r.Method)))
        {
            double lost = ReportMath.Median(run.LostUpdates);
            double share = run.ExpectedByRepetition is { Count: > 0 } expected && expected.Count == run.LostUpdates.Count
                ? Statistics.Median([.. run.LostUpdates.Zip(expected, (l, e) => e == 0 ? 0 : (double)l / e)])
                : run.Expected == 0 ? 0 : lost / run.Expected;
            text.Line($"| {run.Method} | {ReportFormat.Count(run.Expected)} | {ReportFormat.Count(ReportMath.Median(run.Counted))} | {ReportFormat.Count(lost)} | {ReportFormat.Percent(share)} | {DisplayUnit.Number(run.ElapsedMs.Count == 0 ? 0 : Statistics.Median(run.ElapsedMs))} | {run.LostUpdates.Count} |");
        }
        text.Line();
    }
}
