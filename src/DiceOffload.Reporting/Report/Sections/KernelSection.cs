using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using ScottPlot;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>
/// "Make the work cheaper first": the Throughput and BreakEven experiments under both dice loops, the scalar one every
/// other section shows and the SIMD one (README: Kernels). Dispatch costs do not change with the loop; the work does.
/// </summary>
internal sealed class KernelSection : IReportSection
{
    public const string Title = "Make the work cheaper first: the vector kernel";

    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line($"## {Title}");
        text.Line();
        var results = report.Results;
        var scalar = ReportMath.LargestJob(results.ExperimentWithKernel(Experiments.Throughput, ExperimentParameters.ScalarKernel));
        var vector = ReportMath.LargestJob(results.ExperimentWithKernel(Experiments.Throughput, ExperimentParameters.VectorKernel));
        if (vector.Count == 0 || scalar.Count == 0)
        {
            text.Absent("the vector kernel", "no Throughput cases with Kernel=Vector in the results (the study ran before its Throughput and BreakEven experiments took the kernel as a parameter)");
            return;
        }
        int cores = report.Cores;
        var scalarInline = scalar.With(ExperimentParameters.Workers, 1).Method(Experiments.Inline);
        var vectorInline = vector.With(ExperimentParameters.Workers, 1).Method(Experiments.Inline);
        if (scalarInline is null || vectorInline is null)
        {
            text.Absent("the vector kernel", "no inline case on one worker under both kernels");
            return;
        }
        double throws = scalarInline.Number(ExperimentParameters.Throws);
        if (vectorInline.Number(ExperimentParameters.Throws) != throws)
        {
            text.Absent("the vector kernel", $"the largest inline jobs under the two kernels differ ({ReportFormat.Throws(scalarInline)} and {ReportFormat.Throws(vectorInline)} throws), so their times per throw are not comparable");
            return;
        }
        text.Line("Every other section runs the scalar dice loop (one xoshiro256** generator per chunk, a 64-bit Lemire draw per die). "
            + "The vector kernel runs eight generators at once in SIMD lanes, with an exact 32-bit Lemire draw: another stream, so another histogram, the same under every strategy. "
            + "A hand-off costs the same under both; the vector kernel changes how much work there is to hand off. "
            + report.Machines.Primary.WidestSimd switch
            {
                "AVX-512" => "This machine's runtime accelerated AVX-512, so the kernel ran in `Vector512` where the runtime accelerates it (the Machines section's SIMD column).",
                "AVX2" => "This machine's runtime accelerated AVX2 but not AVX-512, so the kernel ran in two `Vector256` registers; on a machine with AVX-512 it runs in one `Vector512` (the Machines section's SIMD column).",
                "not recorded" => "The results do not record which instruction sets the runtime accelerated, so which path the kernel took is not known here.",
                _ => "This machine's runtime accelerated neither AVX2 nor AVX-512, so the kernel ran its eight lanes in scalar code.",
            });
        text.Line();

        var unit = DisplayUnit.For([scalarInline.MedianNs!.Value / throws, vectorInline.MedianNs!.Value / throws]);
        string perThrow(BenchmarkResult c) => $"{unit.Format(c.MedianNs!.Value / throws)} ({ReportFormat.IntervalLabel} {Interval(c, throws, unit)})";
        var gain = Claims.Speedup(vectorInline, scalarInline);
        text.Line($"On one core, the {ReportFormat.Count(throws)}-throw job inline (the study's steady state: warmed up, median of its iterations) took {perThrow(scalarInline)} a throw with the scalar kernel "
            + $"and {perThrow(vectorInline)} with the vector kernel: the vector kernel is {Claims.Words(Claims.Compare(vectorInline, scalarInline))}, "
            + $"{(gain is null ? "n/a" : Claims.SpeedupText(gain))}.");
        text.Line();

