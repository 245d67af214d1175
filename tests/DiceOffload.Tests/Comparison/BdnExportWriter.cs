using System.Text.Json;

namespace DiceOffload.Tests.Comparison;

/// <summary>A benchmark case for a fixture export. An empty <paramref name="MeasurementsNs"/> makes a failed case.</summary>
internal sealed record FixtureCase(string Type, string Method, IReadOnlyList<double> MeasurementsNs, IReadOnlyList<(string Name, string Value)> Parameters, long? BytesAllocatedPerOperation = 0)
{
    public FixtureCase(string type, string method, IReadOnlyList<double> measurementsNs, long? bytesAllocatedPerOperation = 0)
        : this(type, method, measurementsNs, [("Throws", "1000000")], bytesAllocatedPerOperation) { }

    public string FullName => $"{BdnExportWriter.Namespace}.{Type}.{Method}"
        + (Parameters.Count == 0 ? "" : "(" + string.Join(", ", Parameters.Select(p => $"{p.Name}: {p.Value}")) + ")");

    public string DisplayName => FullName[(BdnExportWriter.Namespace.Length + 1)..];
}

/// <summary>Writes exports shaped like BenchmarkDotNet 0.15.8's <c>JsonExporter.Full</c> and <c>FullCompressed</c>.</summary>
/// <remarks>
/// Every case carries the iterations BenchmarkDotNet records before the result ones (jitting, pilot, overhead,
/// warmup, actual), with values far from the results, so a reader that takes the wrong ones gets caught.
/// </remarks>
internal static class BdnExportWriter
{
    public const string Namespace = "DiceOffload.Bench.Benchmarks";
    private const long OperationsPerIteration = 16;

