using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report;

/// <summary>
/// The quota experiment's headline: at the lowest quota where the quota's whole CPUs and <c>Environment.ProcessorCount</c>
/// give different worker counts, the server's <c>/ping</c> p99 with the job on each, run by run.
/// </summary>
internal sealed record QuotaContrast(double Cpus, int WholeWorkers, int CountWorkers, int ProcessorCount, IReadOnlyList<double> WholeP99Ms, IReadOnlyList<double> CountP99Ms)
{
    /// <summary>Whether the whole CPUs' runs all lay below the <c>ProcessorCount</c> runs, above them, or overlapped.</summary>
    public Apart Verdict => RunsApart.Versus(WholeP99Ms, CountP99Ms);

    /// <summary>The contrast at the lowest quota that has both settings' server runs; null when none has.</summary>
    public static QuotaContrast? Of(QuotaResult? quota)
    {
        if (quota is null)
            return null;
        foreach (var perQuota in quota.Server.GroupBy(r => r.Cpus).OrderBy(g => g.Key))
        {
            var byCount = perQuota.Where(r => r.Setting == QuotaResult.ProcessorCountSetting).ToList();
            var whole = perQuota.Where(r => r.Setting == QuotaResult.WholeCpusSetting).ToList();
            if (byCount.Count > 0 && whole.Count > 0 && whole[0].Workers != byCount[0].Workers)
                return new QuotaContrast(perQuota.Key, whole[0].Workers, byCount[0].Workers, byCount[0].ProcessorCount, [.. whole.Select(r => r.P99Ms)], [.. byCount.Select(r => r.P99Ms)]);
        }
        return null;
    }
}
