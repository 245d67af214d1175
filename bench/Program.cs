using System.CommandLine;
using DiceOffload.Bench.Commands;

var root = new RootCommand("The dice offload study: how to run CPU-bound work in .NET without blocking the rest of the program.")
{
    RunCommand.Create(),
    CompareCommand.Create(),
};
return await CommandErrors.InvokeAsync(root, args);
