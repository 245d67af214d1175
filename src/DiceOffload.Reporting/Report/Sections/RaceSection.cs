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
        text.Chart(Chart(report.Charts, race), "Lost updates per method");
        string how = race.MinimumOverlapMs is { } overlap
            ? $"at least {ReportFormat.Count(race.IncrementsPerWorker)} times, and kept adding until every worker had started, {DisplayUnit.Number(overlap)} ms had passed since the last one started"
              + (race.MinimumInterleavings is > 0 and var wanted ? $" and each had seen another's increments land between two of its own blocks {ReportFormat.Count(wanted)} times (or a time cap passed){(race.Runs.SelectMany(r => r.Interleavings ?? []).DefaultIfEmpty(0).Min() is > 0 and var fewest ? $"; the fewest any worker saw in a repetition was {ReportFormat.Count(fewest)}, so the workers ran at the same time, or in turns the scheduler forced on them" : "")}" : "")
              + "; the updates expected are the workers' own tallies added up"
            : $"{ReportFormat.Count(race.IncrementsPerWorker)} times";
        text.Line($"{race.Workers} workers each added 1 to one shared counter {how}. A plain `++` is a read, an add and a write, so two workers can read the same value and one update is lost; `Interlocked.Increment` makes the three one, and partitioning gives each worker its own counter to add up at the end.");
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

    /// <summary>Bars: updates lost by each way of counting (median of the repetitions).</summary>
    private static string? Chart(ChartKit charts, RaceResult result)
    {
        var runs = result.Runs.OrderBy(r => Cases.Rank(r.Method)).ToList();
        if (runs.Count == 0)
            return null;

        using var plot = ChartKit.NewPlot($"Race: {result.Workers} workers × {(result.MinimumOverlapMs is null ? "" : "at least ")}{DisplayUnit.Number(result.IncrementsPerWorker)} increments on one counter", "method", "lost updates (median of repetitions)");
        ChartKit.AddBars(plot, runs.Select((r, i) => new Bar
        {
            Position = i,
            Value = ReportMath.Median(r.LostUpdates),
            FillColor = ChartKit.StrategyColor(r.Method),
            Label = DisplayUnit.Number(ReportMath.Median(r.LostUpdates)),
        }));

        ChartKit.LabelCategories(plot.Axes.Bottom, runs.Select(r => r.Method));
        plot.Axes.Margins(bottom: 0, top: 0.15);
        return charts.Save(plot, "race.png");
    }
}
