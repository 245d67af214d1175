using System.Globalization;
using BenchmarkDotNet.EventProcessors;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Study;

/// <summary>
/// Calibrates the machine before and after each benchmark class: the scalar loop's time per throw on the study's own
/// thread, the hypervisor's steal time since the previous check, and the clock the kernel reports. The report compares
/// them, so that a host that slowed down or was taken CPU time from during the run says so beside its figures.
/// </summary>
public sealed class MachineHealth : EventProcessor
{
    private readonly List<HealthCheck> _checks = [];
    private (long Steal, long Total)? _lastStat = ReadStat();

    public IReadOnlyList<HealthCheck> Checks => _checks;

    public override void OnStartRunBenchmarksInType(Type type, IReadOnlyList<BenchmarkCase> benchmarks) => Check(type.Name, "before");

    public override void OnEndRunBenchmarksInType(Type type, Summary summary) => Check(type.Name, "after");

    /// <summary>Takes one calibration beside <paramref name="phase"/>.</summary>
    public void Check(string phase, string when)
    {
        double nsPerThrow = LoopCalibration.NanosecondsPerThrow();
        var stat = ReadStat();
        double? steal = StealPercent(_lastStat, stat);
        _lastStat = stat;
        _checks.Add(new HealthCheck(phase, when, DateTime.UtcNow, nsPerThrow, steal, ReadCpuMhz()));
    }

    /// <summary>The share of the CPU time between two <c>/proc/stat</c> readings that went to steal, in percent; null
    /// when either is missing or no time passed.</summary>
    public static double? StealPercent((long Steal, long Total)? before, (long Steal, long Total)? after) =>
        before is { } b && after is { } a && a.Total > b.Total ? 100.0 * (a.Steal - b.Steal) / (a.Total - b.Total) : null;

    /// <summary>The steal column and the sum of all columns of <c>/proc/stat</c>'s <c>cpu</c> line; null when it cannot be read.</summary>
    public static (long Steal, long Total)? ParseStat(string cpuLine)
    {
        string[] fields = cpuLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 9 || fields[0] != "cpu")
            return null;
        long[] values = new long[fields.Length - 1];
        for (int i = 1; i < fields.Length; i++)
            if (!long.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i - 1]))
                return null;
        // user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is already counted in user
        return (values[7], values.Take(8).Sum());
    }

    private static (long Steal, long Total)? ReadStat()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            return reader.ReadLine() is { } line ? ParseStat(line) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double? ReadCpuMhz()
    {
        try
        {
            var mhz = File.ReadLines("/proc/cpuinfo")
                .Where(l => l.StartsWith("cpu MHz", StringComparison.Ordinal))
                .Select(l => double.TryParse(l[(l.IndexOf(':') + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN)
                .Where(double.IsFinite)
                .ToList();
            return mhz.Count > 0 ? mhz.Average() : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
