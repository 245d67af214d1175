using System.Globalization;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>The machine, runtime and tools the figures come from, from the exports, else the scenario files.</summary>
internal sealed class EnvironmentSection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        var results = report.Results;
        text.Line("## Environment");
        text.Line();
        var env = results.Benchmarks.Environment;
        var scenario = results.Responsiveness?.Environment ?? results.Race?.Environment;
        text.Line("| | |");
        text.Line("| --- | --- |");
        Row("CPU", env?.ProcessorName);
        Row("cores", env is null ? scenario?.ProcessorCount.ToString(CultureInfo.InvariantCulture)
            : $"{Text(env.PhysicalCoreCount)} physical, {Text(env.LogicalCoreCount)} logical");
        Row("operating system", env?.OsVersion ?? scenario?.OperatingSystem);
        Row(".NET runtime", env?.RuntimeVersion ?? scenario?.Runtime);
        Row(".NET SDK", env?.DotNetSdkVersion);
        Row("BenchmarkDotNet", env?.BenchmarkDotNetVersion);
        Row("build", env?.Configuration);
        Row("job", results.Job is { } job ? $"`{job}`" : null);
        Row("benchmarks run", results.BenchmarkDate?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (results.BenchmarkDate is null ? "" : " (the benchmark machine's local time, from the export titles)"));
        if (scenario?.MapsFolder is { } maps)
            Row("memory maps in", $"{maps}: the shared-memory strategy's histogram and the Transfer maps; tmpfs is memory, a disk file system may write a map back while it is measured");
        if (scenario is not null)
            Row("scenarios run", scenario.StartedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + $" UTC, mode {scenario.Mode}");
        text.Line();
        if (report.Machines.Machines.Count > 1)
        {
            text.Line($"These are the figures of machine {report.Machines.Primary.Name}, whose run every section shows but Machines, which sets all {report.Machines.Machines.Count} machines side by side.");
            text.Line();
        }

        void Row(string name, string? value) => text.Line($"| {name} | {ReportFormat.Cell(string.IsNullOrEmpty(value) ? "not in the result files" : value)} |");
        static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";
    }
}
