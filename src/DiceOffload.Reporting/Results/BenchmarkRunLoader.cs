using System.Globalization;
using System.Text.Json;

namespace DiceOffload.Reporting.Results;

/// <summary>Reads BenchmarkDotNet full JSON exports (<c>*-report-full.json</c>, <c>*-report-full-compressed.json</c>).</summary>
/// <remarks>
/// BenchmarkDotNet writes the same data to both files when both exporters are on; the loader reads one
/// file per benchmark class (the indented one when both are there) so no case is counted twice.
/// Every problem with the input is a <see cref="ResultFileException"/> that names the folder or file.
/// </remarks>
public static class BenchmarkRunLoader
{
    private const string FullSuffix = "-full.json";
    private const string CompressedSuffix = "-full-compressed.json";

    // a results folder may share a tree with folders this user cannot read; they hold no results of theirs
    private static readonly EnumerationOptions Recursive = new() { RecurseSubdirectories = true, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseInsensitive };

    /// <summary>What the loader reads, for messages.</summary>
    public const string ExpectedFiles = "BenchmarkDotNet full JSON exports (files ending in -full.json or -full-compressed.json)";

    /// <summary>Reads every export under <paramref name="folder"/> and its subfolders.</summary>
    /// <exception cref="ResultFileException">The folder is missing or holds no exports, or an export is not valid.</exception>
    public static BenchmarkRun Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return new BenchmarkRun(folder, [.. FindExports(folder).Select(LoadExport)]);
    }

    /// <summary>The export files under <paramref name="folder"/>, one per benchmark class, in path order.</summary>
    /// <exception cref="ResultFileException">The folder is missing or holds no exports.</exception>
    public static IReadOnlyList<string> FindExports(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
            throw new ResultFileException(folder, $"the folder '{folder}' does not exist; give a folder that holds {ExpectedFiles}.");
        List<string> files;
        try
        {
            files = [.. Directory.EnumerateFiles(folder, "*.json", Recursive)
                .Where(f => f.EndsWith(FullSuffix, StringComparison.OrdinalIgnoreCase) || f.EndsWith(CompressedSuffix, StringComparison.OrdinalIgnoreCase))];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResultFileException(folder, $"the folder '{folder}' cannot be read: {ex.Message}", ex);
        }
        var chosen = files
            .GroupBy(ClassKey, StringComparer.Ordinal)
            .Select(g => g.OrderBy(f => f.EndsWith(CompressedSuffix, StringComparison.OrdinalIgnoreCase)).First())
            .Order(StringComparer.Ordinal)
            .ToList();
        if (chosen.Count == 0)
            throw new ResultFileException(folder, $"the folder '{folder}' holds no {ExpectedFiles}; run the benchmarks with the JSON exporter, or give the folder they wrote to.");
        return chosen;
    }

    /// <summary>Reads one export file.</summary>
    /// <exception cref="ResultFileException">The file cannot be read, is not JSON, or is not shaped like a full export.</exception>
    public static BenchmarkExport LoadExport(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            return ReadExport(path, document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new ResultFileException(path, $"'{path}' is not valid JSON (line {ex.LineNumber + 1}), perhaps cut short; expected a complete BenchmarkDotNet full JSON export. Re-run the benchmarks or remove the file.", ex);
        }
        catch (InvalidOperationException ex)
        {
            // JsonElement's getters throw this when a value has the wrong JSON type
            throw new ResultFileException(path, $"'{path}' is not a BenchmarkDotNet full JSON export: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResultFileException(path, $"'{path}' cannot be read: {ex.Message}", ex);
        }
    }

    // the file name up to "-full.json" or "-full-compressed.json": both exports of one class share it
    private static string ClassKey(string file)
    {
        string name = file.EndsWith(CompressedSuffix, StringComparison.OrdinalIgnoreCase) ? file[..^CompressedSuffix.Length] : file[..^FullSuffix.Length];
        return Path.GetFullPath(name);
    }

    private static BenchmarkExport ReadExport(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Benchmarks", out var benchmarks) || benchmarks.ValueKind != JsonValueKind.Array)
            throw Malformed(path, "it has no \"Benchmarks\" array");
        string? title = root.TryGetProperty("Title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var environment = root.TryGetProperty("HostEnvironmentInfo", out var env) && env.ValueKind == JsonValueKind.Object ? ReadEnvironment(env) : null;
        var results = new List<BenchmarkResult>();
        int index = 0;
        foreach (var benchmark in benchmarks.EnumerateArray())
            results.Add(ReadBenchmark(path, benchmark, index++));
        return new BenchmarkExport(path, title, environment, results);
    }

    private static BenchmarkResult ReadBenchmark(string path, JsonElement benchmark, int index)
    {
        if (benchmark.ValueKind != JsonValueKind.Object)
            throw Malformed(path, $"benchmark #{index + 1} is not an object");
        string fullName = String(benchmark, "FullName") ?? throw Malformed(path, $"benchmark #{index + 1} has no \"FullName\"");
        string type = String(benchmark, "Type") ?? throw Malformed(path, $"{fullName} has no \"Type\"");
        string method = String(benchmark, "Method") ?? throw Malformed(path, $"{fullName} has no \"Method\"");
        string parametersText = String(benchmark, "Parameters") ?? "";

        var measurementsNs = new List<double>();
        var launchIndices = new List<int>();
        if (benchmark.TryGetProperty("Measurements", out var measurements) && measurements.ValueKind == JsonValueKind.Array)
        {
            foreach (var m in measurements.EnumerateArray())
            {
                if (String(m, "IterationMode") != "Workload" || String(m, "IterationStage") != "Result")
                    continue;
                double operations = Number(m, "Operations") ?? throw Malformed(path, $"{fullName} has a measurement without \"Operations\"");
                double nanoseconds = Number(m, "Nanoseconds") ?? throw Malformed(path, $"{fullName} has a measurement without \"Nanoseconds\"");
                if (operations < 1)
                    throw Malformed(path, $"{fullName} has a measurement of {operations.ToString(CultureInfo.InvariantCulture)} operations");
                measurementsNs.Add(nanoseconds / operations);
                launchIndices.Add(Number(m, "LaunchIndex") is { } launch ? (int)launch : 1);
            }
        }

        ConfidenceIntervalNs? ci = null;
        if (benchmark.TryGetProperty("Statistics", out var statistics) && statistics.ValueKind == JsonValueKind.Object
            && statistics.TryGetProperty("ConfidenceInterval", out var interval) && interval.ValueKind == JsonValueKind.Object
            && Number(interval, "Lower") is { } lower && Number(interval, "Upper") is { } upper)
        {
            string? level = interval.TryGetProperty("Level", out var l) ? (l.ValueKind == JsonValueKind.String ? l.GetString() : l.GetRawText()) : null;
            ci = new ConfidenceIntervalNs(lower, upper, level);
        }

        long? bytesAllocated = null;
        if (benchmark.TryGetProperty("Memory", out var memory) && memory.ValueKind == JsonValueKind.Object
            && memory.TryGetProperty("BytesAllocatedPerOperation", out var bytes) && bytes.ValueKind == JsonValueKind.Number)
            bytesAllocated = (long)bytes.GetDouble();

        return new BenchmarkResult(fullName, String(benchmark, "Namespace"), type, method, parametersText,
            ParseParameters(parametersText), measurementsNs, ci, bytesAllocated, path)
        {
            Job = JobId(String(benchmark, "DisplayInfo")),
            HardwareIntrinsics = String(benchmark, "HardwareIntrinsics"),
            LaunchIndices = launchIndices,
        };
    }

    // DisplayInfo is "Type.Method: JobId(Settings) [Params]"; the job's id is what stands before its settings
    private static string? JobId(string? displayInfo)
    {
        if (displayInfo?.IndexOf(": ", StringComparison.Ordinal) is not int start || start < 0)
            return null;
        string job = displayInfo[(start + 2)..];
        int end = job.IndexOfAny(['(', ' ']);
        return end < 0 ? job : job[..end];
    }

    // BenchmarkDotNet prints parameters as Name=Value joined by '&'; a value may itself hold '=' but names cannot
    private static List<BenchmarkParameter> ParseParameters(string text) =>
        [.. text.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            return equals < 0 ? new BenchmarkParameter(pair, "") : new BenchmarkParameter(pair[..equals], pair[(equals + 1)..]);
        })];

    private static HostEnvironment ReadEnvironment(JsonElement environment) =>
        new([.. environment.EnumerateObject()
            .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            .Select(p => KeyValuePair.Create(p.Name, p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString() ?? "",
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => p.Value.GetRawText(),
            }))]);

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static ResultFileException Malformed(string path, string problem) =>
        new(path, $"'{path}' is not a BenchmarkDotNet full JSON export: {problem}.");
}
