using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.Loggers;

namespace DiceOffload.Bench.Study;

/// <summary>
/// The study's command line, read by BenchmarkDotNet's own parser, so that its short forms (<c>-f</c>, <c>-a</c>,
/// <c>-j</c>) and every option it knows mean here what they mean there. The study reads from it only what it needs:
/// the filter (for the scenarios), the artifacts folder (where the scenarios go) and the job.
/// </summary>
public sealed class StudyArguments
{
    private StudyArguments(string[] benchmarkArgs, IReadOnlyList<string> filters, string? artifactsFolder, string job, bool informational, bool inProcess)
    {
        InProcess = inProcess;
        BenchmarkArgs = benchmarkArgs;
        Filters = filters;
        ArtifactsFolder = artifactsFolder;
        Job = job;
        IsInformational = informational;
    }

    /// <summary>What to hand to BenchmarkDotNet: the arguments, with <c>--filter *</c> added when nothing chooses the benchmarks (the study never prompts), and without <c>--job short</c>, which the study replaces with its own short job.</summary>
    public string[] BenchmarkArgs { get; }

    /// <summary>The filters on benchmark full names; <c>*</c> when none was given.</summary>
    public IReadOnlyList<string> Filters { get; }

    /// <summary>BenchmarkDotNet's <c>--artifacts</c>/<c>-a</c> folder, as given; null for its default.</summary>
    public string? ArtifactsFolder { get; }

    /// <summary>The job named with <c>--job</c>/<c>-j</c>, lower case; <c>default</c> when none was.</summary>
    public string Job { get; }

    public bool IsDry => Job == "dry";

    /// <summary>The study's own short job replaces BenchmarkDotNet's ShortRun (see <see cref="StudyConfig.ShortJob"/>).</summary>
    public bool IsShort => Job == "short";

    /// <summary>Whether a job other than the study's comes from the command line.</summary>
    public bool JobFromCommandLine => IsJobFromCommandLine(Job);

    // a job named on the command line replaces the study's own; "short" names the study's own short job
    private static bool IsJobFromCommandLine(string job) => job is not ("short" or "default");

    /// <summary>Whether the study's own jobs (not one from the command line) are to run with the in-process toolchain.</summary>
    public bool InProcessStudyJobs => InProcess && !JobFromCommandLine;

    /// <summary>BenchmarkDotNet's in-process toolchain was asked for (<c>--inProcess</c>): no benchmark program is built, so no SDK is needed.</summary>
    public bool InProcess { get; }

    /// <summary>Only a listing or information was asked for (<c>--list</c>, <c>--info</c>): nothing is run.</summary>
    public bool IsInformational { get; }

    /// <summary>Reads <paramref name="args"/>; null when BenchmarkDotNet cannot (it has printed why, or its help, to <paramref name="output"/>).</summary>
    public static StudyArguments? Parse(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (isSuccess, _, options) = ConfigParser.Parse(args, new TextLogger(output));
        if (!isSuccess || options is null)
            return null;
        string job = (options.BaseJob ?? "default").ToLowerInvariant();
        string[] filters = [.. options.Filters];
        bool chosen = filters.Length > 0 || options.AnyCategories.Any() || options.AllCategories.Any();
        bool informational = options.ListBenchmarkCaseMode != BenchmarkDotNet.ConsoleArguments.ListBenchmarks.ListBenchmarkCaseMode.Disabled || options.PrintInformation;
        string[] benchmarkArgs = job == "short" ? WithoutJob(args) : args;
        // with the study's own jobs, BenchmarkDotNet would add --inProcess as a job of its own (its default counts) beside
        // them rather than apply it to them: the study gives its jobs the in-process toolchain instead (StudyConfig.Create)
        if (options.RunInProcess && !IsJobFromCommandLine(job))
            benchmarkArgs = [.. benchmarkArgs.Where(a => a is not ("--inProcess" or "-i"))];
        if (!chosen && !informational)
            benchmarkArgs = [.. benchmarkArgs, "--filter", "*"];
        return new StudyArguments(benchmarkArgs, chosen ? filters : ["*"], options.ArtifactsDirectory?.ToString(), job, informational, options.RunInProcess);
    }

    /// <summary>Whether <paramref name="args"/> ask only for help or the version: BenchmarkDotNet's parser prints them and reports no success.</summary>
    public static bool AsksForHelp(string[] args) => args.Any(a => a is "--help" or "-h" or "-?" or "--version");

    /// <summary>The first error BenchmarkDotNet's parser printed (the line after its <c>ERROR(S):</c>, or its first line where it has no such heading), for a one-line message.</summary>
    public static string FirstError(string parserOutput)
    {
        ArgumentNullException.ThrowIfNull(parserOutput);
        var lines = parserOutput.Split('\n').Select(l => l.Trim()).ToList();
        int heading = lines.FindIndex(l => l.StartsWith("ERROR", StringComparison.Ordinal));
        return lines.Skip(heading + 1).FirstOrDefault(l => l.Length > 0) ?? "BenchmarkDotNet does not accept these arguments.";
    }

    private static string[] WithoutJob(string[] args)
    {
        var kept = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is "--job" or "-j")
                i++;
            else if (!args[i].StartsWith("--job=", StringComparison.Ordinal))
                kept.Add(args[i]);
        }
        return [.. kept];
    }
}
