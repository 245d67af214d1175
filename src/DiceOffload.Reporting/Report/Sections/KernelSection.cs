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
    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line("## Make the work cheaper first: the vector kernel");
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
        text.Line("Every section above runs the scalar dice loop: one xoshiro256** generator per chunk and a 64-bit Lemire draw per die. "
            + "The vector kernel throws the same dice in eight xoshiro256** generators at once, in the lanes of one `Vector512` (two `Vector256` without AVX-512), with an exact 32-bit Lemire draw; "
            + "it is a different stream, so its histogram differs from the scalar one, and every strategy returns the same histogram for it too. "
            + "The Throughput and BreakEven experiments ran under both; the cost of a hand-off does not depend on the loop, so what the vector kernel changes is how much work there is to hand off. "
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
        text.Line($"Speedup of each strategy on {ReportFormat.Workers(cores)}, the Hodges–Lehmann ratio with its 99% interval (unless the cell names another), always against the inline case of the same worker count: against the inline loop of the same kernel (what offloading buys), and, for the vector kernel, against the scalar inline loop (what both together buy).");
        text.Line();
        text.Line($"| strategy | scalar, vs scalar inline | vector, vs vector inline | vector, vs scalar inline |");
        text.Line("| --- | ---: | ---: | ---: |");
        var scalarAt = scalar.With(ExperimentParameters.Workers, cores).ToList();
        var vectorAt = vector.With(ExperimentParameters.Workers, cores).ToList();
        foreach (string method in scalarAt.Methods().Where(m => m != Experiments.Inline))
        {
            string Cell(BenchmarkResult? c, BenchmarkResult? baseline) =>
                c is not null && baseline is not null && Claims.Speedup(c, baseline) is { } s ? Claims.RatioCell(s) : "not measured";
            text.Line($"| {Cases.StrategyName(method)} | {Cell(scalarAt.Method(method), scalarAt.Method(Experiments.Inline))} | {Cell(vectorAt.Method(method), vectorAt.Method(Experiments.Inline))} | {Cell(vectorAt.Method(method), scalarAt.Method(Experiments.Inline))} |");
        }
        text.Line();
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
        text.Line($"Break-even on {ReportFormat.Workers(report.Cores)} under each kernel, as the Break-even section defines it (the smallest size from which a strategy is faster than inline of the same kernel there and at every larger size, Mann–Whitney at α = 0.01). "
            + (cheaper >= 1
                ? $"A hand-off costs the same under both kernels, while a throw takes {ReportFormat.Ratio(cheaper)} less time under the vector one, so the expectation is that a job must be about that many times larger before the same hand-off pays; "
                : $"A hand-off costs the same under both kernels, while a throw took {ReportFormat.Ratio(1 / cheaper)} more time under the vector one here, so the expectation is that the same hand-off pays at smaller jobs; ")
            + "that is a model, and the table measures it: the sizes go by tens, so a break-even can move by one decade or two, or stay where it was when the two sizes straddle both.");
        text.Line();
        text.Line("| strategy | scalar kernel | vector kernel |");
        text.Line("| --- | --- | --- |");
        foreach (string method in scalar.Methods().Where(m => m != Experiments.Inline))
            text.Line($"| {Cases.StrategyName(method)} | {Claims.BreakEvenText(scalar, method)} | {(vector.Method(method) is null ? "not measured" : Claims.BreakEvenText(vector, method))} |");
        text.Line();
    }

    private static void Node(ReportContext report, BenchmarkResult vectorInline)
    {
        if (report.Results.Node?.Runs.FirstOrDefault(r => r.Mode == "inline" && r.Throws == (long)vectorInline.Number(ExperimentParameters.Throws)) is not { } node)
            return;
        double dotnetMs = vectorInline.MedianNs!.Value / 1e6;
        report.Text.Line($"The article's Node.js code ran the same {ReportFormat.Count(node.Throws)} throws inline in {DisplayUnit.Number(node.MedianMs)} ms (median, the Node.js section); the vector kernel inline took {DisplayUnit.Number(dotnetMs)} ms: "
            + (node.MedianMs >= dotnetMs ? $"{ReportFormat.Ratio(node.MedianMs / dotnetMs)} less time" : $"{ReportFormat.Ratio(dotnetMs / node.MedianMs)} more time") + ", on one core, before any offloading.");
        report.Text.Line();
    }

    private static string Interval(BenchmarkResult c, double throws, DisplayUnit unit) =>
        c.MedianIntervalNs is { } ci ? $"{DisplayUnit.Number(unit.From(ci.LowerNs / throws))}–{DisplayUnit.Number(unit.From(ci.UpperNs / throws))} {unit.Symbol}" : "n/a";

    /// <summary>Bars of speedup over the scalar inline loop: each strategy on every core under each kernel, against the
    /// scalar inline case of that worker count, the baseline the table and the summary use.</summary>
    private static string? Chart(ChartKit charts, IReadOnlyList<BenchmarkResult> scalar, IReadOnlyList<BenchmarkResult> vector, int cores)
    {
        var methods = scalar.With(ExperimentParameters.Workers, cores).Methods();
        if (methods.Length == 0 || scalar.With(ExperimentParameters.Workers, cores).Method(Experiments.Inline) is not { MedianNs: not null } scalarInline)
            return null;
        using var plot = ChartKit.NewPlot($"Speedup over the scalar inline loop ({ReportFormat.Workers(cores)})", "strategy", "speedup (scalar inline median / median)");
        var bars = new List<Bar>();
        for (int i = 0; i < methods.Length; i++)
        {
            string method = methods[i];
            foreach (var (cases, offset, color) in new[] { (scalar, -0.2, ChartKit.SeriesColor(0)), (vector, 0.2, ChartKit.SeriesColor(1)) })
            {
                if (cases.With(ExperimentParameters.Workers, cores).Method(method) is { MedianNs: { } ns })
                    bars.Add(new Bar { Position = i + offset, Value = scalarInline.MedianNs!.Value / ns, FillColor = color, Size = 0.38 });
            }
        }
        ChartKit.AddBars(plot, bars);
        ChartKit.LabelCategories(plot.Axes.Bottom, methods.Select(Cases.StrategyName));
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "scalar kernel", FillColor = ChartKit.SeriesColor(0) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "vector kernel", FillColor = ChartKit.SeriesColor(1) });
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(bottom: 0);
        return charts.Save(plot, "kernel-speedup.png");
    }
}
