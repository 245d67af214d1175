using System.CommandLine;

namespace DiceOffload.Bench.Commands;

/// <summary>Runs a parsed command line the project's way: bad input is one line on stderr and exit code 2, never a stack trace or a help page.</summary>
internal static class CommandErrors
{
    public const int BadInput = 2;

    /// <param name="error">Where a parse error goes; standard error when null.</param>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, TextWriter? error = null)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await (error ?? Console.Error).WriteLineAsync(parsed.Errors[0].Message);
            return BadInput;
        }
        // Ctrl+C and SIGTERM cancel the command's token, so that it stops its workers and deletes its files before
        // exiting; left to the runtime, the signal would end the process at once and leave them behind
        using var interrupted = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            interrupted.Cancel();
        });
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, interrupted.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
