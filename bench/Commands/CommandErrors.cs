using System.CommandLine;

namespace DiceOffload.Bench.Commands;

/// <summary>Runs a parsed command line the project's way: bad input is one line on stderr and exit code 2, never a stack trace or a help page.</summary>
internal static class CommandErrors
{
    public const int BadInput = 2;

    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync(parsed.Errors[0].Message);
            return BadInput;
        }
        return await parsed.InvokeAsync();
    }
}
