using System.Diagnostics;
using DiceOffload.Processes;

namespace DiceOffload.Bench.Serve;

/// <summary>Starts this program's <c>serve</c> as a child process: stdin kept open as its lifeline, each line it prints handed to a callback.</summary>
internal static class ServeProcess
{
    /// <param name="arguments">What follows the program: <c>serve</c> and its options.</param>
    /// <param name="onLine">Called with each line of standard output and error, on a thread of the process's own.</param>
    public static Process Start(IEnumerable<string> arguments, Action<string> onLine)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(onLine);
        var startInfo = new ProcessStartInfo(WorkerLaunch.DotnetHostPath())
        {
            UseShellExecute = false,
            RedirectStandardInput = true,    // the lifeline
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bench.dll"));
        foreach (string argument in arguments)
            startInfo.ArgumentList.Add(argument);
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) onLine(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) onLine(line); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
