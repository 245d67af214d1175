using System.CommandLine;
using DiceOffload.Bench.Cli;
using DiceOffload.Reporting.Report;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Commands;

/// <summary><c>report</c>: charts and report.md from a results folder.</summary>
/// <remarks>
/// Exit code 0: the report was written (files that could not be read are named on stderr and under Missing in the
/// report); 2: the folder is missing or holds nothing usable, or the report cannot be written.
/// </remarks>
internal static class ReportCommand
{
    /// <param name="output">Where the summary goes; standard output when null.</param>
    /// <param name="error">Where problems are reported; standard error when null.</param>
    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var results = new Option<string>("--results") { Description = "the results folder: machines/<name>/ per machine (or one machine's exports and scenario files, searched recursively); the charts go into its charts/ folder", HelpName = "folder", DefaultValueFactory = _ => ResultsLayout.DefaultFolder };
        var machine = new Option<string?>("--machine") { Description = "the machine whose run the experiment sections show in full (default: an out-of-process run of the study's job with the most cores)", HelpName = "name" };
        var outPath = new Option<string>("--out") { Description = "the markdown report to write; it links to the charts by relative paths", HelpName = "file", DefaultValueFactory = _ => ResultsLayout.ReportFile };

        var baseline = new Option<string?>("--baseline") { Description = "exports to compare the run with, in ratio mode at 10% (default: the machine's baseline/ when present); adds a regression-check section", HelpName = "folder" };

        var command = new Command("report", "Write the charts and the markdown report from a results folder; exit code 2 when there is nothing to report.")
        {
            results, outPath, baseline, machine,
        };
        command.SetAction(parsed => Run(parsed.GetValue(results)!, parsed.GetValue(outPath)!, output ?? Console.Out, error ?? Console.Error, parsed.GetValue(baseline), parsed.GetValue(machine)));
        return command;
    }

    /// <summary>Parses <paramref name="args"/> (what follows <c>report</c>) and writes the report, as the program would.</summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error) =>
        CommandRunner.InvokeAsync(new RootCommand { Create(output, error) }, ["report", .. args], error);

    /// <summary>Writes the charts and the report; returns the exit code. The study calls this after publishing.</summary>
    public static int Run(string resultsFolder, string outPath, TextWriter output, TextWriter error, string? baselineFolder = null, string? machine = null)
    {
        if (machine is not null && !MachineRecord.IsValidName(machine))
        {
            error.WriteLine($"--machine: '{machine}' is not a machine name; use letters, digits, '.', '-' and '_', starting with a letter or digit.");
            return ExitCodes.BadInput;
        }
        if (baselineFolder is not null && !Directory.Exists(baselineFolder))
        {
            error.WriteLine($"--baseline: the folder '{baselineFolder}' does not exist; give a folder of BenchmarkDotNet full JSON exports.");
            return ExitCodes.BadInput;
        }
        if (OutPathProblem(outPath) is { } problem)
        {
            error.WriteLine($"--out: {problem}");
            return ExitCodes.BadInput;
        }
        ReportOutcome outcome;
        try
        {
            outcome = ReportGenerator.Generate(resultsFolder, outPath, baselineFolder, machine);
        }
        catch (ResultFileException ex)
        {
            error.WriteLine($"--results: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"report: cannot write the report or its charts: {ex.Message}");
            return ExitCodes.BadInput;
        }
        foreach (string fileProblem in outcome.Problems)
            error.WriteLine($"report: {fileProblem}");
        output.WriteLine($"report: wrote {outcome.ReportPath} with {outcome.Charts.Count} chart(s) in {new ResultsLayout(resultsFolder).Charts}"
            + (outcome.Problems.Count + outcome.Missing.Count > 0 ? $"; {outcome.Problems.Count + outcome.Missing.Count} part(s) missing, listed under Missing in the report." : "."));
        return 0;
    }

    private static string? OutPathProblem(string outPath)
    {
        if (string.IsNullOrWhiteSpace(outPath))
            return "give a file name, such as report.md.";
        if (Directory.Exists(outPath))
            return $"'{outPath}' is a folder; give a file name, such as {Path.Combine(outPath, ResultsLayout.ReportFile)}.";
        string? folder = Path.GetDirectoryName(Path.GetFullPath(outPath));
        return folder is not null && !Directory.Exists(folder) ? $"the folder '{folder}' does not exist; create it or write elsewhere." : null;
    }
}
