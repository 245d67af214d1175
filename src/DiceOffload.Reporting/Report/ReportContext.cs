using DiceOffload.Reporting.Comparison;
using DiceOffload.Reporting.Results;

namespace DiceOffload.Reporting.Report;

/// <summary>What every section of the report reads from and writes to.</summary>
/// <param name="Results">The result files; every figure in the report is computed from them.</param>
/// <param name="Charts">Where the sections' chart recipes draw and save.</param>
/// <param name="Text">The markdown the sections write, in order.</param>
/// <param name="Comparison">The run against its baseline, when there is one.</param>
internal sealed record ReportContext(StudyResults Results, ChartKit Charts, MarkdownWriter Text, ComparisonReport? Comparison)
{
    /// <summary>The core count of the benchmark machine: from the export, else the scenarios, else the largest worker count.</summary>
    public int Cores => Results.Benchmarks.Environment?.LogicalCoreCount
        ?? Results.Responsiveness?.Environment.ProcessorCount
        ?? Results.Race?.Environment.ProcessorCount
        ?? (int)Math.Max(1, Experiment("Throughput").Values("Workers").DefaultIfEmpty(1).Max());

    /// <summary>The cases of one benchmark class that have a result.</summary>
    public IReadOnlyList<BenchmarkResult> Experiment(string type) => Results.Experiment(type);
}