        text.Chart(Chart(report.Charts, scalar, vector, cores), "Speedup over the scalar inline loop, per strategy and kernel");
        text.TableInAppendix("Every strategy under each kernel", $"Each strategy's speedup on {ReportFormat.Workers(cores)} under each kernel, with its interval", table =>
        {
            table.Line($"Speedup of each strategy on {ReportFormat.Workers(cores)}, the Hodges–Lehmann ratio with its 99% interval (unless the cell names another), always against the inline case of the same worker count: against the inline loop of the same kernel (what offloading buys), and, for the vector kernel, against the scalar inline loop (what both together buy).");
            table.Line();
            table.Line($"| strategy | scalar, vs scalar inline | vector, vs vector inline | vector, vs scalar inline |");
            table.Line("| --- | ---: | ---: | ---: |");
            var scalarAt = scalar.With(ExperimentParameters.Workers, cores).ToList();
            var vectorAt = vector.With(ExperimentParameters.Workers, cores).ToList();
            foreach (string method in scalarAt.Methods().Where(m => m != Experiments.Inline))
            {
                string Cell(BenchmarkResult? c, BenchmarkResult? baseline) =>
                    c is not null && baseline is not null && Claims.Speedup(c, baseline) is { } s ? Claims.RatioCell(s) : "not measured";
                table.Line($"| {Cases.StrategyName(method)} | {Cell(scalarAt.Method(method), scalarAt.Method(Experiments.Inline))} | {Cell(vectorAt.Method(method), vectorAt.Method(Experiments.Inline))} | {Cell(vectorAt.Method(method), scalarAt.Method(Experiments.Inline))} |");
            }
            table.Line();
        });
        BreakEven(report, unit, throws, scalarInline, vectorInline);
        Node(report, vectorInline);
    }

    private static void BreakEven(ReportContext report, DisplayUnit unit, double throws, BenchmarkResult scalarInline, BenchmarkResult vectorInline)
    {
        var text = report.Text;
        var scalar = report.Results.ExperimentWithKernel(Experiments.BreakEven, ExperimentParameters.ScalarKernel);
        var vector = report.Results.ExperimentWithKernel(Experiments.BreakEven, ExperimentParameters.VectorKernel);
        if (vector.Count == 0)
            return;
        double cheaper = scalarInline.MedianNs!.Value / vectorInline.MedianNs!.Value;
        text.Line((cheaper >= 1
                ? $"A hand-off costs the same under both kernels, while a throw takes {ReportFormat.Ratio(cheaper)} less time under the vector one, so a job must be about that many times larger before the same hand-off pays"
                : $"A hand-off costs the same under both kernels, while a throw took {ReportFormat.Ratio(1 / cheaper)} more time under the vector one here, so the same hand-off should pay at smaller jobs")
            + "; that is a model, which the break-even under each kernel measures (sizes go by tens, so a break-even moves by whole decades).");
        text.Line();
        text.TableInAppendix("Break-even under each kernel", "Each strategy's break-even under both kernels", table =>
        {
            table.Line("| strategy | scalar kernel | vector kernel |");
            table.Line("| --- | --- | --- |");
            foreach (string method in scalar.Methods().Where(m => m != Experiments.Inline))
                table.Line($"| {Cases.StrategyName(method)} | {Claims.BreakEvenText(scalar, method)} | {(vector.Method(method) is null ? "not measured" : Claims.BreakEvenText(vector, method))} |");
            table.Line();
        });
    }

    private static void Node(ReportContext report, BenchmarkResult vectorInline)
    {
        if (report.Results.Node?.Runs.FirstOrDefault(r => r.Mode == "inline" && r.Throws == (long)vectorInline.Number(ExperimentParameters.Throws)) is not { } node)
            return;
        double dotnetMs = vectorInline.MedianNs!.Value / 1e6;
        report.Text.Line($"The article's Node.js code ran the same {ReportFormat.Count(node.Throws)} throws inline in {DisplayUnit.Number(node.MedianMs)} ms (median, the appendix's Node.js section); the vector kernel inline took {DisplayUnit.Number(dotnetMs)} ms: "
            + (node.MedianMs >= dotnetMs ? $"{ReportFormat.Ratio(node.MedianMs / dotnetMs)} less time" : $"{ReportFormat.Ratio(dotnetMs / node.MedianMs)} more time") + ", on one core, before any offloading.");
        report.Text.Line();
    }

    private static string Interval(BenchmarkResult c, double throws, DisplayUnit unit) =>
        c.MedianIntervalNs is { } ci ? $"{DisplayUnit.Number(unit.From(ci.LowerNs / throws))}–{DisplayUnit.Number(unit.From(ci.UpperNs / throws))} {unit.Symbol}" : "n/a";

    /// <summary>Bars of speedup over the scalar inline loop: each strategy on every core under each kernel, against the
    /// scalar inline case of that worker count, the baseline of the table's last column; the Hodges–Lehmann ratio with its
    /// interval as whiskers.</summary>
    private static string? Chart(ChartKit charts, IReadOnlyList<BenchmarkResult> scalar, IReadOnlyList<BenchmarkResult> vector, int cores)
    {
        var methods = scalar.With(ExperimentParameters.Workers, cores).Methods();
        if (methods.Length == 0 || scalar.With(ExperimentParameters.Workers, cores).Method(Experiments.Inline) is not { MedianNs: not null } scalarInline)
            return null;
        var bars = new List<Bar>();
        var whiskers = new List<(double Position, double Estimate, double Lower, double Upper)>();
        double bestScalar = 0, bestVector = 0;
        for (int i = 0; i < methods.Length; i++)
        {
            foreach (var (cases, offset, series) in new[] { (scalar, -0.2, 0), (vector, 0.2, 1) })
            {
                if (cases.With(ExperimentParameters.Workers, cores).Method(methods[i]) is not { } c || Claims.Speedup(c, scalarInline) is not { } speedup)
                    continue;
                bars.Add(new Bar { Position = i + offset, Value = speedup.Estimate, FillColor = ChartKit.SeriesColor(series), Size = 0.38 });
                whiskers.Add((i + offset, speedup.Estimate, speedup.Lower, speedup.Upper));
                if (series == 0)
                    bestScalar = Math.Max(bestScalar, speedup.Estimate);
                else
                    bestVector = Math.Max(bestVector, speedup.Estimate);
            }
        }
        if (bars.Count == 0)
            return null;
        string aboveIdeal = bestScalar > cores ? $", above the {ReportFormat.Ratio(cores)} ideal" : "";
        using var plot = ChartKit.NewPlot($"Over the scalar inline loop, every core gave up to {ReportFormat.Ratio(bestScalar)}{aboveIdeal}; the vector kernel up to {ReportFormat.Ratio(bestVector)} ({ReportFormat.Workers(cores)})",
            "strategy", "speedup over scalar inline (Hodges–Lehmann ratio)");
        ChartKit.AddBars(plot, bars);
        var errors = plot.Add.ErrorBar([.. whiskers.Select(w => w.Position)], [.. whiskers.Select(w => w.Estimate)], [.. whiskers.Select(_ => 0.0)]);
        errors.YErrorNegative = [.. whiskers.Select(w => w.Estimate - w.Lower)];
        errors.YErrorPositive = [.. whiskers.Select(w => w.Upper - w.Estimate)];
        errors.Color = Colors.Black;
        plot.Add.HorizontalLine(1, 1, Colors.Gray, LinePattern.Dashed);
        ChartKit.LabelCategories(plot.Axes.Bottom, methods.Select(Cases.StrategyName));
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "scalar kernel", FillColor = ChartKit.SeriesColor(0) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "vector kernel", FillColor = ChartKit.SeriesColor(1) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "whiskers: 99% interval", LineColor = Colors.Black, LineWidth = 1 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "scalar inline (1×)", LineColor = Colors.Gray, LineWidth = 1, LinePattern = LinePattern.Dashed });
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(bottom: 0);
        return charts.Save(plot, "kernel-speedup.png");
    }
}
