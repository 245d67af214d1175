using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>
/// The runtime as users run it: the DynamicPgo cases (dynamic PGO on) beside the same cases with PGO off, Dispatch's
/// hand-off and Throughput's scalar job, from the same run.
/// </summary>
internal sealed class PgoSection : IReportSection
{
    private const string Title = "With dynamic PGO on, as users run";

    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line($"### {Title}");
        text.Line();
        text.Line("Dynamic PGO is off in every program of the study but the `DynamicPgo` cases (measured below): the bench, BenchmarkDotNet's benchmark programs and the worker (`TieredPGO` in `Directory.Build.props`). "
            + "With it on, each process compiled the dice loop according to the profile it happened to collect, and the same loop ran at different speeds in the caller and in the workers; "
            + "the strategies would have compared code generation rather than ways of running the work. "
            + "The price is that the runtime's own threading code runs without a profile too, so the in-process dispatch figures (thread start, pool queueing, `Parallel.For`) are higher than in a program with the default settings. "
            + "The NativeAOT worker is compiled ahead of time and has no tiers at all.");
        text.Line();
        var on = report.Experiment(Experiments.DynamicPgo);
        if (on.Count == 0)
        {
            text.Absent(Title, "no DynamicPgo exports");
            return;
        }
        var dispatch = report.Experiment(Experiments.Dispatch);
        var throughput = report.Experiment(Experiments.Throughput).Where(c => c.Param(ExperimentParameters.Kernel) is null or ExperimentParameters.ScalarKernel).ToList();
        text.Line("The study turns dynamic PGO off in every program (see the method), so that no strategy's figure depends on the profile its process happened to collect; .NET runs with it on by default. "
            + "The `DynamicPgo` cases run with `DOTNET_TieredPGO=1` (the pool's workers inherit it), in the same run as the cases they are set beside: the one-throw hand-off of `Dispatch` and the article's job of `Throughput` (scalar kernel). "
            + $"\"on ÷ off\" is the Hodges–Lehmann ratio of the times with its interval, and the verdict the study's test (Mann–Whitney at α = {Claims.Alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}, beyond {Claims.MinimalEffectPercent.ToString(System.Globalization.CultureInfo.InvariantCulture)}%, launch by launch).");
        text.Line();
        text.Line("| strategy | job | workers | PGO off | PGO on | on ÷ off | PGO on is |");
        text.Line("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var pgo in on.OrderBy(c => c.Number(ExperimentParameters.Throws)).ThenBy(c => Cases.Rank(c.Method)))
        {
            double throws = pgo.Number(ExperimentParameters.Throws);
            // inline runs on the caller whatever the workers; Throughput's inline case at 1 worker is its baseline
            int workers = throws == 1 || pgo.Method == Experiments.Inline ? 1 : report.Cores;
            var off = throws == 1
                ? dispatch.Method(pgo.Method)
                : throughput.With(ExperimentParameters.Throws, throws).Where(c => c.Method == pgo.Method && c.Number(ExperimentParameters.Workers) == workers).FirstOrDefault();
            if (off is null || off.MedianNs is null || pgo.MedianNs is null)
                continue;
            var unit = DisplayUnit.For([off.MedianNs.Value, pgo.MedianNs.Value]);
            string ratio = Claims.Speedup(off, pgo) is { } shift ? Claims.RatioCell(shift) : "n/a";
            string verdict = Claims.Words(Claims.Compare(pgo, off));
            text.Line($"| {Cases.StrategyName(pgo.Method)} | {ReportFormat.Count(throws)} throw{(throws == 1 ? "" : "s")} | {workers} | {unit.Format(off.MedianNs.Value)} | {unit.Format(pgo.MedianNs.Value)} | {ratio} | {verdict} |");
        }
        text.Line();
    }
}
