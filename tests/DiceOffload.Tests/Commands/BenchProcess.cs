using System.Diagnostics;

namespace DiceOffload.Tests.Commands;

/// <summary>Runs the bench program as a user would, in its own process, and collects what it printed.</summary>
internal static class BenchProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>How to start the bench program with <paramref name="arguments"/>, output redirected.</summary>
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(DiceOffload.Processes.WorkerLaunch.DotnetHostPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bench.dll"));
        foreach (string argument in arguments)
            startInfo.ArgumentList.Add(argument);
        return startInfo;
    }

    /// <summary>
    /// As <see cref="StartInfo"/>, with SIGINT at its default, as a terminal's foreground job has it, so that a test can
    /// interrupt the program: a test run started as a background job of a script (<c>cmd &amp;</c>) or under nohup
    /// inherits SIGINT ignored, and .NET leaves an inherited ignore in place (Ctrl+C would never reach the program).
    /// </summary>
    public static ProcessStartInfo InterruptibleStartInfo(params string[] arguments)
    {
        var bench = StartInfo(arguments);
        // env execs the program in its own process: the process id is the program's
        var startInfo = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--default-signal=INT");
        startInfo.ArgumentList.Add(bench.FileName);
        foreach (string argument in bench.ArgumentList)
            startInfo.ArgumentList.Add(argument);
        return startInfo;
    }

    public static Task<Result> RunAsync(params string[] arguments) => RunAsync(StartInfo(arguments));

    /// <summary>Runs the bench program as <paramref name="startInfo"/> says (see <see cref="StartInfo"/>) and collects its output.</summary>
    public static async Task<Result> RunAsync(ProcessStartInfo startInfo)
    {
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var safety = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(safety.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
