using System.Text.Json;
using DiceOffload.ResultFiles;

namespace DiceOffload.Tests.Report;

public sealed class ReportMethodologyTests : ReportTestBase
{
    [Fact]
    public async Task Report_ScenarioAndExports_TakesMethodologyValuesFromThem()
    {
        ReportFixtures.Write(Results);
        string path = Path.Combine(Results, "scenarios", ResultsLayout.ResponsivenessFile);
        var scenario = JsonSerializer.Deserialize<ResponsivenessResult>(File.ReadAllText(path), ScenarioFiles.Json)!;
        ScenarioFiles.Write(path, scenario with { Dice = 3, Sides = 8, Seed = 7, HeartbeatIntervalMs = 25 });

        string report = await ReportTextAsync();

        Assert.Contains("Every experiment throws three eight-sided dice with seed 7 and counts the sums;", report, StringComparison.Ordinal);
        Assert.Contains("- **Throughput**: the article's job (100,000,000 throws) and a 1,000,000-throw job under each strategy, on 1 worker (offload) and on every core (parallel).", report, StringComparison.Ordinal);
        Assert.Contains("(a scenario outside BenchmarkDotNet): a 25 ms heartbeat on an event-loop-like thread", report, StringComparison.Ordinal);
        Assert.DoesNotContain("seed 42", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Methodology_SaysHowAVerdictIsReachedAndWhatNotDistinguishableMeans()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        string methodology = report[report.IndexOf("## Methodology", StringComparison.Ordinal)..];
        Assert.Contains("two one-sided Mann–Whitney tests", methodology, StringComparison.Ordinal);
        Assert.Contains("α = 0.01 in all, of a shift larger than 1%", methodology, StringComparison.Ordinal);
        Assert.Contains("the report says \"not distinguishable\"", methodology, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_NoScenarioFiles_LeavesDiceSeedAndHeartbeatOutOfMethodology()
    {
        ReportFixtures.Write(Results);
        Directory.Delete(Path.Combine(Results, "scenarios"), recursive: true);

        string report = await ReportTextAsync();

        Assert.Contains("Every experiment throws dice with one fixed seed and counts the sums;", report, StringComparison.Ordinal);
        Assert.Contains("(a scenario outside BenchmarkDotNet): a heartbeat on an event-loop-like thread", report, StringComparison.Ordinal);
        Assert.DoesNotContain("six-sided", report, StringComparison.Ordinal);
    }
}
