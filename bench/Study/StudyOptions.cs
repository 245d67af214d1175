using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Study;

/// <summary>
/// The study's own options, taken out of the command line before BenchmarkDotNet reads the rest: <c>--machine NAME</c>
/// (the folder under <c>results/machines/</c> a published run goes to) and <c>--results DIR</c> (the results folder to
/// publish into, instead of the repository's <c>results/</c>).
/// </summary>
public sealed record StudyOptions(string? Machine, string? Results, string[] Rest)
{
    /// <summary>Splits <paramref name="args"/>; null and one line in <paramref name="error"/> when an option lacks its value or the name is not allowed.</summary>
    public static StudyOptions? Extract(string[] args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? machine = null, results = null;
        var rest = new List<string>();
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? name = arg is "--machine" or "--results" ? arg
                : arg.StartsWith("--machine=", StringComparison.Ordinal) ? "--machine"
                : arg.StartsWith("--results=", StringComparison.Ordinal) ? "--results" : null;
            if (name is null)
            {
                rest.Add(arg);
                continue;
            }
            string? value = arg.Contains('=', StringComparison.Ordinal) ? arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..]
                : i + 1 < args.Length && !args[i + 1].StartsWith('-') ? args[++i] : null;
            if (string.IsNullOrWhiteSpace(value))
            {
                error = name == "--machine"
                    ? "--machine: give a name, such as amd-epyc-16-cores (letters, digits, '.', '-', '_')."
                    : "--results: give the results folder to publish into, such as results.";
                return null;
            }
            if (name == "--machine")
            {
                if (!MachineRecord.IsValidName(value))
                {
                    error = $"--machine: '{value}' is not a machine name; use letters, digits, '.', '-' and '_', starting with a letter or digit, at most 64 characters.";
                    return null;
                }
                machine = value;
            }
            else
            {
                if (File.Exists(value))
                {
                    error = $"--results: '{value}' is a file; give the folder to publish into (it is created when missing).";
                    return null;
                }
                results = value;
            }
        }
        return new StudyOptions(machine, results, [.. rest]);
    }
}
