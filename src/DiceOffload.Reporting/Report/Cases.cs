using System.Globalization;
using DiceOffload.Reporting.Results;

namespace DiceOffload.Reporting.Report;

/// <summary>Picking benchmark cases by parameter, and naming the strategies the way the rest of the project does.</summary>
internal static class Cases
{
    // the order of every chart, table and legend: the calling thread first, then ever further from it
    private static readonly string[] KnownOrder = ["inline", "thread", "threadpool", "parallelfor", "pipe", "process", "sharedmemory", "processpool", "unsynchronized", "interlocked", "partitioned"];

    public static string? Param(this BenchmarkResult result, string name) =>
        result.Parameters.FirstOrDefault(p => p.Name == name)?.Value;

    /// <summary>The parameter as a number; NaN when the case does not have it or it is not a number.</summary>
    public static double Number(this BenchmarkResult result, string name) =>
        double.TryParse(result.Param(name), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN;

    public static IEnumerable<BenchmarkResult> With(this IEnumerable<BenchmarkResult> results, string name, double value) =>
        results.Where(r => r.Number(name) == value);

    public static BenchmarkResult? Method(this IEnumerable<BenchmarkResult> results, string method) =>
        results.FirstOrDefault(r => r.Method == method);

    /// <summary>The distinct values of a numeric parameter, smallest first.</summary>
    public static double[] Values(this IEnumerable<BenchmarkResult> results, string name) =>
        [.. results.Select(r => r.Number(name)).Where(v => !double.IsNaN(v)).Distinct().Order()];

    /// <summary>The methods present, in the study's strategy order (unknown ones last, by name).</summary>
    public static string[] Methods(this IEnumerable<BenchmarkResult> results) =>
        [.. results.Select(r => r.Method).Distinct().OrderBy(Rank).ThenBy(m => m, StringComparer.Ordinal)];

    public static int Rank(string name)
    {
        int index = Array.IndexOf(KnownOrder, Key(name));
        return index < 0 ? KnownOrder.Length : index;
    }

    /// <summary>A benchmark method's strategy name as the command line spells it: <c>ParallelFor</c> → <c>parallel-for</c>.</summary>
    public static string StrategyName(string method) =>
        string.Concat(method.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private static string Key(string name) => name.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}
