using System.Globalization;
using DiceOffload.Reporting.Results;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>
/// The study on every machine under <c>results/machines/</c>: the machines, then each experiment per machine, always as
/// ratios against that machine's own inline loop (absolute times differ between machines for reasons the study does
/// not measure), then the Universal Scalability Law fitted to each machine's scaling and projected past it, and the
/// difference the toolchain makes where one machine ran both.
/// </summary>
internal sealed class MachinesSection : IReportSection
{
    /// <summary>Worker counts the projection is drawn to.</summary>
    public static readonly int[] ProjectedWorkers = [64, 128];

    public void Write(ReportContext report)
    {
        var text = report.Text;
        var machines = report.Machines.Machines;
        text.Line("## Machines");
        text.Line();
        text.Line(machines.Count == 1
            ? $"The study has run on one machine here, {machines[0].Name}: the figures above are its own. Another machine's results join this section when its folder is copied under `results/machines/` (README: Other machines)."
            : $"The study on {machines.Count} machines, from `{text.Relative(Path.Combine(report.Machines.Folder, MachineSet.MachinesFolder))}/`. The sections above show {report.Machines.Primary.Name}. "
                + "Every figure here is a ratio against the same machine's own inline loop, never an absolute time across machines: clock speed, memory and the operating system differ in ways the study does not measure.");
        text.Line();
        MachineTable(text, machines);
        Scaling(report, machines);
        Efficiency(text, machines);
        BreakEven(text, machines);
        Dispatch(text, machines);
        Responsiveness(text, machines);
        Projection(report, machines);
        Toolchains(text, machines);
    }

    private static void MachineTable(MarkdownWriter text, IReadOnlyList<MachineResults> machines)
    {
        text.Line("| machine | CPU | SIMD | cores used | memory | operating system | .NET | toolchain | installed as | job | run |");
        text.Line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var m in machines)
        {
            var r = m.Record;
            var env = m.Results.Benchmarks.Environment;
            string cores = r is null ? $"{m.Cores}"
                : r.IsPinned ? $"{r.ProcessorCount} of {r.MachineProcessorCount} (pinned to CPU {r.Affinity})"
                : r.ProcessorCount < r.MachineProcessorCount ? $"{r.ProcessorCount} of {r.MachineProcessorCount} (a CPU quota)"
                : $"{r.ProcessorCount}";
            string memory = r?.MemoryBytes is { } bytes ? (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB" : "not recorded";
            string date = m.Results.BenchmarkDate?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "unknown";
            string job = r?.Job ?? m.Results.Job?.Split('(')[0] ?? "unknown";
            text.Line($"| {Cell(m.Name)} | {Cell(m.Cpu)} | {Cell(m.WidestSimd)} | {cores} | {memory} | {Cell(r?.OperatingSystem ?? env?.OsVersion ?? "unknown")} | {Cell(r?.Runtime ?? env?.RuntimeVersion ?? "unknown")} | {m.Toolchain} | {Cell(r?.Install ?? "not recorded")} | {Cell(job)} | {date} |");
        }
        text.Line();
        text.Line($"Toolchain: {MachineRecord.OutOfProcess} is BenchmarkDotNet's default, a program built per benchmark and a process per launch (it needs the SDK); "
            + $"{MachineRecord.InProcess} runs every benchmark in the study's own process (it needs only the runtime, which is how a bundle runs): no fresh process per case, so JIT state, "
            + "the thread pool's size and the heap carry over from one benchmark to the next. Where one machine ran both, the last part of this section measures the difference. "
            + "SIMD is the widest vector instruction set the runtime accelerated there, as BenchmarkDotNet recorded it: the vector kernel runs in `Vector512` where the runtime accelerates it (AVX-512) and in `Vector256` with AVX2 (README: Kernels). "
            + "A machine pinned to fewer cores than it has (an affinity mask, `taskset`) is a smaller machine for .NET: `Environment.ProcessorCount`, the thread pool and the study's worker counts all follow the mask.");
        text.Line();
    }

