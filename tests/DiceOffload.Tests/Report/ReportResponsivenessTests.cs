namespace DiceOffload.Tests.Report;

/// <summary>The responsiveness part of the report: percentiles, the ways of waiting and the remedies, from the scenario file.</summary>
public sealed class ReportResponsivenessTests : ReportTestBase
{
    [Fact]
    public async Task Report_Responsiveness_TablesThePlainRunsWithTheirPercentiles()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        Assert.Contains("| thread | 2 | 500 | 0.375 | 0.750 | 1.35 | 1.50 | 50 | 60 |", report, StringComparison.Ordinal);
        Assert.DoesNotContain("| thread | 2 | 500 | 40.0 |", report, StringComparison.Ordinal); // the semaphore-slim run is not a plain run
    }

    [Fact]
    public async Task Report_LoopWaits_ComparesEachWaitWithTheDefaultAndShowsTheSchedulerFigures()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        Assert.Contains("### How the loop waits changes the stall", report, StringComparison.Ordinal);
        Assert.Contains("- thread on 2 workers: p99 0.750 ms waiting on `monitor`, 80.0 ms on `semaphore-slim` (107×); per heartbeat, the loop's thread waited 1.60 ms for a core and was switched out 16.0 times without blocking on `semaphore-slim`, against 0.0150 ms and 0.150 times on `monitor`; with only the yields added to `monitor`, p99 was 50.0 ms.", report, StringComparison.Ordinal);
        Assert.Contains("| thread | 2 | semaphore-slim | 40.0 | 80.0 | 160 | 50 | 1.60 | 16.0 | 0.00200 |", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Remedies_SayWhatKeepsTheTargetAtEveryCoreAndWhatItCosts()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        Assert.Contains("Using every core and within the target: thread (none, p99 0.750 ms); thread (nice+10, p99 3.00 ms).", report, StringComparison.Ordinal);
        Assert.Contains("| thread | nice+10 | 2 | 550 | 1.10× | 1.50 | 3.00 | 5.40 | 6.00 | yes |", report, StringComparison.Ordinal);
        Assert.Contains("| thread | one-core-free | 1 | 900 | 1.80× |", report, StringComparison.Ordinal);
    }
}
