using System.Globalization;
using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>
/// The study on every machine under <c>results/machines/</c>: the machines, then each experiment per machine, always as
/// ratios against that machine's own inline loop (absolute times differ between machines for reasons the study does
/// not measure), then the Universal Scalability Law fitted to each machine's scaling and projected past it, and the
/// difference the toolchain makes where one machine ran both.
/// </summary>
/// <param name="appendix">The appendix's part: each experiment on each machine beyond scaling and efficiency, the
/// projection and the toolchains; otherwise the body's: the machines, their scaling and their efficiency.</param>
internal sealed partial class MachinesSection(bool appendix = false) : IReportSection
{
    /// <summary>Worker counts the projection is drawn to.</summary>
    public static readonly int[] ProjectedWorkers = [64, 128];

    public void Write(ReportContext report)
    {
        var text = report.Text;
        var machines = report.Machines.Machines;
        if (appendix)
        {
            Efficiency(text, machines);
            BreakEven(text, machines);
            Dispatch(text, machines);
            Responsiveness(text, machines);
            Projection(report, machines);
            Toolchains(text, machines);
            return;
        }
        text.Line("## Machines");
        text.Line();
        text.Line(machines.Count == 1
            ? $"The study has run on one machine here, {machines[0].Name}: the figures above are its own. Another machine's results join this section when its folder is copied under `results/machines/` (README: Other machines)."
            : $"The study on {machines.Count} machines, from `{text.Relative(new ResultsLayout(report.Machines.Folder).Machines)}/`. The other sections show {report.Machines.Primary.Name}. "
                + "Every figure here is a ratio against the same machine's own inline loop, never an absolute time across machines: clock speed, memory and the operating system differ in ways the study does not measure.");
        text.Line();
        MachineTable(text, machines);
        Scaling(report, machines);
        text.Line("Parallel efficiency, break-even, hand-off costs and responsiveness on each machine, the projection past them and the toolchains are in the appendix.");
        text.Line();
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
        text.Line($"Toolchain: {MachineRecord.OutOfProcess} builds a program per benchmark and starts a process per launch (it needs the SDK); {MachineRecord.InProcess} runs every benchmark in the study's own process, as a bundle does, so JIT state, the pool's size and the heap carry over between benchmarks (the appendix compares the two). "
            + "SIMD is the widest vector instruction set the runtime accelerated, which BenchmarkDotNet records only from a benchmark process of its own. A machine pinned to fewer cores (`taskset`) is a smaller machine for .NET: `ProcessorCount` and the pool follow the mask.");
        text.Line();
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

    /// <summary>Inline's median time per throw on the Throughput experiment's largest job.</summary>
    public static double? InlineNsPerThrow(StudyResults results)
    {
        var job = ReportMath.LargestJob(results.Experiment(Experiments.Throughput));
        var inline = job.Where(c => c.Method == Experiments.Inline && c.MedianNs is not null).OrderBy(c => c.Number(ExperimentParameters.Workers)).FirstOrDefault();
        return inline is null ? null : inline.MedianNs!.Value / inline.Number(ExperimentParameters.Throws);
    }

    private static List<string> Strategies(IReadOnlyList<MachineResults> machines, string experiment) =>
        [.. machines.SelectMany(m => m.Results.Experiment(experiment).Methods()).Where(m => m != Experiments.Inline).Distinct().OrderBy(Cases.Rank)];

    private static string Cores(int cores) => cores == 1 ? "1 core" : $"{cores} cores";

    private static string Cell(string value) => ReportFormat.Cell(value);
}
