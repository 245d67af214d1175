using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report;

/// <summary>The figures the charts and the text share, so that a chart and its sentence never disagree.</summary>
internal static class ReportMath
{
    /// <summary>Lateness below this is drawn at it on log-scale charts: a heartbeat that is on time has lateness 0.</summary>
    public const double LatenessFloorMs = 0.01;

    /// <summary>The inline case with the same parameters as <paramref name="result"/>.</summary>
    public static BenchmarkResult? Inline(IReadOnlyList<BenchmarkResult> cases, BenchmarkResult result) =>
        cases.FirstOrDefault(c => c.Method == Experiments.Inline && c.ParametersText == result.ParametersText);

    /// <summary>The cases of the largest job (the largest Throws value); empty when there is none.</summary>
    public static List<BenchmarkResult> LargestJob(IReadOnlyList<BenchmarkResult> cases) =>
        cases.Values(ExperimentParameters.Throws) is [.., double largest] ? [.. cases.With(ExperimentParameters.Throws, largest)] : [];

    /// <summary>Inline's median over the method's median at the same worker count.</summary>
    public static double? Speedup(IReadOnlyList<BenchmarkResult> cases, string method, double workers)
    {
        var at = cases.With(ExperimentParameters.Workers, workers).ToList();
        return at.Method(method) is { MedianNs: { } ns } && at.Method(Experiments.Inline) is { MedianNs: { } inlineNs } ? inlineNs / ns : null;
    }

    public static double Median(IReadOnlyList<long> values) =>
        values.Count == 0 ? 0 : Statistics.Median([.. values.Select(v => (double)v)]);
}