    private static void Scaling(ReportContext report, IReadOnlyList<MachineResults> machines)
    {
        var text = report.Text;
        text.Line("### Scaling on each machine");
        text.Line();
        foreach (var m in machines)
        {
            var cases = m.Results.Experiment("Scaling");
            if (cases.Count == 0)
            {
                text.Line($"- {m.Name}: no Scaling results.");
                continue;
            }
            string? chart = ScalingSection.Chart(report.Charts, cases, m.Cores, $"Scaling on {m.Name}: speedup over its own inline loop", $"machine-{m.Name}-scaling.png");
            if (chart is not null)
                text.Chart(chart, $"Scaling on {m.Name}");
            var peaks = cases.Methods().Where(x => x != "Inline").Select(method =>
            {
                var best = cases.Values("Workers").Select(w => (Workers: w, Speedup: ReportMath.Speedup(cases, method, w))).Where(p => p.Speedup is not null).MaxBy(p => p.Speedup);
                return best.Speedup is { } s ? $"{Cases.StrategyName(method)} peaks at {ReportFormat.Ratio(s)} on {ReportFormat.Workers((int)best.Workers)}" : null;
            }).OfType<string>();
            text.Line($"{m.Name} ({Cores(m.Cores)}, workers 1 to {ReportFormat.Count(cases.Values("Workers").DefaultIfEmpty(0).Max())}): {string.Join("; ", peaks)}. Speedup is the ratio of medians, inline over the strategy at the same worker count.");
            text.Line();
        }
    }

    private static void Efficiency(MarkdownWriter text, IReadOnlyList<MachineResults> machines)
    {
        text.Line("### Parallel efficiency at all cores");
        text.Line();
        text.Line("The article's job (the Throughput experiment's largest) on as many workers as the machine has cores: speedup over the machine's own inline loop "
            + "(Hodges–Lehmann ratio, with its distribution-free 99% interval unless the cell names another) and efficiency, the speedup divided by the cores (1 is perfect). On one core this is the cost of offloading alone.");
        text.Line();
        StrategyTable(text, machines, Strategies(machines, "Throughput"), (m, method) =>
        {
            var job = ReportMath.LargestJob(m.Results.Experiment("Throughput")).With("Workers", m.Cores).ToList();
            if (job.Method(method) is not { } c || job.Method("Inline") is not { } inline || Claims.Speedup(c, inline) is not { } s)
                return null;
            return $"{Claims.RatioCell(s)}, efficiency {ReportFormat.Percent(s.Estimate / m.Cores)}";
        }, m => $"{Cell(m.Name)} ({Cores(m.Cores)})");
    }

    private static void BreakEven(MarkdownWriter text, IReadOnlyList<MachineResults> machines)
    {
        text.Line("### Break-even on each machine");
        text.Line();
        text.Line("The smallest job size from which a strategy on every core is faster than the same machine's inline loop at that size and every larger one (Mann–Whitney at α = 0.01), as the Break-even section defines it, "
            + "with the speedup at that size. The test finds any difference it can tell from noise, however small: on one core, where no strategy can do the work in less CPU time than inline, a \"faster\" of a few percent cannot come from running in parallel, and the study does not explain it.");
        text.Line();
        StrategyTable(text, machines, Strategies(machines, "BreakEven"), (m, method) =>
        {
            var cases = m.Results.Experiment("BreakEven");
            if (cases.Method(method) is null)
                return null;
            var (from, below, _) = Claims.BreakEven(cases, method);
            if (from is null)
                return below is null ? null : $"not faster up to {ReportFormat.Throws(below)}";
            string speedup = ReportMath.Inline(cases, from) is { } inline && Claims.Speedup(from, inline) is { } s ? $" ({ReportFormat.Ratio(s.Estimate)} there)" : "";
            return $"from {ReportFormat.Throws(from)} throws{speedup}";
        });
    }

    private static void Dispatch(MarkdownWriter text, IReadOnlyList<MachineResults> machines)
    {
        text.Line("### Hand-off cost on each machine");
        text.Line();
        text.Line("What handing over a one-throw job and getting its answer back costs (the Dispatch experiment's median), counted in throws of the same machine's inline loop "
            + "(its median time per throw on the article's job): how much work a hand-off must buy back before it pays.");
        text.Line();
        StrategyTable(text, machines, Strategies(machines, "Dispatch"), (m, method) =>
            m.Results.Experiment("Dispatch").Method(method) is { MedianNs: { } ns } && InlineNsPerThrow(m.Results) is { } perThrow
                ? $"{ReportFormat.Count(ns / perThrow)} throws"
                : null);
    }

