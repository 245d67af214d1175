namespace DiceOffload.Bench.Cli;

/// <summary>This program, as a child process starts it to run one of its commands (a <c>serve</c> instance, the study's server).</summary>
internal static class BenchProgram
{
    /// <summary>Bench.dll beside the running code: the program itself, or the copy next to the tests that run its commands in-process.</summary>
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Bench.dll");
}
