using System.Collections.Concurrent;
using System.Globalization;

namespace DiceOffload.Cgroups;

/// <summary>A cgroup cannot be made here: the one line says why (not root, no cpu controller, the kernel refused).</summary>
public sealed class CgroupUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A cgroup of its own with a CPU quota, made under the cpu controller's top (v1's <c>cpu</c> mount, or the v2
/// hierarchy with the cpu controller enabled for its children), and removed on <see cref="Dispose"/>: whatever still
/// runs in it is killed first. A process enters it before it starts through <see cref="Enter"/>, so the runtime reads
/// the quota when it decides <see cref="Environment.ProcessorCount"/>. Every group made and not yet removed is in
/// <see cref="Live"/>, so that an interrupted program removes them all, and makes no more, with <see cref="Close"/>.
/// </summary>
public sealed class QuotaGroup : IDisposable
{
    private static readonly ConcurrentDictionary<string, QuotaGroup> LiveGroups = new();
    // held while a group is made and while RemoveAll closes: a group is either in LiveGroups when RemoveAll looks, or never made
    private static readonly Lock Closing = new();
    private static bool s_closed;
    private int _removed;

    private QuotaGroup(CpuCgroup files, CpuLimit limit)
    {
        Files = files;
        Limit = limit;
    }

    public CpuCgroup Files { get; }

    public CpuLimit Limit { get; }

    public static IReadOnlyCollection<QuotaGroup> Live => [.. LiveGroups.Values];

    /// <summary>
    /// The command that runs a program inside this group: a shell that writes its own pid into the group, then becomes
    /// the program (<c>exec</c>), so that the program starts, and every process it starts is born, inside.
    /// </summary>
    public IReadOnlyList<string> Enter(string program, IEnumerable<string> arguments) =>
        ["/bin/sh", "-c", "echo $$ > \"$1\" && shift && exec \"$@\"", "sh", Files.ProcsPath, program, .. arguments];

