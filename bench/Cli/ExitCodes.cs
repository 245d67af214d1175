namespace DiceOffload.Bench.Cli;

/// <summary>The exit codes every command and the study share.</summary>
internal static class ExitCodes
{
    /// <summary>Bad input anywhere: one line on stderr that names the option or file and what is allowed.</summary>
    public const int BadInput = 2;
}
