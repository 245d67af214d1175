using DiceOffload.Reporting.Results;

namespace DiceOffload.Bench.Benchmarks;

/// <summary>
/// Lets a benchmark record what it observed into the study's scenario folder, beside the scenarios' own files:
/// BenchmarkDotNet's exports hold only timings, and its benchmark processes are children of the study, so the study
/// names the folder in an environment variable they inherit.
/// </summary>
public static class StudyRecords
{
    public const string FolderVariable = "DICE_OFFLOAD_STUDY_RECORDS";

    /// <summary>Makes the benchmark processes started from now on record into <paramref name="folder"/>.</summary>
    /// <remarks>A record left there by an earlier run is deleted: the first value recorded per setting stays, so an old one would.</remarks>
    public static void RecordInto(string folder)
    {
        string path = Path.Combine(folder, PriorityRecord.FileName);
        if (File.Exists(path))
            File.Delete(path);
        Environment.SetEnvironmentVariable(FolderVariable, Path.GetFullPath(folder));
    }

    /// <summary>Adds the threads' nice values under one priority setting to <see cref="PriorityRecord.FileName"/>; the first value recorded for a setting stays. Nothing when the study did not name a folder.</summary>
    public static void RecordPriority(string priority, string niceValues)
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is not { Length: > 0 } folder)
            return;
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, PriorityRecord.FileName);
        var values = File.Exists(path) && ScenarioFiles.Read<PriorityRecord>(path) is { } existing
            ? new Dictionary<string, string>(existing.ThreadNiceValues, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        if (values.TryAdd(priority, niceValues))
            ScenarioFiles.Write(path, new PriorityRecord(1, values));
    }
}
