using DiceOffload.ResultFiles;

namespace DiceOffload.Tests.Report;

/// <summary>The report's web-server section, from the server scenario's file.</summary>
public sealed class ReportServerTests : ReportTestBase
{
    private string Section(string report)
    {
        int start = report.IndexOf("## Keep a web server responsive", StringComparison.Ordinal);
        Assert.True(start >= 0, "no server section");
        int end = report.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return report[start..end];
    }

    [Fact]
    public async Task Server_TablesEveryRun_AndPicksTheLowestP99PerSituation()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();
        string section = Section(report);

        // every run's row is in the appendix, which the section links
        Assert.Contains("[Every server run](#every-server-run)", section, StringComparison.Ordinal);
        Assert.Contains("| thread | 2 | 1 | 0.200 | 2.00 | 3.00 | 4.00 | 0 | 500 | 1,000 | 0.400 |", report[report.IndexOf("### Every server run\n", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("| one heavy job that should use every core | thread on 2 workers | 2.00 | 1,000 | 400 |", section, StringComparison.Ordinal);
        Assert.Contains("| one heavy job on one core | thread on 1 worker | 4.00 | 2,000 | 400 |", section, StringComparison.Ordinal);
        Assert.Contains("| 2 heavy jobs at once, each on every core | thread on 2 workers | 8.00 |", section, StringComparison.Ordinal);
        Assert.Contains("one instance killed with SIGKILL 1,166 ms in. 3 of 1,750 requests failed; the supervisor's replacement was listening 412 ms after the kill", section, StringComparison.Ordinal);
        Assert.Contains("skipped: neither wrk nor bombardier is on the PATH", section, StringComparison.Ordinal);
        foreach (string chart in new[] { "server-ping-timeline.png", "server-ping-p99.png", "server-pool.png" })
            Assert.True(File.Exists(Path.Combine(Results, "charts", chart)), $"{chart} was not drawn");
    }

    [Fact]
    public async Task Summary_ClaimsOnlyOrdersOfMagnitudeFromOneRunEach()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        // 9 ms is no starvation: the sentence names no mechanism
        Assert.Contains("With one heavy request on every core, a web server's `/ping` p99 was 9.00 ms under thread-pool and 2.00 ms under thread (one run each).", report, StringComparison.Ordinal);
        Assert.DoesNotContain("lowest under", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_WithoutItsFile_IsListedAsMissing()
    {
        ReportFixtures.Write(Results);
        File.Delete(Path.Combine(Results, "scenarios", ResultsLayout.ServerFile));

        string report = await ReportTextAsync();

        Assert.Contains("No results: no version-1 server.json", Section(report), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Results, "charts", "server-pool.png")));
    }
}
