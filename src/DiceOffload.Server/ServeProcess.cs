using System.Diagnostics;
using DiceOffload.Processes;

namespace DiceOffload.Server;

/// <summary>Starts a program's <c>serve</c> as a child process: stdin kept open as its lifeline, each line it prints handed to a callback.</summary>
public static class ServeProcess
{
    /// <param name="program">The program that serves: a <c>.dll</c>, which the dotnet host runs, or an executable.</param>
    /// <param name="arguments">What follows the program: <c>serve</c> and its options.</param>
    /// <param name="onLine">Called with each line of standard output and error, on a thread of the process's own.</param>
    /// <param name="environment">Variables set for the server besides the ones it inherits (<c>DOTNET_gcServer</c>).</param>
    public static Process Start(string program, IEnumerable<string> arguments, Action<string> onLine, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(onLine);
        bool managed = program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var startInfo = new ProcessStartInfo(managed ? WorkerLaunch.DotnetHostPath() : program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,    // the lifeline
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (managed)
            startInfo.ArgumentList.Add(program);
        foreach (string argument in arguments)
            startInfo.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            startInfo.Environment[name] = value;
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) onLine(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) onLine(line); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
