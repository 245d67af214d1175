using System.Globalization;

namespace DiceOffload.Cgroups;

/// <summary>The cgroup interface a CPU limit lives in: v1's <c>cpu</c> controller or the unified v2 hierarchy.</summary>
public enum CgroupVersion
{
    V1 = 1,
    V2 = 2,
}

/// <summary>A CPU limit: the CPUs the quota allows per period (null: no quota), and the period.</summary>
public sealed record CpuLimit(double? Cpus, long PeriodUs)
{
    /// <summary>The kernel's default period, 100 ms, which Kubernetes and podman use.</summary>
    public const long DefaultPeriodUs = 100_000;

    public override string ToString() => Cpus is { } cpus
        ? $"{cpus.ToString("0.###", CultureInfo.InvariantCulture)} CPUs per {(PeriodUs / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)} ms period"
        : "no quota";
}

/// <summary>
/// What <c>cpu.stat</c> counts: the periods in which the group ran, those in which it spent its quota and was stopped,
/// and the time its threads spent stopped. v1 gives the time in nanoseconds, v2 in microseconds.
/// </summary>
public sealed record CpuStat(long Periods, long ThrottledPeriods, double ThrottledMs)
{
    /// <summary>What was counted between <paramref name="before"/> and this reading.</summary>
    public CpuStat Since(CpuStat before) => new(Periods - before.Periods, ThrottledPeriods - before.ThrottledPeriods, Math.Round(ThrottledMs - before.ThrottledMs, 3));
}

/// <summary>
/// One cgroup's CPU files: the quota (<c>cpu.cfs_quota_us</c> and <c>cpu.cfs_period_us</c> in v1, <c>cpu.max</c> in v2)
/// and <c>cpu.stat</c>. <see cref="Own"/> finds the one this process runs in, as the .NET runtime does when it decides
/// <see cref="Environment.ProcessorCount"/>: the process's path in <c>/proc/self/cgroup</c> under the controller's mount
/// in <c>/proc/self/mountinfo</c>.
/// </summary>
/// <param name="Folder">The group's folder, e.g. <c>/sys/fs/cgroup/cpu/NAME</c> (v1) or <c>/sys/fs/cgroup/NAME</c> (v2).</param>
public sealed record CpuCgroup(CgroupVersion Version, string Folder)
{
    /// <summary>The group this process runs in; null where there is none to read (not Linux, no cpu controller mounted).</summary>
    /// <param name="root">The file system's root: <c>/</c>, or a folder of fixture files.</param>
    public static CpuCgroup? Own(string root = "/")
    {
        string cgroupFile = Under(root, "/proc/self/cgroup");
        string mountinfoFile = Under(root, "/proc/self/mountinfo");
        if (!File.Exists(cgroupFile) || !File.Exists(mountinfoFile))
            return null;
        string[] memberships = File.ReadAllLines(cgroupFile);
        var mount = Mount(File.ReadAllLines(mountinfoFile));
        if (mount is null)
            return null;
        // v1: "N:cpu,cpuacct:/path"; v2: "0::/path"
        string? path = memberships.Select(l => l.Split(':', 3)).Where(p => p.Length == 3)
            .FirstOrDefault(p => mount.Version == CgroupVersion.V2 ? p[0] == "0" && p[1] == "" : p[1].Split(',').Contains("cpu"))?[2];
        if (path is null)
            return null;
        // the path is relative to the hierarchy's root; the mount shows the hierarchy from its own root down
        string relative = path.StartsWith(mount.HierarchyRoot, StringComparison.Ordinal) ? path[mount.HierarchyRoot.Length..] : path;
        string folder = Under(root, mount.MountPoint.TrimEnd('/') + "/" + relative.TrimStart('/')).TrimEnd('/');
        // in a container that shares the host's cgroup namespace the path names a host folder that is not mounted
        // here: the mount's own top is the container's group
        if (!File.Exists(Path.Combine(folder, LimitFile(mount.Version))))
            folder = Under(root, mount.MountPoint);
        return File.Exists(Path.Combine(folder, LimitFile(mount.Version))) ? new CpuCgroup(mount.Version, folder) : null;
    }

