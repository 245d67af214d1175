using System.Globalization;
using DiceOffload.Reporting.Results;
using DiceOffload.Strategies;

namespace DiceOffload.Reporting.Report;

/// <summary>Picking benchmark cases by parameter, and naming the strategies the way the rest of the project does.</summary>
internal static class Cases
{
    /// <summary>A series of a chart or a row of a table: where it sorts and how it is drawn.</summary>
    public readonly record struct Series(double Rank, string ColourHex);

    // series that are not strategies: the Transfer experiment's pipe, read from a child process's stdout as the
    // process strategy reads its histogram (so it sorts just before process), and the race scenario's counting methods
    private static readonly Dictionary<string, Series> OtherSeries = new(StringComparer.Ordinal)
    {
        ["pipe"] = new(Rank("process") - 0.5, "#9467bd"),
        ["unsynchronized"] = new(StrategyCatalog.All.Count, "#bcbd22"),
        ["interlocked"] = new(StrategyCatalog.All.Count + 1, "#17becf"),
        ["partitioned"] = new(StrategyCatalog.All.Count + 2, "#1f77b4"),
    };

    // after every known series, by name
    private static readonly Series Unknown = new(StrategyCatalog.All.Count + 3, "#ff7f0e");

    /// <summary>
    /// Where a strategy, a benchmark method or another series sorts and how it is drawn: the catalog's order and colour
    /// for strategies (<c>parallel-for</c> and <c>ParallelFor</c> alike), the calling thread first, then ever further from it.
    /// </summary>
    public static Series Style(string name) =>
        StrategyCatalog.All.Select((e, i) => (e, i)).FirstOrDefault(p => Key(p.e.Name) == Key(name)) is ({ } entry, int index)
            ? new Series(index, entry.ColourHex)
            : OtherSeries.GetValueOrDefault(Key(name), Unknown);

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

    public static double Rank(string name) => Style(name).Rank;

    /// <summary>A benchmark method's strategy name as the command line spells it: <c>ParallelFor</c> → <c>parallel-for</c>.</summary>
    public static string StrategyName(string method) =>
        StrategyCatalog.Find(method)?.Name
            ?? string.Concat(method.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private static string Key(string name) => name.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}
