using DiceOffload.ResultFiles;

namespace DiceOffload.Tests.Report;

/// <summary>The Dispatch section sets each hand-off beside the operating system's floor under it, from the run's floors.json.</summary>
public sealed class ReportFloorsTests : ReportTestBase
{
    private static Floor At(string name, double microseconds) => new(name, "what it times", 100, microseconds * 1000, microseconds * 990, microseconds * 1010, microseconds * 900, microseconds * 1500);

    private void WriteFloors(params Floor[] floors) =>
        ScenarioFiles.Write(Path.Combine(Results, "scenarios", ResultsLayout.FloorsFile), new FloorsResult(FloorsResult.CurrentSchemaVersion,
            new ScenarioEnvironment(2, "Linux", ".NET 10", "study", DateTimeOffset.UnixEpoch), "cc -O2 -static -pthread", true, floors));

    [Fact]
    public async Task Dispatch_SetsEachHandOffBesideItsFloor_WithTheRatio_AndNamesTheWideGaps()
    {
        // the fixture's one-throw hand-offs: thread 10.1 µs, long-running 20.1, thread-pool 30.1, process 50.1, shared-memory 60.1, process-pool 70.1
        ReportFixtures.Write(Results);
        WriteFloors(At(FloorsResult.PipeRoundTrip, 10), At(FloorsResult.EventfdThreads, 15), At(FloorsResult.EventfdProcesses, 12),
            At(FloorsResult.ThreadCreateJoin, 10), At(FloorsResult.ForkExecWait, 30), At(FloorsResult.PosixSpawnWait, 20));
        // shared-memory, 60.1 µs, is above 3× the spawn floor too

        string report = await ReportTextAsync();

        string section = report[report.IndexOf("### Against the operating system's floor", StringComparison.Ordinal)..];
        Assert.Contains("built with `cc -O2 -static -pthread`", section, StringComparison.Ordinal);
        Assert.Contains("| pipe-round-trip: what it times | 10.0 | 9.90 – 10.1 | 100 |", section, StringComparison.Ordinal);
        Assert.Matches(@"\| thread \| 10\.\d+ \| thread-create-join \| 10\.0 \| 1\.0\d× \|", section);
        Assert.Matches(@"\| long-running \| 20\.\d+ \| thread-create-join \| 10\.0 \| 2\.0\d× \|", section);
        Assert.Matches(@"\| thread-pool \| 30\.\d+ \| eventfd-threads \| 15\.0 \| 2\.0\d× \|", section);
        // a process per job against the cheaper of the two ways to start one
        Assert.Matches(@"\| process \| 50\.\d+ \| posix-spawn-wait \| 20\.0 \| 2\.5\d× \|", section);
        Assert.Matches(@"\| process-pool \| 70\.\d+ \| pipe-round-trip \| 10\.0 \| 7\.0\d× \|", section);

        Assert.Contains("Above 3× its floor: process-pool, shared-memory.", section, StringComparison.Ordinal);
        Assert.DoesNotContain("Below the floor", section, StringComparison.Ordinal);
        Assert.Contains("The process pool's floor sleeps on both sides of the pipe", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_AWakeUpFloorTimedInTwoPlacements_TakesTheLower()
    {
        // across two cores a virtual machine's wake-up traps to its hypervisor: the pipe there costs 40 µs, on one core 12.5
        ReportFixtures.Write(Results);
        WriteFloors(At(FloorsResult.PipeRoundTrip, 40), At(FloorsResult.PipeRoundTrip + FloorsResult.OneCoreSuffix, 12.5),
            At(FloorsResult.EventfdThreads, 8), At(FloorsResult.EventfdThreads + FloorsResult.OneCoreSuffix, 20));

        string report = await ReportTextAsync();

        string section = report[report.IndexOf("### Against the operating system's floor", StringComparison.Ordinal)..];
        Assert.Matches(@"\| process-pool \| 70\.\d+ \| pipe-round-trip-one-core \| 12\.5 \| 5\.6\d× \|", section);
        Assert.Matches(@"\| thread-pool \| 30\.\d+ \| eventfd-threads \| 8\.00 \| 3\.7\d× \|", section);
    }

    [Fact]
    public async Task Dispatch_AHandOffBelowItsFloor_IsNamedAsNotBoundedByIt()
    {
        // the fixture's thread-pool hand-off, 30.1 µs, under a 50 µs wake-up
        ReportFixtures.Write(Results);
        WriteFloors(At(FloorsResult.EventfdThreads, 50));

        string report = await ReportTextAsync();

        Assert.Contains("Below the floor it is set beside: thread-pool. That floor does not bound it: the hand-off did not pay a whole wake-up, as when it finds a thread still awake", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_TheProcessPoolBelowItsPipeFloor_IsExplainedByItsPolling()
    {
        // the fixture's process-pool hand-off, 70.1 µs, under an 80 µs pipe round trip
        ReportFixtures.Write(Results);
        WriteFloors(At(FloorsResult.PipeRoundTrip, 80));

        string report = await ReportTextAsync();

        Assert.Contains("Below the floor it is set beside: process-pool. That floor does not bound it: the hand-off did not pay a whole wake-up.", report, StringComparison.Ordinal);
        Assert.Matches(@"its worker polls stdin for the next request for up to 50(\.0)? [µμ]s after each answer", report);
    }

    [Fact]
    public async Task Dispatch_NoFloorsMeasured_SaysSo()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        Assert.Contains("This run did not measure the operating system's floors", report, StringComparison.Ordinal);
    }
}
