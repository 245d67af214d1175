using DiceOffload.ResultFiles;

namespace DiceOffload.Tests.Report;

/// <summary>"What the usual fixes buy": each remedy's runs against nothing done and the idle server, from server.json.</summary>
public sealed class ReportServerRemediesTests : ReportTestBase
{
    private const string Case = "thread-pool, 2 workers, 1 client";

    private static IEnumerable<ServerRemedyRun> Runs(string remedy, string strategy, int workers, int clients, double[] p99, double rollMs, int peakThreads) =>
        p99.Select((p, i) => new ServerRemedyRun(remedy, $"setting of {remedy}", clients == 0 ? "no heavy job" : Case, strategy, workers, clients, i + 1, "workstation",
            1250, 0, p / 3, p, p * 1.2, clients == 0 ? [] : [rollMs + i], clients == 0 ? [] : [200], peakThreads, 5, i == 0 ? [new PoolSample(0, peakThreads, 5)] : null));

    private void WriteRemedies(params IEnumerable<ServerRemedyRun>[] runs)
    {
        string path = Path.Combine(Results, "scenarios", ResultsLayout.ServerFile);
        var server = ScenarioFiles.Read<ServerResult>(path);
        ScenarioFiles.Write(path, server with { Remedies = [.. runs.SelectMany(r => r)] });
    }

    private static string Section(string report)
    {
        int start = report.IndexOf("### What the usual fixes buy", StringComparison.Ordinal);
        Assert.True(start >= 0, "no remedies section");
        int end = report.IndexOf("\n## ", start, StringComparison.Ordinal);
        return report[start..(end < 0 ? report.Length : end)];
    }

    [Fact]
    public async Task Remedies_AreJudgedAgainstNothingDoneAndTheIdleServer_AndTheCheapestThatHeldIsNamed()
    {
        ReportFixtures.Write(Results);
        WriteRemedies(
            Runs(ServerRemedyRun.Idle, "inline", 1, 0, [5, 5, 6], 0, 3),
            Runs(ServerRemedyRun.None, "thread-pool", 2, 1, [800, 900, 1000], 1000, 4),
            Runs("min-threads", "thread-pool", 2, 1, [9, 10, 11], 1100, 16),
            Runs("consumers", "thread-pool", 2, 1, [850, 950, 1050], 1050, 5),
            Runs("one-core-free", "thread-pool", 1, 1, [7, 8, 9], 1500, 3),
            Runs("long-running", "long-running", 2, 1, [6, 7, 8], 1200, 4));

        string report = await ReportTextAsync();
        string section = Section(report);
        string table = report[report.IndexOf("### Every fix: thread-pool, 2 workers, 1 client\n", StringComparison.Ordinal)..];

        Assert.Contains("The idle server (no heavy job) answered with a p99 of 5.00 ms (5.00 – 6.00)", section, StringComparison.Ordinal);
        // the guide names the same cheapest fix for a server whose thread-pool job starves it
        Assert.Contains("where a thread-pool job starves it, the cheapest fix: `long-running` (setting of long-running)", report, StringComparison.Ordinal);
        Assert.Contains("p = 0.10 by an exact permutation test", section, StringComparison.Ordinal);
        Assert.Contains("`consumers` kept no run's p99 within 10.0 ms here (median 950 ms, not distinguishable from nothing done): the pool's queue peaked at 5 work items (median of its runs; 5 with nothing done, at most 5 on the idle server), no more than on the idle server, so the requests were not waiting for a pool thread but for the cores the jobs' threads held. "
            + "The consumer only starts the job: the thread-pool strategy queues its work items on the pool whichever thread calls it.", section, StringComparison.Ordinal);
        Assert.Contains("| none | setting of none | 900 (800 – 1,000) | 300 | 1,001 (1,000 – 1,002) |  | 0 | 4 |  |", table, StringComparison.Ordinal);
        Assert.Contains("| min-threads | setting of min-threads | 10.0 (9.00 – 11.0) |", table, StringComparison.Ordinal);
        Assert.Contains("| 1.10× | 0 | 16 | lower in every run | in 2 of 3 runs |", table, StringComparison.Ordinal);
        Assert.Contains("| consumers | setting of consumers | 950 (850 – 1,050) |", table, StringComparison.Ordinal);
        Assert.Contains("| not distinguishable | no |", table, StringComparison.Ordinal);
        Assert.Contains("| one-core-free | setting of one-core-free | 8.00 (7.00 – 9.00) |", table, StringComparison.Ordinal);
        // one-core-free and long-running held in every run; long-running cost the job less
        Assert.Contains("The cheapest fix that kept every run's p99 within 10.0 ms and answered every request and job: `long-running` (setting of long-running), at 1.20× the job time with nothing done; the others that held, at a higher cost: `one-core-free` (1.50× the job time with nothing done).", section, StringComparison.Ordinal);
        Assert.Contains("(the most pool threads seen, median of the runs): thread-pool, 2 workers, 1 client: 4 with nothing done, 16 with `min-threads`.", section, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Results, "charts", "server-remedies.png")), "server-remedies.png was not drawn");
    }

    [Fact]
    public async Task Remedies_TwoFixesWhoseJobTimesOverlap_AreBothNamedTheCheapest()
    {
        ReportFixtures.Write(Results);
        WriteRemedies(
            Runs(ServerRemedyRun.Idle, "inline", 1, 0, [5, 5, 6], 0, 3),
            Runs(ServerRemedyRun.None, "thread-pool", 2, 1, [800, 900, 1000], 1000, 4),
            Runs("consumers", "thread-pool", 2, 1, [7, 8, 9], 1600, 4),
            Runs("limiter", "thread-pool", 2, 1, [7, 8, 9], 1601, 4));

        string section = Section(await ReportTextAsync());

        Assert.Contains("The cheapest fixes that kept every run's p99 within 10.0 ms and answered every request and job, at job times their runs cannot tell apart: "
            + "`consumers` (setting of consumers, 1.60× the job time with nothing done) and `limiter` (setting of limiter, 1.60× the job time with nothing done); no other held.", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remedies_NoneHeld_SaysSo()
    {
        ReportFixtures.Write(Results);
        WriteRemedies(
            Runs(ServerRemedyRun.Idle, "inline", 1, 0, [5, 5, 5], 0, 3),
            Runs(ServerRemedyRun.None, "thread-pool", 2, 1, [800, 900, 1000], 1000, 4),
            Runs("server-gc", "thread-pool", 2, 1, [700, 1100, 1200], 1000, 4));

        string report = await ReportTextAsync();
        string section = Section(report);
        string table = report[report.IndexOf("### Every fix: thread-pool, 2 workers, 1 client\n", StringComparison.Ordinal)..];

        Assert.Contains("No fix kept every run's p99 within 10.0 ms while answering every request and job here.", section, StringComparison.Ordinal);
        Assert.Contains("| not distinguishable | no |", table, StringComparison.Ordinal);
        Assert.Contains("`server-gc` kept no run's p99 within 10.0 ms here (median 1,100 ms, not distinguishable from nothing done)", section, StringComparison.Ordinal);
        // the fixture's servers said workstation GC
        Assert.Contains("Some of its servers did not report the server GC, so these runs do not measure it.", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remedies_NotMeasured_AreListedAsMissing()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        Assert.Contains("No results: no remedy runs in server.json", Section(report), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Results, "charts", "server-remedies.png")));
    }
}
