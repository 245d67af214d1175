using System.Globalization;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace DiceOffload.Reporting.Report.Sections;

// the Universal Scalability Law fitted to each machine's scaling, and projected past it
internal sealed partial class MachinesSection
{
    private static void Projection(ReportContext report, IReadOnlyList<MachineResults> machines)
    {
        var text = report.Text;
        text.Line("### Projection past the machines measured");
        text.Line();
        text.Line("Gunther's Universal Scalability Law, C(N) = N / (1 + σ(N − 1) + κN(N − 1)), fitted to each strategy's relative capacity up to the machine's cores: C(N) = T(1)/T(N), its own median time on one worker over its median on N "
            + "(σ: the share that does not run in parallel; κ: the cost of keeping workers coherent). "
            + "The fit is Gunther's linearised least squares, N/C(N) − 1 regressed on N − 1 and N(N − 1) with no intercept; a coefficient that comes out negative is held at 0. "
            + "Against its own one-worker run, a strategy's fixed hand-off cost does not enter σ; the Scaling section's speedups over inline carry it. "
            + $"A fit needs at least {UslFit.MinimumPoints} worker counts above one and R² ≥ {UslFit.MinimumRSquared.ToString("0.00", CultureInfo.InvariantCulture)} before it is projected; "
            + $"the projection to {string.Join(" and ", ProjectedWorkers)} cores is a projection, not a measurement: it assumes the machine grows as the law says, with its memory and scheduler unchanged.");
        text.Line();
        var fits = new List<(MachineResults Machine, string Method, UslFit Fit)>();
        text.Line($"| machine | strategy | fitted on | σ | κ | R² | peak at | {string.Join(" | ", ProjectedWorkers.Select(n => $"projected C({n})"))} |");
        text.Line($"| --- | --- | --- | ---: | ---: | ---: | ---: |{string.Concat(ProjectedWorkers.Select(_ => " ---: |"))}");
        foreach (var m in machines)
        {
            var cases = m.Results.Experiment(Experiments.Scaling);
            foreach (string method in cases.Methods().Where(x => x != Experiments.Inline))
            {
                var points = RelativeCapacity(cases, method);
                var fit = UslFit.Fit(points, m.Cores, out string? why);
                if (fit is null)
                {
                    text.Line($"| {Cell(m.Name)} | {Cases.StrategyName(method)} | not fitted: {why} | | | | |{string.Concat(ProjectedWorkers.Select(_ => " |"))}");
                    continue;
                }
                string peak = fit.PeakWorkers is { } p ? ReportFormat.Count(p) : "none";
                string projected = fit.CanProject ? string.Join(" | ", ProjectedWorkers.Select(n => ReportFormat.Ratio(fit.Speedup(n)))) : string.Join(" | ", ProjectedWorkers.Select(_ => "not projected (R² too low)"));
                text.Line($"| {Cell(m.Name)} | {Cases.StrategyName(method)} | {fit.Points.Count} worker counts, 1 to {ReportFormat.Count(fit.Points.Max(p => p.Workers))} | {Coefficient(fit.Sigma)} | {Coefficient(fit.Kappa)} | {fit.RSquared.ToString("0.000", CultureInfo.InvariantCulture)} | {peak} | {projected} |");
                if (fit.CanProject)
                    fits.Add((m, method, fit));
            }
        }
        text.Line();
        if (fits.Count == 0)
        {
            text.Line("No machine here has enough worker counts up to its cores for a fit that can be projected, so no projection is drawn. A machine with more cores (its Scaling runs 1 to twice its cores) gives one.");
            text.Line();
            return;
        }
        if (ProjectionChart(report.Charts, fits) is { } chart)
            text.Chart(chart, "Universal Scalability Law fits: measured speedups and the projection");
    }

    private static string? ProjectionChart(ChartKit charts, IReadOnlyList<(MachineResults Machine, string Method, UslFit Fit)> fits)
    {
        using var plot = ChartKit.NewPlot("Scaling projected with the Universal Scalability Law", "workers (log scale)", "speedup over the strategy on 1 worker");
        int max = ProjectedWorkers.Max();
        double[] grid = [.. Enumerable.Range(0, 8 * (int)Math.Log2(max) + 1).Select(i => Math.Pow(2, i / 8.0))];
        int index = 0;
        foreach (var (machine, method, fit) in fits)
        {
            var color = ChartKit.SeriesColor(index++);
            var measured = plot.Add.Scatter(fit.Points.Select(p => Math.Log2(p.Workers)).ToArray(), fit.Points.Select(p => p.Speedup).ToArray(), color);
            measured.LegendText = $"{machine.Name}, {Cases.StrategyName(method)}: measured";
            measured.LineWidth = 0;
            measured.MarkerSize = 8;
            var projected = plot.Add.Scatter(grid.Select(Math.Log2).ToArray(), grid.Select(fit.Speedup).ToArray(), color);
            projected.LegendText = $"projection (σ {Coefficient(fit.Sigma)}, κ {Coefficient(fit.Kappa)})";
            projected.LinePattern = LinePattern.Dashed;
            projected.MarkerSize = 0;
        }
        double[] ticks = [.. Enumerable.Range(0, (int)Math.Log2(max) + 1).Select(i => (double)i)];
        plot.Axes.Bottom.TickGenerator = new NumericManual(ticks, [.. ticks.Select(t => ReportFormat.Count(Math.Pow(2, t)))]);
        plot.ShowLegend(Alignment.UpperLeft);
        return charts.Save(plot, "machines-usl-projection.png");
    }

    /// <summary>A strategy's Scaling medians as relative capacity, T(1)/T(N): what the Universal Scalability Law describes.</summary>
    private static List<SpeedupPoint> RelativeCapacity(IReadOnlyList<BenchmarkResult> cases, string method)
    {
        if (cases.With(ExperimentParameters.Workers, 1).Method(method) is not { MedianNs: { } oneWorkerNs })
            return [];
        return [.. cases.Values(ExperimentParameters.Workers).Select(w => cases.With(ExperimentParameters.Workers, w).Method(method) is { MedianNs: { } ns } ? new SpeedupPoint(w, oneWorkerNs / ns) : (SpeedupPoint?)null).OfType<SpeedupPoint>()];
    }

    private static string Coefficient(double value) => value.ToString(value is > 0 and < 0.001 ? "0.0e0" : "0.0000", CultureInfo.InvariantCulture);
}