    private static void Responsiveness(MarkdownWriter text, IReadOnlyList<MachineResults> machines)
    {
        text.Line("### Responsiveness on each machine");
        text.Line();
        var intervals = machines.Select(m => m.Results.CurrentResponsiveness()?.HeartbeatIntervalMs).OfType<double>().Distinct().Select(ReportFormat.Ms).ToList();
        text.Line("The 99th percentile of the heartbeat's lateness on an event-loop thread while the job runs on every core (the Responsiveness experiment, the loop's default wait), "
            + $"with the beats it counts. Lateness is time the loop waited, not the job's time, so it is given in milliseconds; the heartbeat's period was {(intervals.Count == 0 ? "not recorded" : string.Join(" or ", intervals))}.");
        text.Line();
        var runs = machines.ToDictionary(m => m, m => m.Results.CurrentResponsiveness()?.Plain().ToList() ?? []);
        var strategies = runs.Values.SelectMany(r => r.Select(x => x.Strategy)).Distinct().OrderBy(Cases.Rank).ToList();
        StrategyTable(text, machines, strategies, (m, strategy) =>
        {
            int workers = runs[m].Select(r => r.Workers).DefaultIfEmpty(0).Max();
            return runs[m].FirstOrDefault(r => r.Strategy == strategy && r.Workers == workers) is { } run
                ? $"{ReportFormat.Ms(run.P99LatenessMs)} ({ReportFormat.Workers(workers)}, {ReportFormat.Count(run.LatenessSamples)} beats)"
                : null;
        }, name: s => s);
    }

    /// <summary>One row a strategy, one column a machine; a cell left null reads "not measured".</summary>
    private static void StrategyTable(MarkdownWriter text, IReadOnlyList<MachineResults> machines, IEnumerable<string> rows, Func<MachineResults, string, string?> cell,
        Func<MachineResults, string>? header = null, Func<string, string>? name = null)
    {
        text.Line($"| strategy | {string.Join(" | ", machines.Select(header ?? (m => Cell(m.Name))))} |");
        text.Line($"| --- |{string.Concat(machines.Select(_ => " --- |"))}");
        foreach (string row in rows)
            text.Line($"| {(name ?? Cases.StrategyName)(row)} | {string.Join(" | ", machines.Select(m => cell(m, row) ?? "not measured"))} |");
        text.Line();
    }

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
            var cases = m.Results.Experiment("Scaling");
            foreach (string method in cases.Methods().Where(x => x != "Inline"))
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

