using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DiceOffload.Processes;

namespace DiceOffload.Bench.Scenarios;

/// <summary>
/// The quota experiment's job in a real container: <c>podman run --cpus=N</c> of the project's image
/// (<c>containers/build.sh</c>), to show that a container's limit and the study's own cgroup agree. Used where podman
/// and the image are there; every container it starts is named, and removed on interrupt.
/// </summary>
internal static class QuotaContainers
{
    /// <summary>The image <c>containers/build.sh</c> makes.</summary>
    public const string Image = "localhost/dice-offload:latest";

    private static readonly ConcurrentDictionary<string, bool> LiveContainers = new();
    private static readonly string[] RemoveArguments = ["rm", "-f", "--time", "0"];
    private static readonly Lock Closing = new();
    private static bool s_closed;
    private static int s_count;
    private static IReadOnlyDictionary<string, string> s_environment = new Dictionary<string, string>();

    /// <summary>Whether podman is on the PATH at all (the plan counts its runs then).</summary>
    public static bool MayRun => ProgramsOnPath.Find("podman") is not null;

    /// <summary>podman's path and the variables it runs with; null and why not where it cannot run the image.</summary>
    /// <param name="settings">The repository's <c>containers/containers.conf</c> (podman's settings for these machines:
    /// runc, cgroupfs), used unless <c>CONTAINERS_CONF</c> names other settings; null where there is none.</param>
    public static async Task<(string? Podman, IReadOnlyDictionary<string, string> Environment, string? Why)> FindAsync(string? settings, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>();
        if (ProgramsOnPath.Find("podman") is not { } podman)
            return (null, environment, "podman is not on the PATH");
        if (Environment.GetEnvironmentVariable("CONTAINERS_CONF") is null && settings is not null && File.Exists(settings))
            environment["CONTAINERS_CONF"] = settings;
        s_environment = environment;
        using var exists = WorkerProcess.Start(new WorkerLaunch(podman, [], environment), ["image", "exists", Image], "podman");
        var exit = await exists.WaitAsync(cancellationToken);
        return exit.ExitCode == 0 ? (podman, environment, null) : (null, environment, $"the image {Image} is not there (bash containers/build.sh makes it)");
    }

    /// <summary>Runs <c>podman run --rm --cpus</c> of the image with <paramref name="arguments"/>; the container is removed on interrupt.</summary>
    public static async Task<WorkerExit> RunAsync(string podman, IReadOnlyDictionary<string, string> environment, double cpus, IReadOnlyDictionary<string, string>? variables,
        IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        string name = $"dice-offload-quota-{Environment.ProcessId}-{Interlocked.Increment(ref s_count)}";
        lock (Closing)
        {
            if (s_closed)
                throw new OperationCanceledException("the study is stopping: no more containers are started.");
            LiveContainers[name] = true;
        }
        try
        {
            string[] command = ["run", "--rm", "--name", name, "--cpus", cpus.ToString("0.###", CultureInfo.InvariantCulture),
                .. (variables ?? new Dictionary<string, string>()).SelectMany(v => new[] { "-e", $"{v.Key}={v.Value}" }), Image, .. arguments];
            using var process = WorkerProcess.Start(new WorkerLaunch(podman, [], environment), command, "podman");
            return await process.WaitAsync(cancellationToken);
        }
        finally
        {
            LiveContainers.TryRemove(name, out _);
        }
    }

    /// <summary>Removes every container started and not yet gone (an interrupted study: killing podman's client leaves
    /// the container), and starts no more.</summary>
    public static void Close()
    {
        lock (Closing)
            s_closed = true;
        if (LiveContainers.IsEmpty || ProgramsOnPath.Find("podman") is not { } podman)
            return;
        var start = new ProcessStartInfo(podman) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in RemoveArguments.Concat(LiveContainers.Keys))
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in s_environment)
            start.Environment[key] = value;
        try
        {
            using var process = Process.Start(start);
            process?.WaitForExit(TimeSpan.FromSeconds(20));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // podman went away: nothing it started can be removed by it
        }
        LiveContainers.Clear();
    }
}
