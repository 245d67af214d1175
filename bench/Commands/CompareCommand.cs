using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using DiceOffload.Bench.Cli;
using DiceOffload.Reporting;
using DiceOffload.Reporting.Comparison;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Commands;

/// <summary><c>compare</c>: the regression check between a baseline results folder and a current one.</summary>
/// <remarks>Exit code 0: no regression; 1: at least one, named in the output; 2: bad input, one line on stderr.</remarks>
internal static class CompareCommand
{
    public const int NoRegression = 0;
    public const int Regression = 1;

    /// <param name="output">Where the table goes; standard output when null.</param>
    /// <param name="error">Where bad input is reported; standard error when null.</param>
    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var baseline = new Option<string>("--baseline") { Description = "folder with the baseline's BenchmarkDotNet JSON exports (searched recursively)", HelpName = "folder", Required = true };
        var current = new Option<string>("--current") { Description = "folder with the current run's BenchmarkDotNet JSON exports (searched recursively)", HelpName = "folder", Required = true };
        // threshold and mode stay text until the action so that help shows their defaults as people type them
        var threshold = new Option<string>("--threshold") { Description = "smallest change that counts, as a percentage", HelpName = "percent", DefaultValueFactory = _ => "5%", CustomParser = OptionParsers.Threshold };
        var alpha = new Option<double>("--alpha") { Description = "significance level of the Mann–Whitney tests, between 0 and 1", HelpName = "level", DefaultValueFactory = _ => 0.01, CustomParser = OptionParsers.Alpha };
        var mode = new Option<string>("--mode") { Description = "absolute compares times; ratio compares each time relative to Inline with the same parameters in its own run", HelpName = "absolute|ratio", DefaultValueFactory = _ => "absolute", CustomParser = ParseMode };
        var outPath = new Option<string?>("--out") { Description = "also write the comparison as markdown to this file (e.g. for a CI step summary)", HelpName = "file" };

        var command = new Command("compare", "Compare benchmark results with a baseline; exit code 0 when nothing regressed, 1 when something did, 2 on bad input.")
        {
            baseline, current, threshold, alpha, mode, outPath,
        };
        command.SetAction(parsed => Run(
            parsed.GetValue(baseline)!,
            parsed.GetValue(current)!,
            new ComparisonOptions(
                ComparisonOptions.TryParseThreshold(parsed.GetValue(threshold)!, out double percent) ? percent : throw new InvalidOperationException("--threshold was not validated."),
                parsed.GetValue(alpha),
                parsed.GetValue(mode) == "ratio" ? ComparisonMode.Ratio : ComparisonMode.Absolute),
            parsed.GetValue(outPath),
            output ?? Console.Out,
            error ?? Console.Error));
        return command;
    }

    /// <summary>Parses <paramref name="args"/> (what follows <c>compare</c>) and runs the comparison, as the program would.</summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error) =>
        CommandRunner.InvokeAsync(new RootCommand { Create(output, error) }, ["compare", .. args], error);

    /// <summary>Reads both folders, compares them, prints the table and writes <paramref name="outPath"/>; returns the exit code.</summary>
    public static int Run(string baselineFolder, string currentFolder, ComparisonOptions options, string? outPath, TextWriter output, TextWriter error)
    {
        if (outPath is not null && OutPathProblem(outPath) is { } problem)
        {
            error.WriteLine($"--out: {problem}");
            return ExitCodes.BadInput;
        }

        BenchmarkRun baseline, current;
        try
        {
            baseline = BenchmarkRunLoader.Load(baselineFolder);
        }
        catch (ResultFileException ex)
        {
            error.WriteLine($"--baseline: {ex.Message}");
            return ExitCodes.BadInput;
        }
        try
        {
            current = BenchmarkRunLoader.Load(currentFolder);
        }
        catch (ResultFileException ex)
        {
            error.WriteLine($"--current: {ex.Message}");
            return ExitCodes.BadInput;
        }

        if (RunComparer.JobMismatch(baseline, current) is { } mismatch)
        {
            error.WriteLine($"--current: {mismatch}");
            return ExitCodes.BadInput;
        }

        var report = RunComparer.Compare(baseline, current, options);
        if (outPath is not null)
        {
            try
            {
                AtomicFile.Write(outPath, writer => ComparisonTable.WriteMarkdown(report, writer));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"--out: '{outPath}' cannot be written: {ex.Message}");
                return ExitCodes.BadInput;
            }
        }
        ComparisonTable.WriteText(report, output);
        return report.HasRegressions ? Regression : NoRegression;
    }

    private static string? OutPathProblem(string outPath)
    {
        if (string.IsNullOrWhiteSpace(outPath))
            return "give a file name, such as summary.md.";
        if (Directory.Exists(outPath))
            return $"'{outPath}' is a folder; give a file name, such as {Path.Combine(outPath, "summary.md")}.";
        string? folder = Path.GetDirectoryName(Path.GetFullPath(outPath));
        return folder is not null && !Directory.Exists(folder) ? $"the folder '{folder}' does not exist; create it or write elsewhere." : null;
    }

    private static string ParseMode(ArgumentResult result)
    {
        string text = OptionParsers.Text(result);
        string mode = text.Trim().ToLowerInvariant();
        if (mode is not ("absolute" or "ratio"))
            result.AddError($"--mode must be absolute or ratio; got '{text}'.");
        return mode;
    }
}
