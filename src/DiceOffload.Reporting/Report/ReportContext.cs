using DiceOffload.Reporting.Comparison;
using DiceOffload.Reporting.Results;

namespace DiceOffload.Reporting.Report;

/// <summary>What every section of the report reads from and writes to.</summary>
/// <param name="Results">The result files; every figure in the report is computed from them.</param>
/// <param name="Charts">Where the sections' chart recipes draw and save.</param>
/// <param name="Text">The markdown the sections write, in order.</param>
/// <param name="Comparison">The run against its baseline, when there is one.</param>
/// <param name="Claims">The summary's claims, each with what the stability check's reruns concluded on it.</param>
/// <param name="Reruns">The stability check's reruns, oldest first; empty when there are none.</param>
/// <param name="Machines">Every machine's results; <paramref name="Results"/> is its primary machine's.</param>
internal sealed record ReportContext(StudyResults Results, ChartKit Charts, MarkdownWriter Text, ComparisonReport? Comparison,
    IReadOnlyList<ClaimStability> Claims, IReadOnlyList<ClaimRun> Reruns, MachineSet Machines)
{
    /// <summary>The claims whose id starts with <paramref name="prefix"/>, in the summary's order.</summary>
    public IReadOnlyList<ClaimStability> ClaimsWithPrefix(string prefix) =>
        [.. Claims.Where(c => c.Published.Id.StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>The core count of the benchmark machine: from the export, else the scenarios, else the largest worker count.</summary>
    public int Cores => Results.Cores;

    /// <summary>The cases of one benchmark class that have a result.</summary>
    public IReadOnlyList<BenchmarkResult> Experiment(string type) => Results.Experiment(type);
}
