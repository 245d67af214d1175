using DiceOffload.Tests.Comparison;
using System.Text.RegularExpressions;

namespace DiceOffload.Tests.Report;

/// <summary>"What to use": a row per situation the results answer, each from the runs, linked to a heading of the report,
/// and saying in how many runs of the stability check its claim held.</summary>
public sealed class ReportDecisionGuideTests : ReportTestBase
{
    private static string Guide(string report)
    {
        int start = report.IndexOf("## What to use\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "no guide");
        Assert.True(start < report.IndexOf("## Summary\n", StringComparison.Ordinal), "the guide comes before the summary");
        return report[start..report.IndexOf("\n## ", start + 5, StringComparison.Ordinal)];
    }

    // GitHub's anchor of every heading in the report
    private static HashSet<string> Anchors(string report) =>
        [.. Regex.Matches(report, "^#+ (.+)$", RegexOptions.Multiline).Select(m => string.Concat(m.Groups[1].Value.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c).ToString() : c is ' ' or '-' ? "-" : c == '_' ? "_" : "")))];

    // a pool whose started worker answers 400 times sooner than a new process: the fixture's own Dispatch has no such gap
    private static void WriteDispatch(string resultsFolder, double poolNs, int seed = 1) =>
        BdnExportWriter.Write(Path.Combine(resultsFolder, "benchmarkdotnet", "results"), "Dispatch",
            [new FixtureCase("Dispatch", "Inline", BdnExportWriter.Around(100, seed), [], 200), new FixtureCase("Dispatch", "Process", BdnExportWriter.Around(20_000_000, seed + 1), [], 200), new FixtureCase("Dispatch", "ProcessPool", BdnExportWriter.Around(poolNs, seed + 2), [], 200)]);

    [Fact]
    public async Task Guide_RowsTheResultsAnswer_EachLinkedToAHeadingOfTheReport()
    {
        ReportFixtures.Write(Results, withVectorKernel: true);
        WriteDispatch(Results, 50_000);

        string report = await ReportTextAsync();
        string guide = Guide(report);

        Assert.Contains("| a UI thread or an event loop | the job off the loop: thread |", guide, StringComparison.Ordinal);
        Assert.Contains("| a batch job that should use every core | a cheaper loop first, then ", guide, StringComparison.Ordinal);
        Assert.Contains("| a job you may need to kill | a process pool", guide, StringComparison.Ordinal);
        Assert.Contains("| an ASP.NET Core endpoint with a heavy job |", guide, StringComparison.Ordinal);
        // no quota.json in the fixture: no container row
        Assert.DoesNotContain("a container with a CPU limit", guide, StringComparison.Ordinal);
        var links = Regex.Matches(guide, @"\]\(#([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(4, links.Count);
        var anchors = Anchors(report);
        Assert.All(links, link => Assert.Contains(link, anchors));
        Assert.All(guide.Split('\n').Where(l => l.StartsWith("| a", StringComparison.Ordinal)), row => Assert.Contains("| one run, no rerun yet |", row, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Guide_RerunThatDisagrees_SaysSoInTheRow()
    {
        ReportFixtures.Write(Results);
        WriteDispatch(Results, 50_000);
        string rerun = Path.Combine(Results, "stability", "run-20251126-090000");
        ReportFixtures.Write(rerun);
        // in the rerun the process pool's hand-off is no cheaper than starting a process
        WriteDispatch(rerun, 20_000_000, seed: 7);

        string guide = Guide(await ReportTextAsync());

        Assert.Matches(@"\| a job you may need to kill \|[^\n]*\| held in 1 of 2 runs; otherwise not distinguishable \|", guide);
        Assert.Matches(@"\| a UI thread or an event loop \|[^\n]*\| held in all 2 runs \|", guide);
    }

    [Fact]
    public async Task Guide_NoResultsItRestsOn_IsAbsentAndListedUnderMissing()
    {
        // the race scenario alone answers none of the guide's situations
        ReportFixtures.WriteScenarios(Path.Combine(Results, "scenarios"));
        foreach (string file in new[] { "responsiveness.json", "server.json", "node.json" })
            File.Delete(Path.Combine(Results, "scenarios", file));

        string report = await ReportTextAsync();

        Assert.Contains("No results: none of the experiments the guide rests on has results.", Guide(report), StringComparison.Ordinal);
        Assert.Contains("- What to use: none of the experiments the guide rests on has results", report, StringComparison.Ordinal);
    }
}