    /// <summary>The file system's cpu controller mount: v1's <c>cpu</c> where it is mounted (a hybrid host's v2 mount
    /// then holds no cpu controller), else the v2 hierarchy.</summary>
    public static CgroupMount? Mount(IEnumerable<string> mountinfo)
    {
        CgroupMount? v2 = null;
        foreach (string line in mountinfo)
        {
            // "36 35 98:0 /root /mount/point rw,... master:1 - cgroup cgroup rw,cpu,cpuacct"
            string[] halves = line.Split(" - ", 2);
            if (halves.Length != 2)
                continue;
            string[] fields = halves[0].Split(' ');
            string[] tail = halves[1].Split(' ');
            if (fields.Length < 5 || tail.Length < 3)
                continue;
            string hierarchyRoot = Unescape(fields[3]), mountPoint = Unescape(fields[4]);
            if (tail[0] == "cgroup" && tail[2].Split(',').Contains("cpu"))
                return new CgroupMount(CgroupVersion.V1, mountPoint, hierarchyRoot);
            if (tail[0] == "cgroup2")
                v2 ??= new CgroupMount(CgroupVersion.V2, mountPoint, hierarchyRoot);
        }
        return v2;
    }

    public string LimitPath => Path.Combine(Folder, LimitFile(Version));

    public string StatPath => Path.Combine(Folder, "cpu.stat");

    /// <summary>The file a process is moved into the group through (its pid written to it).</summary>
    public string ProcsPath => Path.Combine(Folder, "cgroup.procs");

    /// <exception cref="IOException">The files are missing or unreadable.</exception>
    /// <exception cref="FormatException">They do not hold what the kernel writes.</exception>
    public CpuLimit ReadLimit() => Version == CgroupVersion.V2
        ? ParseCpuMax(File.ReadAllText(LimitPath))
        : ParseV1Limit(File.ReadAllText(LimitPath), File.ReadAllText(Path.Combine(Folder, "cpu.cfs_period_us")));

    /// <inheritdoc cref="ReadLimit"/>
    public CpuStat ReadStat() => ParseStat(File.ReadAllText(StatPath), Version);

    /// <summary>v2's <c>cpu.max</c>: "quota period", the quota <c>max</c> when there is none.</summary>
    public static CpuLimit ParseCpuMax(string text)
    {
        string[] parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long period) || period <= 0)
            throw new FormatException($"cpu.max should be 'quota period' or 'max period'; it holds '{text.Trim()}'.");
        if (parts[0] == "max")
            return new CpuLimit(null, period);
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long quota) || quota <= 0)
            throw new FormatException($"cpu.max's quota should be 'max' or a positive number of microseconds; it is '{parts[0]}'.");
        return new CpuLimit((double)quota / period, period);
    }

    /// <summary>v1's <c>cpu.cfs_quota_us</c> (−1 when there is none) and <c>cpu.cfs_period_us</c>.</summary>
    public static CpuLimit ParseV1Limit(string quotaText, string periodText)
    {
        if (!long.TryParse(periodText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long period) || period <= 0)
            throw new FormatException($"cpu.cfs_period_us should be a positive number of microseconds; it holds '{periodText.Trim()}'.");
        if (!long.TryParse(quotaText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long quota) || quota == 0 || quota < -1)
            throw new FormatException($"cpu.cfs_quota_us should be -1 or a positive number of microseconds; it holds '{quotaText.Trim()}'.");
        return new CpuLimit(quota < 0 ? null : (double)quota / period, period);
    }

    /// <summary><c>cpu.stat</c>'s throttling lines; the time is <c>throttled_time</c> in ns (v1) or <c>throttled_usec</c> (v2).</summary>
    public static CpuStat ParseStat(string text, CgroupVersion version)
    {
        var values = new Dictionary<string, long>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                values[parts[0]] = value;
        }
        string timeKey = version == CgroupVersion.V2 ? "throttled_usec" : "throttled_time";
        foreach (string key in new[] { "nr_periods", "nr_throttled", timeKey })
        {
            if (!values.ContainsKey(key))
                throw new FormatException($"cpu.stat has no {key} line.");
        }
        double ms = version == CgroupVersion.V2 ? values[timeKey] / 1000.0 : values[timeKey] / 1_000_000.0;
        return new CpuStat(values["nr_periods"], values["nr_throttled"], Math.Round(ms, 3));
    }

    public static string LimitFile(CgroupVersion version) => version == CgroupVersion.V2 ? "cpu.max" : "cpu.cfs_quota_us";

    /// <summary><paramref name="absolute"/> under <paramref name="root"/>: itself when the root is <c>/</c>.</summary>
    public static string Under(string root, string absolute) => root is "/" or "" ? absolute : Path.Combine(root, absolute.TrimStart('/'));

    // mountinfo escapes a space, tab, newline and backslash in a path as \040, \011, \012, \134
    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}

/// <summary>Where a cgroup hierarchy is mounted, and which of its folders the mount shows at its top.</summary>
public sealed record CgroupMount(CgroupVersion Version, string MountPoint, string HierarchyRoot);