    /// <summary><paramref name="count"/> measurements within ±1% of <paramref name="medianNs"/>, the same for the same seed.</summary>
    public static double[] Around(double medianNs, int seed = 1, int count = 15)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => medianNs * (1 + (random.NextDouble() - 0.5) / 50))];
    }

    /// <summary>Writes one export of <paramref name="className"/> into <paramref name="folder"/> and returns its path.</summary>
    /// <param name="job">The job's id as BenchmarkDotNet prints it in each case's DisplayInfo.</param>
    public static string Write(string folder, string className, IEnumerable<FixtureCase> cases, bool compressed = false, string job = "DefaultJob")
    {
        string path = Path.Combine(folder, $"{Namespace}.{className}-report-full{(compressed ? "-compressed" : "")}.json");
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = !compressed });
        json.WriteStartObject();
        json.WriteString("Title", $"{Namespace}.{className}-20251125-101500");
        WriteEnvironment(json);
        json.WriteStartArray("Benchmarks");
        foreach (var c in cases)
            WriteCase(json, c, job);
        json.WriteEndArray();
        json.WriteEndObject();
        return path;
    }

    private static void WriteEnvironment(Utf8JsonWriter json)
    {
        json.WriteStartObject("HostEnvironmentInfo");
        json.WriteString("BenchmarkDotNetCaption", "BenchmarkDotNet");
        json.WriteString("BenchmarkDotNetVersion", "0.15.8");
        json.WriteString("OsVersion", "Ubuntu 24.04.3 LTS (Noble Numbat)");
        json.WriteString("ProcessorName", "AMD EPYC 7763 2.45GHz");
        json.WriteNumber("PhysicalProcessorCount", 1);
        json.WriteNumber("PhysicalCoreCount", 1);
        json.WriteNumber("LogicalCoreCount", 2);
        json.WriteString("RuntimeVersion", ".NET 10.0.0 (10.0.25.52411)");
        json.WriteString("Architecture", "X64");
        json.WriteBoolean("HasAttachedDebugger", false);
        json.WriteBoolean("HasRyuJit", true);
        json.WriteString("Configuration", "RELEASE");
        json.WriteString("DotNetCliVersion", "10.0.100");
        json.WriteStartObject("ChronometerFrequency");
        json.WriteNumber("Hertz", 1_000_000_000);
        json.WriteEndObject();
        json.WriteString("HardwareTimerKind", "Unknown");
        json.WriteEndObject();
    }

    private static void WriteCase(Utf8JsonWriter json, FixtureCase c, string job)
    {
        string display = string.Join(", ", c.Parameters.Select(p => $"{p.Name}={p.Value}"));
        json.WriteStartObject();
        json.WriteString("DisplayInfo", $"{c.Type}.{c.Method}: {job}" + (display.Length > 0 ? $" [{display}]" : ""));
        json.WriteString("Namespace", Namespace);
        json.WriteString("Type", c.Type);
        json.WriteString("Method", c.Method);
        json.WriteString("MethodTitle", c.Method);
        json.WriteString("Parameters", string.Join("&", c.Parameters.Select(p => $"{p.Name}={p.Value}")));
        json.WriteString("FullName", c.FullName);
        json.WriteString("HardwareIntrinsics", "AVX2,AES,BMI1,BMI2,FMA,LZCNT,PCLMUL,POPCNT VectorSize=256");
        if (c.MeasurementsNs.Count == 0)
            json.WriteNull("Statistics");
        else
            WriteStatistics(json, c.MeasurementsNs);
        if (c.BytesAllocatedPerOperation is { } bytes)
        {
            json.WriteStartObject("Memory");
            json.WriteNumber("Gen0Collections", 0);
            json.WriteNumber("Gen1Collections", 0);
            json.WriteNumber("Gen2Collections", 0);
            json.WriteNumber("TotalOperations", OperationsPerIteration * 30);
            json.WriteNumber("BytesAllocatedPerOperation", bytes);
            json.WriteEndObject();
        }
        json.WriteStartArray("Measurements");
        if (c.MeasurementsNs.Count > 0)
        {
            double typicalNs = c.MeasurementsNs.Average();
            int index = 1;
            WriteMeasurement(json, "Overhead", "Jitting", 1, 1, 250_000);
            WriteMeasurement(json, "Workload", "Jitting", 1, 1, typicalNs * 40);
            WriteMeasurement(json, "Workload", "Pilot", 1, OperationsPerIteration, typicalNs * 3 * OperationsPerIteration);
            WriteMeasurement(json, "Overhead", "Warmup", 1, OperationsPerIteration, 30);
            WriteMeasurement(json, "Overhead", "Actual", 1, OperationsPerIteration, 28);
            WriteMeasurement(json, "Workload", "Warmup", 1, OperationsPerIteration, typicalNs * 2 * OperationsPerIteration);
            foreach (double ns in c.MeasurementsNs)
                WriteMeasurement(json, "Workload", "Actual", index++, OperationsPerIteration, ns * OperationsPerIteration + 28);
            index = 1;
            foreach (double ns in c.MeasurementsNs)
                WriteMeasurement(json, "Workload", "Result", index++, OperationsPerIteration, ns * OperationsPerIteration);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStatistics(Utf8JsonWriter json, IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1);
        double standardError = Math.Sqrt(variance / values.Count);
        json.WriteStartObject("Statistics");
        json.WriteStartArray("OriginalValues");
        foreach (double v in values)
            json.WriteNumberValue(v);
        json.WriteEndArray();
        json.WriteNumber("N", values.Count);
        json.WriteNumber("Min", sorted[0]);
        json.WriteNumber("Median", sorted[sorted.Length / 2]);
        json.WriteNumber("Mean", mean);
        json.WriteNumber("Max", sorted[^1]);
        json.WriteNumber("StandardError", standardError);
        json.WriteNumber("Variance", variance);
        json.WriteNumber("StandardDeviation", Math.Sqrt(variance));
        json.WriteStartObject("ConfidenceInterval");
        json.WriteNumber("N", values.Count);
        json.WriteNumber("Mean", mean);
        json.WriteNumber("StandardError", standardError);
        json.WriteNumber("Level", 12);
        json.WriteNumber("Margin", 4 * standardError);
        json.WriteNumber("Lower", mean - 4 * standardError);
        json.WriteNumber("Upper", mean + 4 * standardError);
        json.WriteEndObject();
        json.WriteStartObject("Percentiles");
        json.WriteNumber("P0", sorted[0]);
        json.WriteNumber("P50", sorted[sorted.Length / 2]);
        json.WriteNumber("P100", sorted[^1]);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMeasurement(Utf8JsonWriter json, string mode, string stage, int index, long operations, double nanoseconds)
    {
        json.WriteStartObject();
        json.WriteString("IterationMode", mode);
        json.WriteString("IterationStage", stage);
        json.WriteNumber("LaunchIndex", 1);
        json.WriteNumber("IterationIndex", index);
        json.WriteNumber("Operations", operations);
        json.WriteNumber("Nanoseconds", nanoseconds);
        json.WriteEndObject();
    }
}
