using System.Globalization;
using DiceOffload.Reporting.Results;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace DiceOffload.Reporting.Report;

/// <summary>What every chart recipe of the report shares: a plot with the report's font and labels, PNG files of a
/// fixed size in one folder, whiskers, log axes, category labels and the strategies' colours.</summary>
/// <remarks>
/// Log-scale axes plot log10 of the values with log-spaced minor ticks and labels in the chart's unit. The font is
/// fixed so that the same data gives the same image.
/// </remarks>
internal sealed class ChartKit(string folder)
{
    public const int Width = 900;
    public const int Height = 500;

    // installed with fonts-dejavu-core on Debian and Ubuntu; ScottPlot falls back to its default when missing
    private const string FontFamily = "DejaVu Sans";

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    public string Folder { get; } = folder;

    /// <summary>The colour of a strategy (or race method) in every chart, from the study's strategy order.</summary>
    public static Color StrategyColor(string name) => Color.FromHex(Cases.Style(name).ColourHex);

    /// <summary>The colour of the <paramref name="index"/>th series of a chart whose series are not strategies.</summary>
    public static Color SeriesColor(int index) => Palette.GetColor(index);

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontFamily);
        plot.Title(title, 16);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        return plot;
    }

    /// <summary>Writes <paramref name="plot"/> as <paramref name="fileName"/> (a PNG) in <see cref="Folder"/>, and the same
    /// chart as an SVG beside it, which stays sharp at any size; returns the PNG's path.</summary>
    public string Save(Plot plot, string fileName, int width = Width, int height = Height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        Directory.CreateDirectory(Folder);
        string path = Path.Combine(Folder, fileName);
        plot.SavePng(path, width, height);
        string svg = SvgOf(path);
        plot.SaveSvg(svg, width, height);
        File.WriteAllText(svg, NumberClipPaths(File.ReadAllText(svg)));
        return path;
    }

    /// <summary>
    /// SkiaSharp names an SVG's clip paths from a counter that lives as long as the process (<c>cl_2a</c>, <c>cl_2b</c>, in hex,
    /// …), so the same chart drawn twice in one process would differ; numbered from 1 in order of appearance, the same
    /// data give the same file.
    /// </summary>
    public static string NumberClipPaths(string svg)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(svg, @"\bcl_([0-9a-f]+)\b", m =>
        {
            if (!numbers.TryGetValue(m.Value, out int n))
                numbers[m.Value] = n = numbers.Count + 1;
            return "cl_" + n.ToString(CultureInfo.InvariantCulture);
        });
    }

    /// <summary>The SVG that <see cref="Save"/> writes beside a PNG.</summary>
    public static string SvgOf(string pngPath) => Path.ChangeExtension(pngPath, ".svg");

    // whiskers from the median's confidence interval, which always contains the median
    public static void AddErrorBars(Plot plot, IEnumerable<(double Position, BenchmarkResult Case)> points, DisplayUnit unit, bool log, Color? color = null)
    {
        var withInterval = points.Where(p => p.Case.MedianIntervalNs is { LowerNs: > 0 }).ToList();
        if (withInterval.Count == 0)
            return;
        Func<double, double> y = log ? ns => Math.Log10(unit.From(ns)) : unit.From;
        double[] xs = [.. withInterval.Select(p => p.Position)];
        double[] ys = [.. withInterval.Select(p => y(p.Case.MedianNs!.Value))];
        var bars = plot.Add.ErrorBar(xs, ys, [.. ys.Select(_ => 0.0)]);
        bars.YErrorNegative = [.. withInterval.Select((p, i) => ys[i] - y(p.Case.MedianIntervalNs!.LowerNs))];
        bars.YErrorPositive = [.. withInterval.Select((p, i) => y(p.Case.MedianIntervalNs!.UpperNs) - ys[i])];
        bars.Color = color ?? Colors.Black;
        bars.LineWidth = 1.5f;
    }

    public static void AddBars(Plot plot, IEnumerable<Bar> bars) => plot.Add.Bars(bars.ToArray());

    /// <summary>The lower end of a case's whisker, or its median when that is lower: where a log-scale bar may start.</summary>
    public static double LowestNs(BenchmarkResult result) =>
        result.MedianIntervalNs is { LowerNs: > 0 } ci ? ci.LowerNs : result.MedianNs!.Value;

    /// <summary>One label per category at 0, 1, 2, … and no tick marks.</summary>
    public static void LabelCategories(IAxis axis, IEnumerable<string> labels)
    {
        string[] text = [.. labels];
        axis.TickGenerator = new NumericManual([.. Enumerable.Range(0, text.Length).Select(i => (double)i)], text);
        axis.MajorTickStyle.Length = 0;
    }

    /// <summary>
    /// Grouped bars of repeated runs on a log scale: per category, a bar per series it has (the median of its runs, in
    /// the series' colour) with whiskers over the runs' range, a legend of the series, the categories labelled. The bars
    /// stand on the power of ten below the lowest value (at least <paramref name="floor"/>), so each bar's length says
    /// something. Returns the mapping from a value to the plot's y, for lines drawn over the bars.
    /// </summary>
    /// <param name="runs">The runs of a series in a category; empty where it has none.</param>
    public static Func<double, double> GroupedRunBars(Plot plot, IReadOnlyList<string> categories, IReadOnlyList<string> series, Func<int, string, IReadOnlyList<double>> runs, double floor)
    {
        var present = categories.Select((_, i) => series.Where(s => runs(i, s).Count > 0).ToArray()).ToList();
        double width = 0.8 / Math.Max(1, present.Max(p => p.Length));
        double lowest = Math.Max(floor, present.SelectMany((names, i) => names.SelectMany(n => runs(i, n))).DefaultIfEmpty(floor).Min());
        double baseValue = Math.Pow(10, Math.Floor(Math.Log10(lowest)));
        double Y(double value) => Math.Log10(Math.Max(baseValue, value));
        var points = present.SelectMany((names, i) => names.Select((n, j) => (Position: i + (j - (names.Length - 1) / 2.0) * width, Series: series.ToList().IndexOf(n), Runs: runs(i, n)))).ToList();
        double[] ys = [.. points.Select(p => Y(Statistics.Median([.. p.Runs])))];
        AddBars(plot, points.Select((p, i) => new Bar { Position = p.Position, ValueBase = Y(baseValue), Value = ys[i], Size = width * 0.95, FillColor = SeriesColor(p.Series) }));
        var whiskers = plot.Add.ErrorBar([.. points.Select(p => p.Position)], ys, [.. ys.Select(_ => 0.0)]);
        whiskers.YErrorNegative = [.. points.Select((p, i) => ys[i] - Y(p.Runs.Min()))];
        whiskers.YErrorPositive = [.. points.Select((p, i) => Y(p.Runs.Max()) - ys[i])];
        whiskers.Color = Colors.Black;
        for (int s = 0; s < series.Count; s++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s], FillColor = SeriesColor(s) });
        LabelCategories(plot.Axes.Bottom, categories);
        LogAxis(plot.Axes.Left);
        return Y;
    }

    // the cookbook's log scale: the data is log10 already; ticks at whole powers of ten, log-spaced minor ticks
    public static void LogAxis(IAxis axis)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = exponent => LogLabel(Math.Pow(10, exponent)),
        };
    }

    // whole powers of ten: 1,000 rather than 1.00E+03, and 0.01 rather than 0.0100
    private static string LogLabel(double value) =>
        value >= 1 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.######", CultureInfo.InvariantCulture);
}
