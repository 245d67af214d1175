using System.Diagnostics;
using System.Globalization;
using DiceOffload.Tests.Commands;
using DiceOffload.Tests.Strategies;

namespace DiceOffload.Tests.Study;

public sealed class InterruptTests
{
    [Theory]
    [InlineData("shared-memory", "TERM")]
    [InlineData("shared-memory", "INT")]
    [InlineData("process", "TERM")]
    [InlineData("process-pool", "INT")]
    public async Task Run_Interrupted_StopsWorkersDeletesFilesAndExits130(string strategy, string signal)
    {
        string marker = Guid.NewGuid().ToString("N");
        string temp = Directory.CreateTempSubdirectory("dice-interrupt-").FullName;
        // two workers whatever the cores: the wait below counts the bench process and its workers
        var startInfo = BenchProcess.InterruptibleStartInfo("run", "--strategy", strategy, "--throws", "1e11", "--workers", "2");
        startInfo.Environment[ChildProcesses.MarkerVariable] = marker;
        startInfo.Environment["TMPDIR"] = temp;
        Process? bench = null;
        try
        {
            bench = Process.Start(startInfo)!;
            var stderr = bench.StandardError.ReadToEndAsync();
            var stdout = bench.StandardOutput.ReadToEndAsync();
            // wait until the workers are running, so the signal interrupts a job in progress
            await WaitForAsync(() => ChildProcesses.WithMarker(marker).Count >= 3, "the run never started its workers");

            await SignalAsync(bench.Id, signal);
            await bench.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal(130, bench.ExitCode);
            Assert.Contains("interrupted", await stderr, StringComparison.Ordinal);
            _ = await stdout;
            await ChildProcesses.AssertNoneAliveAsync(marker);
            // the strategies' folders and maps must be gone; the runtime's own diagnostic pipes go too when a worker ends
            // cleanly on its closed stdin, but a worker still starting when the signal came is killed and leaves them
            Assert.Empty(Directory.EnumerateFileSystemEntries(temp, "dice-offload-*"));
            Assert.Empty(Directory.EnumerateFiles(temp, "*.map", SearchOption.AllDirectories));
        }
        finally
        {
            // a failed assertion before the signal must not leave a 10^11-throw job running
            StopTree(bench);
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public async Task Study_Interrupted_StopsBenchmarkProcessesAndWorkersAndDeletesItsMaps()
    {
        string marker = Guid.NewGuid().ToString("N");
        string temp = Directory.CreateTempSubdirectory("dice-study-interrupt-").FullName;
        string tmp = Directory.CreateDirectory(Path.Combine(temp, "tmp")).FullName;
        var startInfo = BenchProcess.InterruptibleStartInfo("--job", "short", "--filter", "*Throughput.SharedMemory*", "--artifacts", Path.Combine(temp, "artifacts"));
        startInfo.WorkingDirectory = RepositoryRoot();
        startInfo.Environment[ChildProcesses.MarkerVariable] = marker;
        startInfo.Environment["TMPDIR"] = tmp;
        Process? bench = null;
        try
        {
            bench = Process.Start(startInfo)!;
            var stderr = bench.StandardError.ReadToEndAsync();
            var stdout = bench.StandardOutput.ReadToEndAsync();
            // a shared-memory worker holds its map open in the study's temporary folder; before its first job the study
            // builds BenchmarkDotNet's benchmark program (half a minute on two idle cores, minutes when both are busy)
            if (!await WaitUntilAsync(() => Directory.EnumerateFiles(tmp, "histogram.map", SearchOption.AllDirectories).Any(), TimeSpan.FromMinutes(10)))
            {
                // killed, not disposed: its output is read to the end first, for the failure to show
                bench.Kill(entireProcessTree: true);
                string printed = await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromMinutes(1)) is var both ? string.Concat(both) : "";
                Assert.Fail($"the study never started a shared-memory job; it printed: {Tail(printed)}");
            }

            await SignalAsync(bench.Id, "INT");
            await bench.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            string output = await stdout + await stderr;

            Assert.NotEqual(0, bench.ExitCode);
            await ChildProcesses.AssertNoneAliveAsync(marker);
            // BenchmarkDotNet's build leaves the SDK's own scratch folders; the study's maps and folders must be gone
            Assert.Empty(Directory.EnumerateFileSystemEntries(tmp, "dice-offload-*", SearchOption.AllDirectories));
            Assert.Empty(Directory.EnumerateFiles(tmp, "*.map", SearchOption.AllDirectories));
            Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
            // nor may BenchmarkDotNet's generated benchmark project, which it deletes only at the end of a run
            Assert.Empty(Directory.EnumerateDirectories(AppContext.BaseDirectory, "Bench-StudyShort-*"));
        }
        finally
        {
            StopTree(bench);
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public async Task Study_InterruptedInTheQuotaExperiment_RemovesItsCgroups()
    {
        string temp = Directory.CreateTempSubdirectory("dice-study-quota-interrupt-").FullName;
        var startInfo = BenchProcess.InterruptibleStartInfo("--job", "dry", "--filter", "*Quota*", "--artifacts", temp);
        startInfo.WorkingDirectory = RepositoryRoot();
        Process? bench = null;
        try
        {
            bench = Process.Start(startInfo)!;
            var stderr = bench.StandardError.ReadToEndAsync();
            var stdout = bench.StandardOutput.ReadToEndAsync();
            string prefix = $"dice-offload-quota-{bench.Id}-";
            string[] Groups() => [.. QuotaMounts.Where(Directory.Exists).SelectMany(d => Directory.EnumerateDirectories(d, prefix + "*"))];
            // a group exists while each job and server runs; a machine that cannot make one says so and ends
            bool inGroup = await WaitUntilAsync(() => Groups().Length > 0 || bench.HasExited, TimeSpan.FromMinutes(2)) && !bench.HasExited;
            if (!inGroup)
            {
                await bench.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
                Assert.Contains("quota: skipped: ", await stdout, StringComparison.Ordinal);
                return;
            }

            await SignalAsync(bench.Id, "INT");
            await bench.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            string output = await stdout + await stderr;

            Assert.NotEqual(0, bench.ExitCode);
            Assert.True(Groups().Length == 0, $"cgroups left behind: {string.Join(", ", Groups())}; {Tail(output)}");
            Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        }
        finally
        {
            StopTree(bench);
            Directory.Delete(temp, recursive: true);
        }
    }

    private static readonly string[] QuotaMounts = ["/sys/fs/cgroup/cpu", "/sys/fs/cgroup"];

    [Fact]
    public async Task Study_InterruptedWhilePublishing_LeavesNoStagingFolder()
    {
        string temp = Directory.CreateTempSubdirectory("dice-study-publish-interrupt-").FullName;
        string machines = Path.Combine(temp, "results", "machines");
        var startInfo = BenchProcess.InterruptibleStartInfo("--job", "dry", "--results", Path.Combine(temp, "results"), "--machine", "interrupted-box");
        startInfo.WorkingDirectory = RepositoryRoot();
        Process? bench = null;
        try
        {
            bench = Process.Start(startInfo)!;
            var stderr = bench.StandardError.ReadToEndAsync();
            var stdout = bench.StandardOutput.ReadToEndAsync();
            // BenchmarkDotNet writes its log into the staging folder once it starts
            await WaitForAsync(
                () => Directory.Exists(machines) && Directory.EnumerateFiles(machines, "*.log", SearchOption.AllDirectories).Any(),
                "the study never started writing into its staging folder",
                TimeSpan.FromMinutes(2));

            await SignalAsync(bench.Id, "TERM");
            await bench.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            string output = await stdout + await stderr;

            Assert.NotEqual(0, bench.ExitCode);
            // the run created machines/, and nothing of it may stay: no staging folder, no half-published machine
            Assert.False(Directory.Exists(machines), $"left behind: {string.Join(", ", Directory.Exists(machines) ? Directory.EnumerateFileSystemEntries(machines) : [])}");
            Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        }
        finally
        {
            StopTree(bench);
            Directory.Delete(temp, recursive: true);
        }
    }

    private static void StopTree(Process? process)
    {
        if (process is null)
            return;
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it exited between the check and the kill
        }
        process.Dispose();
    }

    private static async Task WaitForAsync(Func<bool> condition, string failure, TimeSpan? limit = null) =>
        Assert.True(await WaitUntilAsync(condition, limit ?? TimeSpan.FromSeconds(30)), failure);

    // true once the condition holds, false when the limit passed first
    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed >= limit)
                return false;
            await Task.Delay(100);
        }
        return true;
    }

    // the last lines a stopped program printed, for a failure message
    private static string Tail(string output) => string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(12));

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bench.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Bench.sln not found above the test's folder.");
    }
}