    private static void Toolchains(MarkdownWriter text, IReadOnlyList<MachineResults> machines)
    {
        text.Line("### In-process against out-of-process on the same machine");
        text.Line();
        var pairs = machines.Where(m => m.Toolchain == MachineRecord.OutOfProcess)
            .SelectMany(o => machines.Where(i => i.Toolchain == MachineRecord.InProcess && SameHardware(i, o)).Select(i => (Out: o, In: i)))
            .ToList();
        if (pairs.Count == 0)
        {
            text.Line("No machine here ran the study with both toolchains (same CPU, instruction sets and cores), so what the in-process toolchain changes is not measured in these results; "
                + "an in-process machine's figures carry the difference unknown.");
            text.Line();
            return;
        }
        foreach (var (outOfProcess, inProcess) in pairs)
        {
            var rows = new List<(BenchmarkResult Out, BenchmarkResult In, Comparison.RatioShift Ratio, Difference Verdict)>();
            foreach (string experiment in new[] { "Throughput", "BreakEven", "Dispatch", "Scaling" })
            {
                var ins = inProcess.Results.Experiment(experiment);
                foreach (var o in outOfProcess.Results.Experiment(experiment))
                {
                    if (ins.FirstOrDefault(i => i.Method == o.Method && i.ParametersText == o.ParametersText) is { } i
                        && Comparison.RatioShift.Of(o.MeasurementsNs, i.MeasurementsNs) is { } ratio)
                        rows.Add((o, i, ratio, Claims.Compare(i, o)));
                }
            }
            if (rows.Count == 0)
            {
                text.Line($"{inProcess.Name} (in-process) and {outOfProcess.Name} (out-of-process) share no benchmark case.");
                text.Line();
                continue;
            }
            int faster = rows.Count(r => r.Verdict == Difference.Faster), slower = rows.Count(r => r.Verdict == Difference.Slower);
            var apart = rows.Where(r => r.Verdict is Difference.Faster or Difference.Slower && Math.Abs(Math.Log(r.Ratio.Estimate)) > Math.Log(1.10)).ToList();
            text.Line($"{inProcess.Name} ran in-process and {outOfProcess.Name} out-of-process on the same CPU and cores. Of {rows.Count} benchmark cases both ran, the in-process run was "
                + $"faster in {faster} and slower in {slower} (Mann–Whitney at α = 0.01); {apart.Count} differ by more than 10%. "
                + $"The median ratio, in-process time over out-of-process time, is {ReportFormat.Ratio(Statistics.Median([.. rows.Select(r => r.Ratio.Estimate)]))}. "
                + "The runs were made at different times, so machine drift is part of every difference here.");
            text.Line();
            if (apart.Count > 0)
            {
                text.Line("| benchmark | out-of-process median | in-process median | in-process / out-of-process (99% interval unless named) |");
                text.Line("| --- | ---: | ---: | ---: |");
                foreach (var r in apart.OrderByDescending(r => Math.Abs(Math.Log(r.Ratio.Estimate))).Take(12))
                {
                    var unit = DisplayUnit.For([r.Out.MedianNs!.Value, r.In.MedianNs!.Value]);
                    text.Line($"| {Cell(r.Out.DisplayName)} | {unit.Format(r.Out.MedianNs!.Value)} | {unit.Format(r.In.MedianNs!.Value)} | {Claims.RatioCell(r.Ratio)} |");
                }
                if (apart.Count > 12)
                    text.Line($"| … {apart.Count - 12} more | | | |");
                text.Line();
            }
        }
    }

    /// <summary>A strategy's Scaling medians as relative capacity, T(1)/T(N): what the Universal Scalability Law describes.</summary>
    private static List<SpeedupPoint> RelativeCapacity(IReadOnlyList<BenchmarkResult> cases, string method)
    {
        if (cases.With("Workers", 1).Method(method) is not { MedianNs: { } oneWorkerNs })
            return [];
        return [.. cases.Values("Workers").Select(w => cases.With("Workers", w).Method(method) is { MedianNs: { } ns } ? new SpeedupPoint(w, oneWorkerNs / ns) : (SpeedupPoint?)null).OfType<SpeedupPoint>()];
    }

    /// <summary>Inline's median time per throw on the Throughput experiment's largest job.</summary>
    public static double? InlineNsPerThrow(StudyResults results)
    {
        var job = ReportMath.LargestJob(results.Experiment("Throughput"));
        var inline = job.Where(c => c.Method == "Inline" && c.MedianNs is not null).OrderBy(c => c.Number("Workers")).FirstOrDefault();
        return inline is null ? null : inline.MedianNs!.Value / inline.Number("Throws");
    }

    private static List<string> Strategies(IReadOnlyList<MachineResults> machines, string experiment) =>
        [.. machines.SelectMany(m => m.Results.Experiment(experiment).Methods()).Where(m => m != "Inline").Distinct().OrderBy(Cases.Rank)];

    /// <summary>Two runs on one kind of host: the CPU's name, the instruction sets the runtime accelerated, and the cores used and present.</summary>
    private static bool SameHardware(MachineResults x, MachineResults y) =>
        x.Cpu == y.Cpu && x.Cores == y.Cores
        && x.HardwareIntrinsics == y.HardwareIntrinsics
        && (x.Record?.MachineProcessorCount ?? x.Cores) == (y.Record?.MachineProcessorCount ?? y.Cores);

    private static string Cores(int cores) => cores == 1 ? "1 core" : $"{cores} cores";

    private static string Coefficient(double value) => value.ToString(value is > 0 and < 0.001 ? "0.0e0" : "0.0000", CultureInfo.InvariantCulture);

    private static string Cell(string value) => ReportFormat.Cell(value);
}
