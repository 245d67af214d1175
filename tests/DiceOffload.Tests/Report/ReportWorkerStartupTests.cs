using DiceOffload.ResultFiles;
using DiceOffload.Tests.Comparison;

namespace DiceOffload.Tests.Report;

public sealed class ReportWorkerStartupTests : ReportTestBase
{
    // every iteration the same, so the medians and the interval are exact
    private static FixtureCase Form(string method, double medianMs) =>
        new("WorkerStartup", method, [.. Enumerable.Repeat(medianMs * 1e6, 15)], [], 60_000);

    [Fact]
    public async Task Report_WorkerStartupExport_TableOfMediansAndRatiosInTheDispatchSection()
    {
        ReportFixtures.Write(Results);
        // written in another order than the table's
        BdnExportWriter.Write(Path.Combine(Results, "benchmarkdotnet", "results"), "WorkerStartup", [Form("Aot", 20), Form("Dll", 80), Form("AppHost", 70)]);

        string report = await ReportTextAsync();

        string dispatch = report[report.IndexOf("## What a hand-off costs\n", StringComparison.Ordinal)..report.IndexOf("## Transfer\n", StringComparison.Ordinal)];
        Assert.Contains("### Worker start-up\n", dispatch, StringComparison.Ordinal);
        Assert.Contains(
            "| worker form | started as | median (ms) | 99% CI of the median (ms) | ratio to `dotnet worker.dll` |\n"
            + "| --- | --- | ---: | ---: | ---: |\n"
            + "| dotnet worker.dll | `dotnet DiceOffload.Worker.dll` | 80.0 | 80.0 – 80.0 | 1.00× |\n"
            + "| app host | `DiceOffload.Worker` beside the .dll | 70.0 | 70.0 – 70.0 | 0.88× |\n"
            + "| NativeAOT | `artifacts/worker-aot/DiceOffload.Worker` | 20.0 | 20.0 – 20.0 | 0.25× |\n",
            dispatch, StringComparison.Ordinal);
        Assert.True(dispatch.IndexOf("### Worker start-up", StringComparison.Ordinal) > dispatch.IndexOf("| shared-memory |", StringComparison.Ordinal), "the part follows the dispatch table");
        Assert.Contains("`dotnet worker.dll` here and `process` in the dispatch table start the same worker for the same one-throw job, in two benchmark processes of the same run: 80.0 ms and ", dispatch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_ARunWhoseProcessStrategiesStartedTheNativeAotWorker_SaysSo_AndComparesProcessWithIt()
    {
        ReportFixtures.Write(Results);
        BdnExportWriter.Write(Path.Combine(Results, "benchmarkdotnet", "results"), "WorkerStartup", [Form("Aot", 20), Form("Dll", 80), Form("AppHost", 70)]);
        ScenarioFiles.Write(Path.Combine(Results, ResultsLayout.MachineFile), new MachineRecord(MachineRecord.CurrentSchemaVersion, "box", "cpu", 2, 2, "0-1", null, "Linux", ".NET 10",
            MachineRecord.OutOfProcess, "sdk", "study", DateTimeOffset.UnixEpoch, null, WorkerForm: "aot"));

        string report = await ReportTextAsync();

        string dispatch = report[report.IndexOf("### Worker start-up\n", StringComparison.Ordinal)..report.IndexOf("## Transfer\n", StringComparison.Ordinal)];
        Assert.Contains("In this run the process strategies (`process`, `shared-memory`, `process-pool`) started their worker as `artifacts/worker-aot/DiceOffload.Worker`, the NativeAOT build", dispatch, StringComparison.Ordinal);
        Assert.Contains("`NativeAOT` here and `process` in the dispatch table start the same worker for the same one-throw job, in two benchmark processes of the same run: 20.0 ms and ", dispatch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_NoWorkerStartupExport_NoWorkerStartupPart()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        Assert.DoesNotContain("Worker start-up", report, StringComparison.Ordinal);
        Assert.DoesNotContain("WorkerStartup", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_WorkerStartupWithoutDll_RatiosAreNotAvailable()
    {
        ReportFixtures.Write(Results);
        BdnExportWriter.Write(Path.Combine(Results, "benchmarkdotnet", "results"), "WorkerStartup", [Form("AppHost", 70), Form("Aot", 20)]);

        string report = await ReportTextAsync();

        Assert.Contains("| NativeAOT | `artifacts/worker-aot/DiceOffload.Worker` | 20.0 | 20.0 – 20.0 | n/a |\n", report, StringComparison.Ordinal);
        Assert.DoesNotContain("start the same worker for the same one-throw job", report, StringComparison.Ordinal);
    }
}
