using System.Diagnostics;
using DiceOffload.Processes;

namespace DiceOffload.Bench.Study;

/// <summary>Builds the NativeAOT worker that the WorkerStartup benchmark starts, or brings it up to date.</summary>
public static class AotWorker
{
    /// <summary>
    /// Runs <see cref="WorkerLaunch.AotBuildCommand"/> in <paramref name="root"/>, with the build's output shown as it
    /// comes; always, because a worker built before the last change would be measured stale (an up-to-date build takes
    /// a few seconds). Returns null on success, else one line that says what failed.
    /// </summary>
    public static async Task<string?> EnsureBuiltAsync(string root, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync($"study: building the NativeAOT worker: {WorkerLaunch.AotBuildCommand}");
        var startInfo = new ProcessStartInfo(WorkerLaunch.DotnetHostPath()) { WorkingDirectory = root, UseShellExecute = false };
        foreach (string argument in WorkerLaunch.AotBuildCommand.Split(' ')[1..])
            startInfo.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        try
        {
            using var build = Process.Start(startInfo)!;
            await build.WaitForExitAsync();
            if (build.ExitCode != 0)
                return $"the NativeAOT worker could not be built: '{WorkerLaunch.AotBuildCommand}' in {root} exited with code {build.ExitCode} (its output is above).";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"the NativeAOT worker could not be built: '{WorkerLaunch.AotBuildCommand}' could not be started: {ex.Message}";
        }
        if (!File.Exists(WorkerLaunch.AotPathUnder(root)))
            return $"'{WorkerLaunch.AotBuildCommand}' succeeded but {WorkerLaunch.AotPathUnder(root)} does not exist.";
        await output.WriteLineAsync($"study: the NativeAOT worker was built in {clock.Elapsed.TotalSeconds:0.0} s.");
        return null;
    }
}
