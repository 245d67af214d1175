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

    [Theory]
    [InlineData(2.40, 2.59, "2.40 ns a throw (before Throughput) to 2.59 ns (after Dispatch), 7.9% apart", "The machine's speed moved by more than 5.0% during the run")]
    [InlineData(2.40, 2.45, "2.40 ns a throw (before Throughput) to 2.45 ns (after Dispatch), 2.1% apart", "The machine's speed held within 5.0% across the run.")]
    public async Task Methodology_WithCalibrations_SaysHowFarTheMachinesSpeedMoved(double fastNs, double slowNs, string range, string verdict)
    {
        ReportFixtures.Write(Results);
        var at = new DateTime(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);
        ScenarioFiles.Write(Path.Combine(Results, ResultsLayout.ScenariosFolder, ResultsLayout.HealthFile), new HealthRecord(HealthRecord.Version,
        [
            new HealthCheck("Throughput", "before", at, fastNs, null, 2400),
            new HealthCheck("Throughput", "after", at.AddMinutes(5), (fastNs + slowNs) / 2, 0.5, 2400),
            new HealthCheck("Dispatch", "before", at.AddMinutes(5), (fastNs + slowNs) / 2, 0.1, 2400),
            new HealthCheck("Dispatch", "after", at.AddMinutes(7), slowNs, 3.0, 2400),
        ]));

        string report = await ReportTextAsync();

        string methodology = report[report.IndexOf("## Methodology", StringComparison.Ordinal)..];
        Assert.Contains($"The study calibrated the machine 4 times, before and after each benchmark class: the scalar loop on the study's thread took from {range}.", methodology, StringComparison.Ordinal);
        Assert.Contains("The hypervisor took 3.0% of the CPU time at most between two checks (1.2% on average).", methodology, StringComparison.Ordinal);
        Assert.Contains(verdict, methodology, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Methodology_WithoutCalibrations_SaysTheRunDidNotRecordThem()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        Assert.Contains("This run did not calibrate the machine beside its benchmark classes", report, StringComparison.Ordinal);
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
