using System.Diagnostics;
using DiceOffload.Processes;

namespace DiceOffload.Tests.Workload;

/// <summary>
/// The narrower paths of the vector kernel, run where the machine has a wider one: the worker is started under the
/// runtime's switches for instruction sets, says which path it took, and must roll this process's histogram.
/// </summary>
public sealed class VectorPathSwitchTests
{
    // The .NET 10 runtime reads DOTNET_EnableAVX512; the older DOTNET_EnableAVX512F no longer changes the path.
    private const string NoAvx512 = "DOTNET_EnableAVX512";
    private const string NoHardwareIntrinsics = "DOTNET_EnableHWIntrinsic";

    public static TheoryData<string?> Switches() => new() { null, NoAvx512, NoHardwareIntrinsics };

    [Theory]
    [MemberData(nameof(Switches))]
    public async Task Worker_UnderSwitch_TakesTheExpectedPath(string? switchedOff)
    {
        var expected = switchedOff switch
        {
            null => VectorDice.Path,
            NoAvx512 => VectorDice.IsSupported(VectorPath.Vector256) ? VectorPath.Vector256 : VectorPath.Scalar,
            _ => VectorPath.Scalar,
        };

        string output = await RunWorkerAsync(switchedOff, [WorkerProtocol.KernelInfoMode]);

        Assert.Equal(expected.ToString(), output.Trim());
    }

    [Theory]
    [MemberData(nameof(Switches))]
    public async Task Worker_UnderSwitch_RollsTheSameHistogramAsThisProcess(string? switchedOff)
    {
        foreach (var (dice, sides) in new[] { (2, 6), (3, 8), (5, 6) })
        {
            var job = new DiceJob((2 * DiceJob.ChunkSize) + 1001, dice, sides, seed: 77, DiceKernel.Vector);
            var expected = new long[job.BinCount];
            DiceRoller.RollChunks(job, 0, job.ChunkCount, expected);

            string output = await RunWorkerAsync(switchedOff, WorkerProtocol.RollArguments(job, 0, job.ChunkCount).Where(a => a is not ("--lifeline" or "stdin")));

            Assert.Equal(expected, WorkerProtocol.ReadHistogram(output, job, job.Throws));
        }
    }

    private static async Task<string> RunWorkerAsync(string? switchedOff, IEnumerable<string> arguments)
    {
        var worker = WorkerLaunch.Default;
        var start = new ProcessStartInfo(worker.FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in worker.PrefixArguments.Concat(arguments))
            start.ArgumentList.Add(argument);
        start.Environment.Remove(NoAvx512);
        start.Environment.Remove(NoHardwareIntrinsics);
        if (switchedOff is not null)
            start.Environment[switchedOff] = "0";
        using var process = Process.Start(start)!;
        // a worker that hangs fails the test after two minutes and is killed, rather than holding the test run
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"the worker exited with code {process.ExitCode}: {await error}");
            return await output;
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }
}
