using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using DiceOffload.Processes;
using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Study;

/// <summary>What the study records of the machine it runs on (<see cref="MachineRecord"/>), read from the operating
/// system and the runtime, and how this program was installed (<see cref="BundleFile"/>).</summary>
public static class MachineInfo
{
    /// <summary>The file a portable bundle puts beside the program: its kind and the commit it was built from.</summary>
    public const string BundleFile = "bundle.json";

    /// <summary>This machine as the study records it.</summary>
    public static MachineRecord Current(string? name, string toolchain, string job, DateTimeOffset startedUtc)
    {
        string cpu = CpuModel();
        int online = OnlineProcessorCount() ?? Environment.ProcessorCount;
        int usable = Environment.ProcessorCount;
        var (install, commit) = Install();
        long memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return new MachineRecord(MachineRecord.CurrentSchemaVersion, name ?? MachineRecord.DefaultName(cpu, usable, Math.Max(online, usable)), cpu,
            usable, Math.Max(online, usable), Affinity(), memory > 0 ? memory : null, RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription, toolchain, install, job, startedUtc, commit, DefaultWorkerForm());
    }

    /// <summary>How the process strategies start their workers by default here (<see cref="WorkerLaunch.FormName"/>); null where no worker is found.</summary>
    private static string? DefaultWorkerForm()
    {
        try
        {
            return WorkerLaunch.Default.FormName;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The name the study publishes this machine's results under when <c>--machine</c> is not given.</summary>
    public static string DefaultName()
    {
        int online = OnlineProcessorCount() ?? Environment.ProcessorCount;
        return MachineRecord.DefaultName(CpuModel(), Environment.ProcessorCount, Math.Max(online, Environment.ProcessorCount));
    }

    // "model name" (x86) or "Model"/"CPU part" are what Linux names; elsewhere the architecture is all there is
    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                {
                    int colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0 && line[..colon].Trim() is "model name" or "Model" && line[(colon + 1)..].Trim() is { Length: > 0 } model)
                        return model;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // fall through to the architecture
        }
        return $"{RuntimeInformation.ProcessArchitecture} CPU";
    }

    // /sys/devices/system/cpu/online: "0-15" or "0,2-3"; the cores the machine has, whatever this process may use
    private static int? OnlineProcessorCount()
    {
        try
        {
            const string path = "/sys/devices/system/cpu/online";
            if (!File.Exists(path))
                return null;
            int count = 0;
            foreach (string part in File.ReadAllText(path).Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] range = part.Split('-');
                int first = int.Parse(range[0], CultureInfo.InvariantCulture);
                int last = range.Length > 1 ? int.Parse(range[1], CultureInfo.InvariantCulture) : first;
                count += last - first + 1;
            }
            return count > 0 ? count : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }

    // the CPUs of the affinity mask as a list: "0", "0-1", "0,2"
    private static string? Affinity()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows())
            return null;
        try
        {
            using var self = Process.GetCurrentProcess();
            long mask = (long)self.ProcessorAffinity;
            var cpus = Enumerable.Range(0, 64).Where(i => (mask & (1L << i)) != 0).ToList();
            var ranges = new List<string>();
            for (int i = 0; i < cpus.Count;)
            {
                int j = i;
                while (j + 1 < cpus.Count && cpus[j + 1] == cpus[j] + 1)
                    j++;
                ranges.Add(i == j ? cpus[i].ToString(CultureInfo.InvariantCulture) : $"{cpus[i]}-{cpus[j]}");
                i = j + 1;
            }
            return ranges.Count > 0 ? string.Join(',', ranges) : null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or PlatformNotSupportedException)
        {
            return null;
        }
    }

    // the commit the program was built from, "+changes" when tracked files differ from it; null without git
    private static string? GitCommit(string root)
    {
        string? Git(params string[] arguments)
        {
            try
            {
                var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
                foreach (string argument in arguments)
                    start.ArgumentList.Add(argument);
                using var git = Process.Start(start);
                if (git is null)
                    return null;
                string output = git.StandardOutput.ReadToEnd();
                git.StandardError.ReadToEnd();
                if (!git.WaitForExit(10_000))
                {
                    git.Kill(entireProcessTree: true);
                    return null;
                }
                return git.ExitCode == 0 ? output.Trim() : null;
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
            {
                return null;
            }
        }
        if (Git("rev-parse", "--short", "HEAD") is not { Length: > 0 } commit)
            return null;
        return Git("status", "--porcelain", "--untracked-files=no") is { Length: > 0 } ? commit + "+changes" : commit;
    }

    // a bundle says what it is; otherwise the program was built from the repository with the SDK
    private static (string Install, string? Commit) Install()
    {
        string path = Path.Combine(AppContext.BaseDirectory, BundleFile);
        if (!File.Exists(path))
            return ("sdk", StudyPaths.RepositoryRoot() is { } root ? GitCommit(root) : null);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            string kind = root.TryGetProperty("kind", out var k) && k.GetString() is { Length: > 0 } text ? text : "unknown";
            string? commit = root.TryGetProperty("commit", out var c) ? c.GetString() : null;
            return ($"bundle ({kind})", commit);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return ("bundle (its bundle.json cannot be read)", null);
        }
    }
}
