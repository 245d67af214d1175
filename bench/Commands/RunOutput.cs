using System.Globalization;
using System.Text.Json;
using DiceOffload.Cgroups;
using DiceOffload.Processes;
using DiceOffload.Reporting.Results;
using DiceOffload.Strategies;

namespace DiceOffload.Bench.Commands;

/// <summary>What <c>run</c> was asked to do.</summary>
/// <param name="Repeat">Timed runs after the first, cold one.</param>
internal sealed record RunSettings(DiceJob Job, int Workers, TimeSpan? Timeout, WorkerLaunch? Worker, int Repeat);

/// <summary>The CPU limit of the cgroup this process runs in, and how to read its throttling; null where there is none to read.</summary>
internal sealed record CpuQuotaReading(CpuCgroup Group, CpuLimit Limit)
{
    public static CpuQuotaReading? Current()
    {
        try
        {
            return CpuCgroup.Own() is { } group ? new CpuQuotaReading(group, group.ReadLimit()) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The group's <c>cpu.stat</c> now; null if it cannot be read.</summary>
    public CpuStat? Stat()
    {
        try
        {
            return Group.ReadStat();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    public override string ToString() =>
        $"CPU quota: {Limit} (cgroup v{(int)Group.Version}, {Group.Folder}); Environment.ProcessorCount {Environment.ProcessorCount}";
}

/// <summary>One strategy's runs: the first (cold: JIT, first use of the pool, the disk cache) and the repeated ones.</summary>
/// <param name="Throttling">What the cgroup's cpu.stat counted during each run (null where it could not be read).</param>
internal sealed record RunOutcome(string Strategy, IReadOnlyList<double> TimesMs, DiceHistogram? Histogram, string? Error, IReadOnlyList<CpuStat?> Throttling)
{
    public double? ColdMs => TimesMs.Count > 0 ? TimesMs[0] : null;

    public IReadOnlyList<double> WarmMs => [.. TimesMs.Skip(1)];

    public double? MedianMs => WarmMs.Count > 0 ? Statistics.Median(WarmMs) : null;
}

/// <summary>How <c>run</c> prints its outcomes: tables for a person, or one JSON array.</summary>
internal static class RunOutput
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public static void PrintHeading(RunSettings settings, CpuQuotaReading? quota, bool startsWorkers)
    {
        if (quota?.Limit.Cpus is not null)
            Console.WriteLine(quota);
        Console.WriteLine($"{settings.Job}, {settings.Workers} worker{(settings.Workers == 1 ? "" : "s")}{(settings.Timeout is { } t ? $", time limit {t.TotalSeconds:0.###} s" : "")}, "
            + $"each strategy run once cold, then {settings.Repeat} time{(settings.Repeat == 1 ? "" : "s")} timed");
        if (startsWorkers)
        {
            var worker = settings.Worker ?? WorkerLaunch.Default;
            Console.WriteLine($"Worker processes start as: {worker} ({worker.FormName})");
        }
    }

    public static void PrintJson(List<RunOutcome> done, RunSettings settings, CpuQuotaReading? quota)
    {
        var job = settings.Job;
        var records = done.Select(o => new RunRecord(
            o.Strategy, settings.Workers, job.Throws, job.Dice, job.Sides, job.Seed, job.Kernel.Name(),
            Math.Round(o.MedianMs!.Value, 3), Math.Round(o.ColdMs!.Value, 3), [.. o.WarmMs.Select(ms => Math.Round(ms, 3))],
            o.Histogram!.Bins().ToDictionary(b => b.Key, b => b.Value),
            Environment.ProcessorCount, quota?.Limit.Cpus, quota is null ? null : [.. o.Throttling.Skip(1)],
            StrategyCatalog.Find(o.Strategy) is { StartsWorkerProcesses: true } ? (settings.Worker ?? WorkerLaunch.Default).FormName : null));
        Console.WriteLine(JsonSerializer.Serialize(records, Json));
    }

    public static void PrintTables(List<RunOutcome> outcomes, List<RunOutcome> done, bool agree, RunSettings settings, CpuQuotaReading? quota)
    {
        var job = settings.Job;
        Console.WriteLine();
        Console.WriteLine($"{"strategy",-14} {"workers",7} {"cold ms",10} {"elapsed ms (median)",20} {"spread ms (min – max)",22} {"throws/s (median)",18}");
        foreach (var o in outcomes)
        {
            string cold = o.ColdMs is { } c ? c.ToString("N1", C) : "";
            string median = o.Histogram is null || o.MedianMs is not { } m ? "failed" : m.ToString("N1", C);
            string spread = o.Histogram is null ? "" : $"{o.WarmMs.Min().ToString("N1", C)} – {o.WarmMs.Max().ToString("N1", C)}";
            string rate = o.Histogram is null || o.MedianMs is not { } ms ? "" : (job.Throws / (ms / 1000)).ToString("N0", C);
            Console.WriteLine($"{o.Strategy,-14} {settings.Workers,7} {cold,10} {median,20} {spread,22} {rate,18}");
        }
        if (quota?.Limit.Cpus is not null)
        {
            Console.WriteLine();
            foreach (var o in outcomes.Where(o => o.Throttling.Skip(1).Any(t => t is not null)))
            {
                var timed = o.Throttling.Skip(1).OfType<CpuStat>().ToList();
                Console.WriteLine($"{o.Strategy}: throttled in {timed.Sum(t => t.ThrottledPeriods)} of {timed.Sum(t => t.Periods)} quota periods of the timed runs, "
                    + $"{timed.Sum(t => t.ThrottledMs).ToString("N1", C)} ms of its threads' time stopped");
            }
        }
        if (done.Count == 0)
            return;

        Console.WriteLine();
        int width = Math.Max(12, job.Throws.ToString("N0", C).Length + 1);
        Console.WriteLine($"{"sum",6} " + string.Concat(done.Select(o => o.Strategy.PadLeft(Math.Max(width, o.Strategy.Length + 1)))) + $"{"share",9}");
        foreach (var (sum, _) in done[0].Histogram!.Bins())
        {
            string counts = string.Concat(done.Select(o => o.Histogram![sum].ToString("N0", C).PadLeft(Math.Max(width, o.Strategy.Length + 1))));
            double share = 100.0 * done[0].Histogram![sum] / job.Throws;
            Console.WriteLine($"{sum,6} {counts}{share.ToString("0.000", C),7} %");
        }
        Console.WriteLine();
        Console.WriteLine(agree
            ? $"All {done.Count} strategies that finished agree: one histogram, {done[0].Histogram!.Total.ToString("N0", C)} throws, the same in every run."
            : "The strategies disagree: " + string.Join("; ", done.Where(o => !o.Histogram!.Equals(done[0].Histogram)).Select(o => $"{o.Strategy} differs from {done[0].Strategy}")) + ".");
        if (done.Count < outcomes.Count)
            Console.WriteLine($"{outcomes.Count - done.Count} strategies failed; see the messages above.");
        Console.WriteLine($"The cold run includes JIT compilation and first use; the median and spread are of the {settings.Repeat} run{(settings.Repeat == 1 ? "" : "s")} after it. A spread wider than the difference between two strategies means this machine cannot tell them apart in one run: use the study.");
    }

    /// <param name="ElapsedMs">The median of the timed runs after the cold one.</param>
    /// <param name="ProcessorCount">What <see cref="Environment.ProcessorCount"/> said in this process.</param>
    /// <param name="CpuQuota">The CPUs its cgroup's quota allows; null with no quota.</param>
    /// <param name="Throttling">What the cgroup's cpu.stat counted during each timed run; null where there is no cgroup to read.</param>
    /// <param name="Worker">How its worker processes started (<c>dll</c>, <c>apphost</c>, <c>aot</c>); null for a strategy that starts none.</param>
    internal sealed record RunRecord(string Strategy, int Workers, long Throws, int Dice, int Sides, ulong Seed, string Kernel, double ElapsedMs, double ColdMs, IReadOnlyList<double> RunsMs,
        Dictionary<int, long> Histogram, int ProcessorCount, double? CpuQuota, IReadOnlyList<CpuStat?>? Throttling, string? Worker);
}
