using System.Text;
using DiceOffload.Processes;

namespace DiceOffload.Tests.Strategies;

/// <summary>Finds processes by a marker in their environment, which their own children inherit too.</summary>
internal static class ChildProcesses
{
    public const string MarkerVariable = "DICE_TEST_MARKER";

    /// <summary><paramref name="command"/> with <paramref name="marker"/> in its environment, so that its processes can be found.</summary>
    public static WorkerLaunch Marked(WorkerLaunch command, string marker) =>
        command with { Environment = new Dictionary<string, string> { [MarkerVariable] = marker } };

    /// <summary>A fake worker: <paramref name="script"/> run by sh, with the worker's arguments as <c>$1</c>, <c>$2</c>, …</summary>
    public static WorkerLaunch ShellWorker(string script) => new("/bin/sh", ["-c", script, "fake-worker"]);

    /// <summary>The ids of live processes whose environment holds <paramref name="marker"/> (Linux: reads /proc).</summary>
    public static IReadOnlyList<int> WithMarker(string marker)
    {
        byte[] needle = Encoding.UTF8.GetBytes($"{MarkerVariable}={marker}\0");
        var found = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == Environment.ProcessId)
                continue;
            try
            {
                byte[] environment = File.ReadAllBytes(Path.Combine(dir, "environ"));
                if (environment.AsSpan().IndexOf(needle) >= 0 && !IsZombie(dir))
                    found.Add(pid);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // the process ended while we looked
            }
        }
        return found;
    }

    private static bool IsZombie(string procDir)
    {
        string stat = File.ReadAllText(Path.Combine(procDir, "stat"));
        int afterName = stat.LastIndexOf(')');
        return afterName > 0 && stat.Length > afterName + 2 && stat[afterName + 2] is 'Z' or 'X';
    }

    /// <summary>Waits a little for processes that are being killed, then fails if any with the marker is still alive.</summary>
    /// <param name="except">Processes that may live on (a pool's idle workers); the failure names the others.</param>
    public static async Task AssertNoneAliveAsync(string marker, IReadOnlySet<int>? except = null, string failure = "worker processes still alive")
    {
        List<int> Alive() => [.. WithMarker(marker).Where(pid => except?.Contains(pid) != true)];
        var alive = Alive();
        for (int attempt = 0; attempt < 50 && alive.Count > 0; attempt++)
        {
            await Task.Delay(100);
            alive = Alive();
        }
        Assert.True(alive.Count == 0, $"{failure}: {string.Join(", ", alive)}");
    }
}
