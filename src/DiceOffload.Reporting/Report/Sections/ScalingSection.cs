using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>The article's job from one worker to more workers than cores: speedup over inline beside the ideal.</summary>
internal sealed class ScalingSection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        var cases = report.Experiment(Experiments.Scaling);
        int cores = report.Cores;
        if (!text.ExperimentHeading("Scaling", cases, c => Chart(report.Charts, c, cores, "Scaling: speedup over inline against workers", "scaling.png")))
            return;
        foreach (string method in cases.Methods().Where(m => m != Experiments.Inline))
        {
            var best = cases.Values(ExperimentParameters.Workers).Select(w => (Workers: w, Speedup: ReportMath.Speedup(cases, method, w))).Where(p => p.Speedup is not null).OrderByDescending(p => p.Speedup).FirstOrDefault();
            if (best.Speedup is { } speedup)
                text.Line($"- {Cases.StrategyName(method)} peaks at {ReportFormat.Ratio(speedup)} (ratio of medians) on {ReportFormat.Workers((int)best.Workers)}{(Claims.AboveIdeal(speedup, best.Workers, cores) is { Length: > 0 } above ? above : $" (ideal on this machine: {ReportFormat.Ratio(Math.Min(best.Workers, cores))})")}.");
        }
        text.Line();
        text.BenchmarkTableInAppendix("Scaling", cases);
    }

    /// <summary>Speedup over inline against workers, beside the ideal lines; the Machines section draws one per machine.</summary>
    public static string? Chart(ChartKit charts, IReadOnlyList<BenchmarkResult> cases, int cores, string title, string fileName)
    {
        double[] workers = cases.Values(ExperimentParameters.Workers);
        string[] methods = [.. cases.Methods().Where(m => m != Experiments.Inline)];
        if (workers.Length == 0 || methods.Length == 0)
            return null;

        using var plot = ChartKit.NewPlot(title, "workers", "speedup (inline median / median)");
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
            var line = plot.Add.Scatter(points.Select(p => p.Workers).ToArray(), points.Select(p => p.Speedup!.Value).ToArray(), ChartKit.StrategyColor(method));
            line.LegendText = Cases.StrategyName(method);
            line.LineWidth = 2;
            line.MarkerSize = 8;
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual(workers, [.. workers.Select(ReportFormat.Count)]);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.SetLimitsY(0, Math.Max(workers.Max(), 1) * 1.1);
        return charts.Save(plot, fileName);
    }
}
