using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using ScottPlot;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>The article's job under each strategy, offloaded to one worker and spread over every core.</summary>
internal sealed class ThroughputSection : IReportSection
{
    public const string Title = "Use every core: throughput";

    public void Write(ReportContext report)
    {
        var text = report.Text;
        var cases = report.Experiment(Experiments.Throughput);
        if (!text.ExperimentHeading(Title, cases, c => Chart(report.Charts, c)))
            return;
        foreach (double workers in cases.Values(ExperimentParameters.Workers))
        {
            var job = ReportMath.LargestJob(cases).With(ExperimentParameters.Workers, workers).ToList();
            var ordered = job.Where(c => c.Method != Experiments.Inline).OrderBy(c => c.MedianNs).ToList();
            if (ordered.Count == 0 || ReportMath.Inline(job, ordered[0]) is not { } inline)
                continue;
            var lowest = ordered[0];
            string runnerUp = ordered.Count > 1
                ? $", and {Claims.Versus(Claims.Compare(lowest, ordered[1]), "the next lowest, " + Cases.StrategyName(ordered[1].Method))}"
                : "";
            string speedup = Claims.Speedup(lowest, inline) is { } s
                ? Claims.SpeedupText(s) + Claims.AboveIdeal(s, workers, report.Cores)
                : ReportFormat.Ratio(inline.MedianNs!.Value / lowest.MedianNs!.Value);
            text.Line($"On {ReportFormat.Workers((int)workers)}, the lowest median for the {ReportFormat.Throws(lowest)}-throw job is {Cases.StrategyName(lowest.Method)}'s: {ReportFormat.Pair(lowest, inline)} inline, {speedup}. "
                + $"By Mann–Whitney (α = {Claims.Alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}) it is {Claims.Versus(Claims.Compare(lowest, inline), "inline")}{runnerUp}.");
        }
        text.Line("With one worker the job is offloaded but cannot be faster: the caller is free, the work still runs on one core, so a one-worker case that measures faster than inline is the machine or the loop's placement, not the strategy.");
        text.Line();
        text.BenchmarkTableInAppendix("Throughput", cases);
    }

    /// <summary>Grouped bars: the largest job under each strategy, one bar per worker count.</summary>
    private static string? Chart(ChartKit charts, IReadOnlyList<BenchmarkResult> cases)
    {
        if (cases.Values(ExperimentParameters.Throws) is not [.., double throws])
            return null;
        var job = cases.With(ExperimentParameters.Throws, throws).ToList();
        string[] methods = job.Methods();
        double[] workers = job.Values(ExperimentParameters.Workers);
        var unit = DisplayUnit.For(job.Select(c => c.MedianNs!.Value));

        double most = workers.Max();
        var atMost = job.With(ExperimentParameters.Workers, most).ToList();
        var fastest = atMost.Where(c => c.Method != Experiments.Inline).MinBy(c => c.MedianNs);
        string title = fastest is not null && atMost.Method(Experiments.Inline) is { MedianNs: { } inlineNs }
            ? $"{DisplayUnit.Number(throws)} throws: {Cases.StrategyName(fastest.Method)} on {ReportFormat.Workers((int)most)} took {DisplayUnit.FormatAlone(fastest.MedianNs!.Value)}, inline {DisplayUnit.FormatAlone(inlineNs)}"
            : $"{DisplayUnit.Number(throws)} throws of two dice: median time per strategy";
        using var plot = ChartKit.NewPlot(title, "strategy", $"median time ({unit.Symbol}), {ReportFormat.IntervalLabel}");
        double width = 0.8 / workers.Length;
        for (int w = 0; w < workers.Length; w++)
        {
            var series = methods.Select((m, i) => (Position: i + (w - (workers.Length - 1) / 2.0) * width, Case: job.With(ExperimentParameters.Workers, workers[w]).Method(m)))
                .Where(p => p.Case is not null).ToList();
            var color = ChartKit.SeriesColor(w);
            ChartKit.AddBars(plot, series.Select(p => new Bar { Position = p.Position, Value = unit.From(p.Case!.MedianNs!.Value), Size = width * 0.95, FillColor = color }));
            ChartKit.AddErrorBars(plot, series.Select(p => (p.Position, p.Case!)), unit, log: false);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = workers[w] == 1 ? "offload: 1 worker" : $"parallel: {workers[w]} workers", FillColor = color });
        }

        ChartKit.LabelCategories(plot.Axes.Bottom, methods.Select(Cases.StrategyName));
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(bottom: 0);
        return charts.Save(plot, "throughput.png");
    }
}
