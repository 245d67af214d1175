using System.Globalization;
using System.Text;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report;

/// <summary>The markdown of report.md as the sections write it: lines, chart links, the benchmark results table,
/// and the bookkeeping of the charts written and the parts left out.</summary>
/// <param name="resultsFolder">The folder the figures come from, named in the Missing lines.</param>
/// <param name="reportFolder">The folder report.md goes to: links are relative to it.</param>
internal sealed class MarkdownWriter(string resultsFolder, string reportFolder)
{
    private readonly StringBuilder _text = new();
    private readonly List<string> _charts = [];
    private readonly List<string> _missing = [];

    /// <summary>The chart files linked so far, in report order.</summary>
    public IReadOnlyList<string> ChartFiles => _charts;

    /// <summary>The parts of the study left out so far for want of data, one sentence each.</summary>
    public IReadOnlyList<string> Missing => _missing;

    public void Line(string text = "") => _text.Append(text).Append('\n');

    /// <summary>Text as it is, already laid out in lines (another writer's table).</summary>
    public void Append(string text) => _text.Append(text);

    public override string ToString() => _text.ToString();

    /// <summary>A path as report.md links it: relative to the report's folder, with forward slashes.</summary>
    public string Relative(string path) => Path.GetRelativePath(reportFolder, Path.GetFullPath(path)).Replace('\\', '/');

    /// <summary>An experiment's heading and chart; false (and a line under Missing) when it has no results.</summary>
    public bool ExperimentHeading(string title, IReadOnlyList<BenchmarkResult> cases, Func<IReadOnlyList<BenchmarkResult>, string?> chart, int level = 2)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(chart);
        Line($"{new string('#', level)} {title}");
        Line();
        if (cases.Count == 0)
        {
            Absent(title, "no benchmark results");
            return false;
        }
        Chart(chart(cases), title);
        return true;
    }

    /// <summary>Says in place that a part has no results, and lists it under Missing.</summary>
    public void Absent(string title, string why)
    {
        Line($"No results: {why}. See Missing below.");
        Line();
        _missing.Add($"{title}: {why} in `{Relative(resultsFolder)}`.");
    }

    /// <summary>Links the chart at <paramref name="path"/>; nothing when no chart was drawn.</summary>
    public void Chart(string? path, string alt)
    {
        if (path is null)
            return;
        _charts.Add(path);
        string svg = ChartKit.SvgOf(path);
        // the PNG shows everywhere markdown does; a click opens the SVG, sharp at any size
        Line(File.Exists(svg) ? $"[![{alt}]({Relative(path)})]({Relative(svg)})" : $"![{alt}]({Relative(path)})");
        Line();
    }

    /// <summary>The tables the sections left to the appendix, in report order: each heading and what writes the table.</summary>
    public IReadOnlyList<(string Heading, Action<MarkdownWriter> Write)> AppendixTables => _appendixTables;

    private readonly List<(string Heading, Action<MarkdownWriter> Write)> _appendixTables = [];

    /// <summary>Leaves an experiment's every-case table (<see cref="BenchmarkTable"/>) to the appendix, under
    /// "Every case: <paramref name="title"/>", and links it here.</summary>
    public void BenchmarkTableInAppendix(string title, IReadOnlyList<BenchmarkResult> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        TableInAppendix($"Every case: {title}", "Every case, with its median, interval, ratio to inline and allocations", text => text.BenchmarkTable(cases));
    }

    /// <summary>Leaves a table to the appendix under <paramref name="heading"/>, and links it here with
    /// <paramref name="what"/>, which says what the table holds.</summary>
    public void TableInAppendix(string heading, string what, Action<MarkdownWriter> write)
    {
        Line($"{what}: {TableInAppendix(heading, write)}.");
        Line();
    }

    /// <summary>Leaves a table to the appendix under <paramref name="heading"/> and returns the link to it, for a
    /// sentence that links several.</summary>
    public string TableInAppendix(string heading, Action<MarkdownWriter> write)
    {
        _appendixTables.Add((heading, write));
        return $"[{heading}](#{Anchor(heading)})";
    }

    /// <summary>GitHub's anchor for a heading: lower case, spaces to hyphens, other punctuation dropped.</summary>
    public static string Anchor(string heading) =>
        string.Concat(heading.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c).ToString() : c is ' ' or '-' ? "-" : c == '_' ? "_" : ""));

    /// <summary>A table row per case: median, the median's confidence interval, ratio to inline with the same parameters, allocations; one unit for the table.</summary>
    public void BenchmarkTable(IReadOnlyList<BenchmarkResult> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var unit = DisplayUnit.For(cases.Select(c => c.MedianNs!.Value));
        string[] parameters = [.. cases.SelectMany(c => c.Parameters.Select(p => p.Name)).Distinct()];
        Line($"| strategy | {string.Concat(parameters.Select(p => p + " | "))}median ({unit.Symbol}) | {ReportFormat.IntervalLabel} ({unit.Symbol}) | ratio to inline | allocated |");
        Line($"| --- | {string.Concat(parameters.Select(_ => "---: | "))}---: | ---: | ---: | ---: |");
        foreach (var group in cases.GroupBy(c => c.ParametersText).OrderBy(g => parameters.Select(p => g.First().Number(p)).ToArray(), NumberArrayComparer.Instance))
        {
            foreach (var c in group.OrderBy(c => Cases.Rank(c.Method)).ThenBy(c => c.Method, StringComparer.Ordinal))
            {
                string ratio = ReportMath.Inline(cases, c) is { MedianNs: { } inlineNs } ? ReportFormat.Ratio(c.MedianNs!.Value / inlineNs) : "n/a";
                Line($"| {Cases.StrategyName(c.Method)} | {string.Concat(parameters.Select(p => ReportFormat.Cell(ParameterText(c, p)) + " | "))}{DisplayUnit.Number(unit.From(c.MedianNs!.Value))} | {ReportFormat.Interval(c, unit)} | {ratio} | {ReportFormat.Allocated(c.BytesAllocatedPerOperation)} |");
            }
        }
        Line();
    }

    private static string ParameterText(BenchmarkResult result, string name) =>
        result.Param(name) is not { } value ? "" : name == ExperimentParameters.SizeBytes ? ReportFormat.Bytes(result.Number(name))
            : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? ReportFormat.Count(number) : value;

    private sealed class NumberArrayComparer : IComparer<double[]>
    {
        public static NumberArrayComparer Instance { get; } = new();

        public int Compare(double[]? x, double[]? y)
        {
            for (int i = 0; i < Math.Min(x!.Length, y!.Length); i++)
            {
                int order = x[i].CompareTo(y[i]);
                if (order != 0)
                    return order;
            }
            return x.Length.CompareTo(y.Length);
        }
    }
}
