using System.Diagnostics;
using DiceOffload.Tests.Strategies;

namespace DiceOffload.Tests.Commands;

public sealed class InterruptTests
{
    [Theory]
    [InlineData("shared-memory")]
    [InlineData("process")]
    public async Task Run_Terminated_StopsWorkersDeletesFilesAndExits130(string strategy)
    {
        string marker = Guid.NewGuid().ToString("N");
        string temp = Directory.CreateTempSubdirectory("dice-interrupt-").FullName;
        var startInfo = BenchProcess.StartInfo("run", "--strategy", strategy, "--throws", "1e11");
        startInfo.Environment[ChildProcesses.MarkerVariable] = marker;
        startInfo.Environment["TMPDIR"] = temp;
        try
        {
            using var bench = Process.Start(startInfo)!;
            var stderr = bench.StandardError.ReadToEndAsync();
            var stdout = bench.StandardOutput.ReadToEndAsync();
            // wait until the workers are running, so the signal interrupts a job in progress
            for (int i = 0; i < 300 && ChildProcesses.WithMarker(marker).Count < 3; i++)
                await Task.Delay(100);
            Assert.True(ChildProcesses.WithMarker(marker).Count >= 3, "the run never started its workers");

            using (var kill = Process.Start("kill", ["-TERM", bench.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            await bench.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal(130, bench.ExitCode);
            Assert.Contains("interrupted", await stderr, StringComparison.Ordinal);
            _ = await stdout;
            await ChildProcesses.AssertNoneAliveAsync(marker);
            // the runtime's own diagnostic pipes may stay behind; the strategy's private folders must not
            Assert.Empty(Directory.EnumerateFileSystemEntries(temp, "dice-offload-*"));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
