using DiceOffload.Tests.Comparison;

namespace DiceOffload.Tests.Report;

public sealed class ReportProcessPoolTests : ReportTestBase
{
    // every iteration the same, so the medians are exact
    private static FixtureCase Dispatch(string method, double medianNs) => new("Dispatch", method, [.. Enumerable.Repeat(medianNs, 15)], [], 200);

    private async Task<string> ReportAsync(params FixtureCase[] dispatch)
    {
        ReportFixtures.Write(Results);
        BdnExportWriter.Write(Path.Combine(Results, "benchmarkdotnet", "results"), "Dispatch", dispatch);
        return await ReportTextAsync();
    }

    [Fact]
    public async Task Report_DispatchOfProcessAndPool_SaysWhatReuseSavesInTheSummaryAndTheSection()
    {
        string report = await ReportAsync(Dispatch("Inline", 25), Dispatch("Process", 20_000_000), Dispatch("ProcessPool", 50_000));

        const string Reuse = "Reuse is what the process pool buys: its started worker takes a one-throw job and answers in 50.0 μs, "
            + "where starting a worker process for the job takes 20.0 ms: 400× as long (99% interval 400–400×).";
        int summary = report.IndexOf("## Summary", StringComparison.Ordinal), dispatch = report.IndexOf("## What a hand-off costs", StringComparison.Ordinal);
        string summaryText = report[summary..report.IndexOf("\n## ", summary + 5, StringComparison.Ordinal)];
        Assert.Contains("A started process-pool worker took a one-throw job in 50.0 μs; starting a process for it took 20.0 ms, 400× as long", summaryText, StringComparison.Ordinal);
        Assert.Equal(1, report.Split(Reuse).Length - 1);
        Assert.True(report.IndexOf(Reuse, StringComparison.Ordinal) > dispatch);
        // the guide's row for a job that may need killing rests on the same figures
        Assert.Contains("| a job you may need to kill | a process pool", report, StringComparison.Ordinal);
        Assert.Contains("| process-pool |", report[dispatch..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_NoPoolInDispatch_NoReuseSentence()
    {
        string report = await ReportAsync(Dispatch("Inline", 25), Dispatch("Process", 20_000_000));

        Assert.DoesNotContain("Reuse is what the process pool buys", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_FeatureTable_SaysHowEachStrategyStopsAndWhatADeadWorkerCosts()
    {
        string report = await ReportAsync(Dispatch("Inline", 25), Dispatch("ProcessPool", 50_000));

        string table = report[report.IndexOf("## The strategies side by side", StringComparison.Ordinal)..];
        Assert.Contains("| how it is stopped (cancellation, time limit, Ctrl+C) | when a worker dies |", table, StringComparison.Ordinal);
        Assert.Contains("| process-pool | yes | with one long-lived process per core |", table, StringComparison.Ordinal);
        Assert.Contains("the worker is replaced and its unit of at most 32 chunks is counted again, so the histogram stays exact; a unit that loses 3 workers in a row fails the job | 50.0 μs |", table, StringComparison.Ordinal);
        Assert.Contains("| thread | yes | with one thread per core | yes (the whole heap) | cooperatively: a cancellation token checked between chunks |", table, StringComparison.Ordinal);
    }
}
