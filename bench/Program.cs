using System.CommandLine;
using DiceOffload.Bench.Commands;
using DiceOffload.Bench.Study;

// No arguments: the whole study, published into results/. A command name: that command.
// Anything else is BenchmarkDotNet's (--filter, --job, --artifacts, --list, ...).
var root = new RootCommand(
    "The dice offload study: how to run CPU-bound work in .NET without blocking the rest of the program.\n" +
    "Without a command, runs the study; BenchmarkDotNet's own arguments (--filter, --job, --artifacts, --list, --join, --envVars, ...) pass through: " +
    "benchmarkdotnet-options lists them all.")
{
    RunCommand.Create(),
    DemoCommand.Create(),
    ReportCommand.Create(),
    CompareCommand.Create(),
    AbCommand.Create(),
    AbSideCommand.Create(),
    StabilityCommand.Create(),
    ServeCommand.Create(),
    BenchmarkDotNetOptionsCommand(),
};

if (args.Length > 0 && (root.Subcommands.Any(c => c.Name == args[0]) || args[0] is "--help" or "-h" or "-?" or "--version"))
    return await CommandRunner.InvokeAsync(root, args);

using var interrupt = new Interrupt();
return await StudyRunner.RunAsync(args);

// BenchmarkDotNet's own help, which the study's command line would otherwise hide behind its own --help
static Command BenchmarkDotNetOptionsCommand()
{
    var command = new Command("benchmarkdotnet-options", "Print BenchmarkDotNet's own options, which the study passes through (give them without a command).");
    command.SetAction(_ => StudyArguments.Parse(["--help"], Console.Out) is null ? 0 : 1);
    return command;
}
