using System.CommandLine;
using DiceOffload.Bench.Cli;

namespace DiceOffload.Bench.Commands;

/// <summary>Runs a parsed command line the project's way: bad input is one line on stderr and exit code 2, never a stack trace or a help page.</summary>
internal static class CommandRunner
{
    /// <param name="error">Where a parse error goes; standard error when null.</param>
    /// <remarks>Ctrl+C and SIGTERM cancel the command's token (<see cref="StopSignals"/>).</remarks>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, TextWriter? error = null)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await (error ?? Console.Error).WriteLineAsync(parsed.Errors[0].Message);
            return ExitCodes.BadInput;
        }
        using var stop = new StopSignals();
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token);
    }
}
