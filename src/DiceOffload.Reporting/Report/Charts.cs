using System.Globalization;
using DiceOffload.Reporting.Results;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace DiceOffload.Reporting.Report;

/// <summary>The report's charts, one method each, written as PNG files of a fixed size into one folder.</summary>
/// <remarks>
/// Each method follows the ScottPlot cookbook's order (data, add, style, axes and legend, margins) and returns the
/// file it wrote, or null when the data for the chart is not there. Log-scale axes plot log10 of the values with
/// log-spaced minor ticks and labels in the chart's unit. The font is fixed so that the same data gives the same image.
/// </remarks>
public sealed class Charts(string folder)
{
    public const int Width = 900;
    public const int Height = 500;

    // installed with fonts-dejavu-core on Debian and Ubuntu; ScottPlot falls back to its default when missing
    private const string FontFamily = "DejaVu Sans";

    private static readonly ScottPlot.Palettes.Category10 Palette = new ScottPlot.Palettes.Category10();

    public string Folder { get; } = folder;

    /// <summary>Grouped bars: the largest job under each strategy, one bar per worker count.</summary>
    public string? Throughput(IReadOnlyList<BenchmarkResult> cases)
    {
        if (cases.Values("Throws") is not [.., double throws])
            return null;
        var job = cases.With("Throws", throws).ToList();
        string[] methods = job.Methods();
        double[] workers = job.Values("Workers");
        var unit = DisplayUnit.For(job.Select(c => c.MedianNs!.Value));

        using var plot = NewPlot($"{DisplayUnit.Number(throws)} throws of two dice: median time per strategy", "strategy", $"median time ({unit.Symbol}), 99.9% CI");
        double width = 0.8 / workers.Length;
        for (int w = 0; w < workers.Length; w++)
        {
            var series = methods.Select((m, i) => (Position: i + (w - (workers.Length - 1) / 2.0) * width, Case: job.With("Workers", workers[w]).Method(m)))
                .Where(p => p.Case is not null).ToList();
            var color = Palette.GetColor(w);
            AddBars(plot, series.Select(p => new Bar { Position = p.Position, Value = unit.From(p.Case!.MedianNs!.Value), Size = width * 0.95, FillColor = color }));
            AddErrorBars(plot, series.Select(p => (p.Position, p.Case!)), unit, log: false);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = workers[w] == 1 ? "offload: 1 worker" : $"parallel: {workers[w]} workers", FillColor = color });
        }

        LabelCategories(plot.Axes.Bottom, methods.Select(Cases.StrategyName));
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(bottom: 0);
        return Save(plot, "throughput.png");
    }

    /// <summary>Log-log lines of time against throws, one per strategy; a ring marks the first size that beats inline.</summary>
    public string? BreakEven(IReadOnlyList<BenchmarkResult> cases)
    {
        string[] methods = cases.Methods();
        if (methods.Length == 0)
            return null;
        var unit = DisplayUnit.For(cases.Select(c => c.MedianNs!.Value));

        using var plot = NewPlot("Break-even: time against job size (rings: first size that beats inline)", "throws", $"median time ({unit.Symbol})");
        foreach (string method in methods)
        {
            var points = cases.Where(c => c.Method == method).OrderBy(c => c.Number("Throws")).ToList();
            var color = StrategyColor(method);
            var line = plot.Add.Scatter(points.Select(p => Math.Log10(p.Number("Throws"))).ToArray(), points.Select(p => Math.Log10(unit.From(p.MedianNs!.Value))).ToArray(), color);
            line.LegendText = Cases.StrategyName(method);
            line.LineWidth = 2;
            line.MarkerSize = 6;
            AddErrorBars(plot, points.Select(p => (Math.Log10(p.Number("Throws")), p)), unit, log: true, color);
            if (ReportMath.BreakEven(cases, method) is { } crossover)
                plot.Add.Marker(Math.Log10(crossover.Number("Throws")), Math.Log10(unit.From(crossover.MedianNs!.Value)), MarkerShape.OpenCircle, 22, color);
        }

        LogAxis(plot.Axes.Bottom);
        LogAxis(plot.Axes.Left);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(0.08, 0.1);
        return Save(plot, "break-even.png");
    }

    /// <summary>Bars on a log scale: what a one-throw job costs under each strategy.</summary>
    public string? Dispatch(IReadOnlyList<BenchmarkResult> cases)
    {
        string[] methods = cases.Methods();
        if (methods.Length == 0)
            return null;
        var unit = DisplayUnit.For(cases.Select(c => c.MedianNs!.Value));
        var job = methods.Select((m, i) => (Position: (double)i, Case: cases.Method(m)!)).ToList();
        double floor = Math.Floor(job.Min(p => Math.Log10(unit.From(LowestNs(p.Case)))));

        using var plot = NewPlot("Dispatch overhead: one throw, one worker", "strategy", $"median time ({unit.Symbol}), log scale, 99.9% CI");
        AddBars(plot, job.Select(p => new Bar { Position = p.Position, ValueBase = floor, Value = Math.Log10(unit.From(p.Case.MedianNs!.Value)), FillColor = StrategyColor(p.Case.Method) }));
        AddErrorBars(plot, job, unit, log: true);

        LabelCategories(plot.Axes.Bottom, methods.Select(Cases.StrategyName));
        LogAxis(plot.Axes.Left);
        plot.Axes.Margins(bottom: 0);
        return Save(plot, "dispatch.png");
    }

    /// <summary>Speedup over inline against workers, beside the ideal lines.</summary>
    public string? Scaling(IReadOnlyList<BenchmarkResult> cases, int cores)
    {
        double[] workers = cases.Values("Workers");
        string[] methods = [.. cases.Methods().Where(m => m != "Inline")];
        if (workers.Length == 0 || methods.Length == 0)
            return null;

        using var plot = NewPlot("Scaling: speedup over inline against workers", "workers", "speedup (inline median / median)");
        var ideal = plot.Add.Scatter(workers, workers.Select(w => w).ToArray(), Colors.Gray);
        ideal.LegendText = "ideal: y = workers";
        ideal.LinePattern = LinePattern.Dashed;
        ideal.MarkerSize = 0;
        var bound = plot.Add.Scatter(workers, workers.Select(w => Math.Min(w, cores)).ToArray(), Colors.Black);
        bound.LegendText = $"ideal on {cores} cores: y = min(workers, {cores})";
        bound.LinePattern = LinePattern.Dotted;
        bound.MarkerSize = 0;
        foreach (string method in methods)
        {
            var points = workers.Select(w => (Workers: w, Speedup: ReportMath.Speedup(cases, method, w))).Where(p => p.Speedup is not null).ToList();
            var line = plot.Add.Scatter(points.Select(p => p.Workers).ToArray(), points.Select(p => p.Speedup!.Value).ToArray(), StrategyColor(method));
            line.LegendText = Cases.StrategyName(method);
            line.LineWidth = 2;
            line.MarkerSize = 8;
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual(workers, [.. workers.Select(ReportFormat.Count)]);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.SetLimitsY(0, Math.Max(workers.Max(), 1) * 1.1);
        return Save(plot, "scaling.png");
    }

    /// <summary>Log-log lines of time against payload size: in-process copy, pipe, shared memory.</summary>
    public string? Transfer(IReadOnlyList<BenchmarkResult> cases)
    {
        string[] methods = cases.Methods();
        double[] sizes = cases.Values("SizeBytes");
        if (methods.Length == 0 || sizes.Length == 0)
            return null;
        var unit = DisplayUnit.For(cases.Select(c => c.MedianNs!.Value));

        using var plot = NewPlot("Transfer: getting a result of each size back to the caller", "payload size", $"median time ({unit.Symbol}), 99.9% CI");
        foreach (string method in methods)
        {
            var points = cases.Where(c => c.Method == method).OrderBy(c => c.Number("SizeBytes")).ToList();
            var color = StrategyColor(method);
            var line = plot.Add.Scatter(points.Select(p => Math.Log10(p.Number("SizeBytes"))).ToArray(), points.Select(p => Math.Log10(unit.From(p.MedianNs!.Value))).ToArray(), color);
            line.LegendText = method == "Inline" ? "inline (in-process copy)" : Cases.StrategyName(method);
            line.LineWidth = 2;
            line.MarkerSize = 8;
            AddErrorBars(plot, points.Select(p => (Math.Log10(p.Number("SizeBytes")), p)), unit, log: true, color);
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual([.. sizes.Select(Math.Log10)], [.. sizes.Select(ReportFormat.Bytes)]);
        LogAxis(plot.Axes.Left);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(0.08, 0.1);
        return Save(plot, "transfer.png");
    }

    /// <summary>Each heartbeat's lateness over the run, per strategy, at one worker count.</summary>
    public string? ResponsivenessTimeline(ResponsivenessResult result, int workers)
    {
        var runs = result.Runs.Where(r => r.Workers == workers && r.Timeline.Count > 0).OrderBy(r => Cases.Rank(r.Strategy)).ToList();
        if (runs.Count == 0)
            return null;

        using var plot = NewPlot($"Heartbeat lateness while the job runs ({workers} workers, {result.HeartbeatIntervalMs.ToString("0.###", CultureInfo.InvariantCulture)} ms heartbeat)", "time since the job started (ms)", "lateness (ms)");
        foreach (var run in runs)
        {
            var line = plot.Add.Scatter(run.Timeline.Select(t => t.AtMs).ToArray(), run.Timeline.Select(t => t.LatenessMs).ToArray(), StrategyColor(run.Strategy));
            line.LegendText = run.Strategy;
            line.LineWidth = 1.5f;
            line.MarkerSize = 4;
        }
        plot.Add.VerticalLine(0, 1, Colors.Gray, LinePattern.Dashed);

        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Margins(bottom: 0.02);
        return Save(plot, $"responsiveness-timeline-{workers}-workers.png");
    }

    /// <summary>Grouped bars on a log scale: the worst and the 99th-percentile lateness per strategy, at each worker count.</summary>
    public string? ResponsivenessLateness(ResponsivenessResult result)
    {
        string[] strategies = [.. result.Runs.Select(r => r.Strategy).Distinct().OrderBy(Cases.Rank).ThenBy(s => s, StringComparer.Ordinal)];
        int[] workers = [.. result.Runs.Select(r => r.Workers).Distinct().Order()];
        if (strategies.Length == 0)
            return null;
        var series = workers.SelectMany(w => new[] { (Workers: w, Max: true), (Workers: w, Max: false) }).ToArray();
        double width = 0.8 / series.Length;

        using var plot = NewPlot($"Heartbeat lateness per strategy (medians; under {ReportMath.LatenessFloorMs} ms drawn at {ReportMath.LatenessFloorMs} ms)", "strategy", "lateness (ms), log scale");
        double floor = Math.Log10(ReportMath.LatenessFloorMs);
        for (int s = 0; s < series.Length; s++)
        {
            var (w, max) = series[s];
            var color = Palette.GetColor(s);
            AddBars(plot, strategies.Select((name, i) => (i, Run: result.Runs.FirstOrDefault(r => r.Strategy == name && r.Workers == w)))
                .Where(p => p.Run is not null)
                .Select(p => new Bar
                {
                    Position = p.i + (s - (series.Length - 1) / 2.0) * width,
                    ValueBase = floor,
                    Value = Math.Log10(Math.Max(ReportMath.LatenessFloorMs, max ? p.Run!.MaxLatenessMs : p.Run!.P99LatenessMs)),
                    Size = width * 0.95,
                    FillColor = color,
                }));
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{(max ? "max" : "p99")}, {w} worker{(w == 1 ? "" : "s")}", FillColor = color });
        }

        LabelCategories(plot.Axes.Bottom, strategies);
        LogAxis(plot.Axes.Left);
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(bottom: 0);
        return Save(plot, "responsiveness-lateness.png");
    }

    /// <summary>Bars: updates lost by each way of counting (median of the repetitions).</summary>
    public string? Race(RaceResult result)
    {
        var runs = result.Runs.OrderBy(r => Cases.Rank(r.Method)).ToList();
        if (runs.Count == 0)
            return null;

        using var plot = NewPlot($"Race: {result.Workers} workers × {DisplayUnit.Number(result.IncrementsPerWorker)} increments on one counter", "method", "lost updates (median of repetitions)");
        AddBars(plot, runs.Select((r, i) => new Bar
        {
            Position = i,
            Value = ReportMath.Median(r.LostUpdates),
            FillColor = StrategyColor(r.Method),
            Label = DisplayUnit.Number(ReportMath.Median(r.LostUpdates)),
        }));

        LabelCategories(plot.Axes.Bottom, runs.Select(r => r.Method));
        plot.Axes.Margins(bottom: 0, top: 0.15);
        return Save(plot, "race.png");
    }

    /// <summary>Grouped bars: each in-process strategy with BenchmarkDotNet's raised priority and with normal priority.</summary>
    public string? PriorityEffect(IReadOnlyList<BenchmarkResult> cases)
    {
        string[] methods = cases.Methods();
        string[] priorities = [.. cases.Select(c => c.Param("Priority")).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
        if (methods.Length == 0 || priorities.Length == 0)
            return null;
        var unit = DisplayUnit.For(cases.Select(c => c.MedianNs!.Value));
        double width = 0.8 / priorities.Length;

        using var plot = NewPlot("Priority effect: BenchmarkDotNet's raised priority against normal", "strategy", $"median time ({unit.Symbol}), 99.9% CI");
        for (int p = 0; p < priorities.Length; p++)
        {
            var series = methods.Select((m, i) => (Position: i + (p - (priorities.Length - 1) / 2.0) * width, Case: cases.Where(c => c.Param("Priority") == priorities[p]).Method(m)))
                .Where(x => x.Case is not null).ToList();
            var color = Palette.GetColor(p);
            AddBars(plot, series.Select(x => new Bar { Position = x.Position, Value = unit.From(x.Case!.MedianNs!.Value), Size = width * 0.95, FillColor = color }));
            AddErrorBars(plot, series.Select(x => (x.Position, x.Case!)), unit, log: false);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = priorities[p] == "Normal" ? "reset to normal (the study's policy)" : $"left as {priorities[p]} set it", FillColor = color });
        }

        LabelCategories(plot.Axes.Bottom, methods.Select(Cases.StrategyName));
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(bottom: 0);
        return Save(plot, "priority-effect.png");
    }

    /// <summary>Horizontal bars: each compared benchmark's change against the baseline, the largest first, with the threshold band.</summary>
    public string? Comparison(Comparison.ComparisonReport report, int mostBars = 25)
    {
        var rows = report.Benchmarks.Where(b => b.ChangePercent is not null)
            .OrderByDescending(b => Math.Abs(b.ChangePercent!.Value)).ThenBy(b => b.DisplayName, StringComparer.Ordinal)
            .Take(mostBars).Reverse().ToList();
        if (rows.Count == 0)
            return null;
        double threshold = report.Options.ThresholdPercent;

        using var plot = NewPlot($"Change against the baseline ({report.Options.Mode.ToString().ToLowerInvariant()} mode; band: ±{report.Options.ThresholdText})", "change of the median (%)", "");
        var band = plot.Add.HorizontalSpan(-threshold, threshold);
        band.FillStyle.Color = Colors.Gray.WithAlpha(0.2);
        var bars = plot.Add.Bars(rows.Select((r, i) => new Bar
        {
            Position = i,
            Value = r.ChangePercent!.Value,
            FillColor = r.IsRegression ? Colors.Crimson : r.TimeVerdict == DiceOffload.Reporting.Comparison.TimeVerdict.Faster ? Colors.SeaGreen : Colors.SteelBlue,
        }).ToArray());
        bars.Horizontal = true;

        LabelCategories(plot.Axes.Left, rows.Select(r => r.DisplayName));
        plot.Axes.SetLimitsX(Math.Min(-2 * threshold, rows.Min(r => r.ChangePercent!.Value) * 1.1), Math.Max(2 * threshold, rows.Max(r => r.ChangePercent!.Value) * 1.1));
        return Save(plot, "comparison.png", Width, Math.Max(Height, 120 + (rows.Count * 22)));
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontFamily);
        plot.Title(title, 16);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        return plot;
    }

    private string Save(Plot plot, string fileName) => Save(plot, fileName, Width, Height);

    private string Save(Plot plot, string fileName, int width, int height)
    {
        Directory.CreateDirectory(Folder);
        string path = Path.Combine(Folder, fileName);
        plot.SavePng(path, width, height);
        return path;
    }

    // whiskers from the 99.9% interval of the mean; a median outside it gets a whisker of length 0 on that side
    private static void AddErrorBars(Plot plot, IEnumerable<(double Position, BenchmarkResult Case)> points, DisplayUnit unit, bool log, Color? color = null)
    {
        var withInterval = points.Where(p => p.Case.ConfidenceIntervalNs is { LowerNs: > 0 }).ToList();
        if (withInterval.Count == 0)
            return;
        Func<double, double> y = log ? ns => Math.Log10(unit.From(ns)) : unit.From;
        double[] xs = [.. withInterval.Select(p => p.Position)];
        double[] ys = [.. withInterval.Select(p => y(p.Case.MedianNs!.Value))];
        var bars = plot.Add.ErrorBar(xs, ys, [.. ys.Select(_ => 0.0)]);
        bars.YErrorNegative = [.. withInterval.Select((p, i) => Math.Max(0, ys[i] - y(p.Case.ConfidenceIntervalNs!.LowerNs)))];
        bars.YErrorPositive = [.. withInterval.Select((p, i) => Math.Max(0, y(p.Case.ConfidenceIntervalNs!.UpperNs) - ys[i]))];
        bars.Color = color ?? Colors.Black;
        bars.LineWidth = 1.5f;
    }

    private static void AddBars(Plot plot, IEnumerable<Bar> bars) => plot.Add.Bars(bars.ToArray());

    private static double LowestNs(BenchmarkResult result) =>
        result.ConfidenceIntervalNs is { LowerNs: > 0 } ci ? Math.Min(ci.LowerNs, result.MedianNs!.Value) : result.MedianNs!.Value;

    private static void LabelCategories(IAxis axis, IEnumerable<string> labels)
    {
        string[] text = [.. labels];
        axis.TickGenerator = new NumericManual([.. Enumerable.Range(0, text.Length).Select(i => (double)i)], text);
        axis.MajorTickStyle.Length = 0;
    }

    // the cookbook's log scale: the data is log10 already; ticks at whole powers of ten, log-spaced minor ticks
    private static void LogAxis(IAxis axis)
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

    private static Color StrategyColor(string name) => Palette.GetColor(Cases.Rank(name));
}
