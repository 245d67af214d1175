using System.Diagnostics;

namespace DiceOffload.Bench.Commands;

/// <summary>Runs another program to its end with its output in a log, for the commands that drive whole study runs (<c>ab</c>, <c>stability</c>).</summary>
internal static class ChildProcess
{
    /// <summary>Runs a program in the current folder and returns its exit code and everything it printed.</summary>
    public static async Task<(int Code, string Output)> CaptureAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancel)
    {
        using var text = new StringWriter();
        int code = await RunAsync(program, arguments, Environment.CurrentDirectory, text, cancel);
        return (code, text.ToString());
    }

    /// <summary>Runs a program with its standard output and error into <paramref name="log"/>; on cancellation its whole process tree is killed.</summary>
    public static async Task<int> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, TextWriter log, CancellationToken cancel)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
            startInfo.ArgumentList.Add(argument);
        using var process = new Process { StartInfo = startInfo };
        var gate = new object();
        void Write(string? line)
        {
            if (line is null)
                return;
            lock (gate)
                log.WriteLine(line);
        }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Write($"'{program}' could not be started: {ex.Message}");
            return 127;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
        // the asynchronous readers have delivered every line once the no-argument wait returns
        process.WaitForExit();
        return process.ExitCode;
    }
}