    /// <summary>Makes a group named <paramref name="name"/> allowed <paramref name="cpus"/> CPUs per 100 ms period.</summary>
    /// <param name="root">The file system's root: <c>/</c>, or a folder of fixture files.</param>
    /// <exception cref="CgroupUnavailableException">Not root, no cpu controller, or the kernel refused; the message is one line.</exception>
    public static QuotaGroup Create(string name, double cpus, string root = "/", bool requireRoot = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cpus);
        if (!OperatingSystem.IsLinux())
            throw new CgroupUnavailableException("CPU quotas are cgroups, a Linux feature; this is not Linux.");
        if (requireRoot && EffectiveUserId() is { } uid && uid != 0)
            throw new CgroupUnavailableException($"making a cgroup needs root; this runs as user {uid}.");
        string mountinfo = CpuCgroup.Under(root, "/proc/self/mountinfo");
        var mount = File.Exists(mountinfo) ? CpuCgroup.Mount(File.ReadAllLines(mountinfo)) : null;
        if (mount is null)
            throw new CgroupUnavailableException("no cgroup hierarchy with a cpu controller is mounted (/proc/self/mountinfo names none).");
        string top = CpuCgroup.Under(root, mount.MountPoint);
        if (mount.Version == CgroupVersion.V2)
            EnableCpuForChildren(top);
        string folder = Path.Combine(top, name);
        long period = CpuLimit.DefaultPeriodUs;
        long quota = (long)Math.Round(cpus * period);
        var files = new CpuCgroup(mount.Version, folder);
        var group = new QuotaGroup(files, new CpuLimit((double)quota / period, period));
        lock (Closing)
        {
            if (s_closed)
                throw new CgroupUnavailableException("the program is stopping: no more cgroups are made.");
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CgroupUnavailableException($"cannot make the cgroup {folder}: {ex.Message}", ex);
            }
            LiveGroups[folder] = group;
        }
        try
        {
            string q = quota.ToString(CultureInfo.InvariantCulture), p = period.ToString(CultureInfo.InvariantCulture);
            if (mount.Version == CgroupVersion.V2)
            {
                File.WriteAllText(files.LimitPath, $"{q} {p}");
            }
            else
            {
                File.WriteAllText(Path.Combine(folder, "cpu.cfs_period_us"), p);
                File.WriteAllText(files.LimitPath, q);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            group.Dispose();
            throw new CgroupUnavailableException($"cannot set the quota of {folder}: {ex.Message}", ex);
        }
        return group;
    }

    /// <summary>v2 hands a controller to a group's children only when the parent's subtree_control lists it.</summary>
    private static void EnableCpuForChildren(string top)
    {
        string controllers = Path.Combine(top, "cgroup.controllers"), subtree = Path.Combine(top, "cgroup.subtree_control");
        if (!File.Exists(controllers) || !File.ReadAllText(controllers).Split(' ', '\n').Contains("cpu"))
            throw new CgroupUnavailableException($"the cgroup v2 hierarchy at {top} has no cpu controller ({controllers} does not list it).");
        try
        {
            if (!File.Exists(subtree) || !File.ReadAllText(subtree).Split(' ', '\n').Contains("cpu"))
                File.WriteAllText(subtree, "+cpu");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CgroupUnavailableException($"cannot hand the cpu controller to new cgroups ({subtree}): {ex.Message}", ex);
        }
    }

    /// <summary>The effective user id from <c>/proc/self/status</c>; null where it cannot be read.</summary>
    public static int? EffectiveUserId()
    {
        const string status = "/proc/self/status";
        string? line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal)) : null;
        string[] ids = line?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) ?? [];
        return ids.Length > 2 && int.TryParse(ids[2], NumberStyles.None, CultureInfo.InvariantCulture, out int uid) ? uid : null;
    }

    /// <summary>The pids in the group now.</summary>
    public IReadOnlyList<int> Processes()
    {
        if (!File.Exists(Files.ProcsPath))
            return [];
        return [.. File.ReadAllLines(Files.ProcsPath).Select(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : 0).Where(pid => pid > 0)];
    }

    /// <summary>How long <see cref="Dispose"/> keeps trying to empty and remove the group.</summary>
    private static readonly TimeSpan RemoveLimit = TimeSpan.FromSeconds(5);

    /// <summary>Kills what still runs in the group, waits for it to be empty and removes it, trying for up to 5 s.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _removed, 1) != 0)
            return;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var pids = Processes();
            if (pids.Count == 0 || clock.Elapsed > RemoveLimit)
                break;
            foreach (int pid in pids)
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill(entireProcessTree: true);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // gone already
                }
            }
            Thread.Sleep(20);
        }
        // a group whose last process has just been killed can refuse rmdir (EBUSY) until the kernel has finished that
        // process's exit: on a loaded machine that outlasted a single try and left the group behind
        while (true)
        {
            try
            {
                // a cgroup's folder goes with rmdir alone (its files are the kernel's); a fixture's files go first
                if (Directory.Exists(Files.Folder))
                {
                    if (!Files.Folder.StartsWith("/sys/", StringComparison.Ordinal))
                    {
                        foreach (string file in Directory.EnumerateFiles(Files.Folder))
                            File.Delete(file);
                    }
                    Directory.Delete(Files.Folder);
                }
                break;
            }
            catch (IOException) when (clock.Elapsed < RemoveLimit)
            {
                Thread.Sleep(20);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"could not remove the cgroup {Files.Folder}: {ex.Message}");
                break;
            }
        }
        LiveGroups.TryRemove(Files.Folder, out _);
    }

    /// <summary>Removes every group made and not yet removed.</summary>
    public static void RemoveAll()
    {
        foreach (var group in LiveGroups.Values)
            group.Dispose();
    }

    /// <summary>Makes no more groups and removes every one made: the program is stopping (interrupted), and a group made
    /// after the removal would outlive it.</summary>
    public static void Close()
    {
        lock (Closing)
            s_closed = true;
        RemoveAll();
    }
}
