using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report.Sections;

// each experiment side by side, one column a machine, as ratios against its own inline loop
internal sealed partial class MachinesSection
{
    private static void Scaling(ReportContext report, IReadOnlyList<MachineResults> machines)
    {
        var text = report.Text;
        text.Line("### Scaling on each machine");
        text.Line();
        foreach (var m in machines)
        {
            var cases = m.Results.Experiment(Experiments.Scaling);
            if (cases.Count == 0)
            {
                text.Line($"- {m.Name}: no Scaling results.");
                continue;
            }
            // a one-core machine's speedups are flat at one: its sentence says so, and a chart would only draw the line
            string? chart = m.Cores <= 1 ? null : ScalingSection.Chart(report.Charts, cases, m.Cores, $"Scaling on {m.Name}: speedup over its own inline loop", $"machine-{m.Name}-scaling.png");
            if (chart is not null)
                text.Chart(chart, $"Scaling on {m.Name}");
            var peaks = cases.Methods().Where(x => x != Experiments.Inline).Select(method =>
            {
                var best = cases.Values(ExperimentParameters.Workers).Select(w => (Workers: w, Speedup: ReportMath.Speedup(cases, method, w))).Where(p => p.Speedup is not null).MaxBy(p => p.Speedup);
                return best.Speedup is { } s ? $"{Cases.StrategyName(method)} peaks at {ReportFormat.Ratio(s)} on {ReportFormat.Workers((int)best.Workers)}" : null;
            }).OfType<string>();
            text.Line($"{m.Name} ({Cores(m.Cores)}, workers 1 to {ReportFormat.Count(cases.Values(ExperimentParameters.Workers).DefaultIfEmpty(0).Max())}): {string.Join("; ", peaks)}.");
            text.Line();
        }
        text.Line("Speedup is the ratio of medians, inline over the strategy at the same worker count.");
        text.Line();
    }

    private static void Efficiency(MarkdownWriter text, IReadOnlyList<MachineResults> machines)
    {
        text.Line("### Parallel efficiency at all cores");
        text.Line();
        text.Line("The article's job (the Throughput experiment's largest) on as many workers as the machine has cores: speedup over the machine's own inline loop "
            + "(Hodges–Lehmann ratio, with its distribution-free 99% interval unless the cell names another) and efficiency, the speedup divided by the cores (1 is perfect). On one core this is the cost of offloading alone.");
        text.Line();
        StrategyTable(text, machines, Strategies(machines, Experiments.Throughput), (m, method) =>
        {
            var job = ReportMath.LargestJob(m.Results.Experiment(Experiments.Throughput)).With(ExperimentParameters.Workers, m.Cores).ToList();
            if (job.Method(method) is not { } c || job.Method(Experiments.Inline) is not { } inline || Claims.Speedup(c, inline) is not { } s)
                return null;
            return $"{Claims.RatioCell(s)}, efficiency {ReportFormat.Percent(s.Estimate / m.Cores)}";
        }, m => $"{Cell(m.Name)} ({Cores(m.Cores)})");
        InlineDrift(text, machines);
    }

    /// <summary>Inline does not depend on the worker count, so its cases at different worker counts measure how the
    /// machine's speed moved during the run: a ratio against inline carries that much drift.</summary>
    private static void InlineDrift(MarkdownWriter text, IReadOnlyList<MachineResults> machines)
    {
        var drifted = new List<string>();
        int compared = 0;
        foreach (var m in machines)
        {
            foreach (string kernel in new[] { ExperimentParameters.ScalarKernel, ExperimentParameters.VectorKernel })
            {
                var inlines = ReportMath.LargestJob(m.Results.ExperimentWithKernel(Experiments.Throughput, kernel)).Where(c => c.Method == Experiments.Inline && c.MedianNs is not null).ToList();
                if (inlines.Count < 2)
                    continue;
                compared++;
                var fastest = inlines.MinBy(c => c.MedianNs!.Value)!;
                var slowest = inlines.MaxBy(c => c.MedianNs!.Value)!;
                if (Claims.ComparePooled(fastest, slowest) is not Difference.Faster)
                    continue;
                double fast = fastest.MedianNs!.Value, slow = slowest.MedianNs!.Value;
                var unit = DisplayUnit.For([fast, slow]);
                drifted.Add($"{Cell(m.Name)} with the {kernel.ToLowerInvariant()} kernel, {unit.Format(fast)} ({ReportFormat.Count(fastest.Number(ExperimentParameters.Workers))}-worker case) against {unit.Format(slow)} "
                    + $"({ReportFormat.Count(slowest.Number(ExperimentParameters.Workers))}-worker case), {ReportFormat.Percent((slow / fast) - 1)} apart");
            }
        }
        if (compared == 0)
            return;
        text.Line(drifted.Count == 0
            ? "Inline does not depend on the worker count; on every machine its medians on the article's job in the different worker cases were not told apart (Mann–Whitney at α = 0.01, all measurements pooled): no drift beyond the test's reach showed across those cases."
            : "Inline does not depend on the worker count, yet its medians on the article's job differed between the worker cases (Mann–Whitney at α = 0.01) on "
                + string.Join("; ", drifted) + ". That is the machine's speed moving during the run, and a ratio against inline carries it: an efficiency above 100% on such a machine is drift, not more than linear scaling.");
        text.Line();
    }

    private static void BreakEven(MarkdownWriter text, IReadOnlyList<MachineResults> machines)
    {
        text.Line("### Break-even on each machine");
        text.Line();
        text.Line("The smallest job size from which a strategy on every core is faster than the same machine's inline loop at that size and every larger one (Mann–Whitney at α = 0.01), as the Break-even section defines it, "
            + "with the speedup at that size. The test finds any difference beyond its minimal effect of 1% that it can tell from noise (in every pair of launches, where both cases ran several): on one core, where no strategy can do the work in less CPU time than inline, a \"faster\" of a few percent cannot come from running in parallel, and the study does not explain it.");
        text.Line();
        StrategyTable(text, machines, Strategies(machines, Experiments.BreakEven), (m, method) =>
        {
            var cases = m.Results.Experiment(Experiments.BreakEven);
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
        StrategyTable(text, machines, Strategies(machines, Experiments.Dispatch), (m, method) =>
            m.Results.Experiment(Experiments.Dispatch).Method(method) is { MedianNs: { } ns } && InlineNsPerThrow(m.Results) is { } perThrow
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
}
