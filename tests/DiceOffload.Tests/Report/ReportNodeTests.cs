using DiceOffload.ResultFiles;

namespace DiceOffload.Tests.Report;

/// <summary>The report's Node.js section: each Node.js figure beside the .NET strategy that does the same thing.</summary>
public sealed class ReportNodeTests : ReportTestBase
{
    [Fact]
    public async Task Report_NodeResults_PairEachModeWithItsDotNetStrategyAndGiveTheRatio()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        int start = report.IndexOf("### The article's Node.js code on the same machine", StringComparison.Ordinal), end = report.IndexOf("\n### ", start + 5, StringComparison.Ordinal);
        string section = report[start..(end < 0 ? report.Length : end)];
        // the fixture's .NET inline takes 2.6 ns a throw: 260 ms for 10^8
        Assert.Contains("| inline | inline | 100,000,000 | 1 | 260 | 1,100 | 990 – 1,320 | 4.23× |", section, StringComparison.Ordinal);
        Assert.Contains("| thread | worker_threads | 100,000,000 | 2 |", section, StringComparison.Ordinal);
        Assert.Contains("| process | fork | 100,000,000 | 2 |", section, StringComparison.Ordinal);
        Assert.Contains("| shared-memory | shared-array-buffer | 100,000,000 | 2 |", section, StringComparison.Ordinal);
        Assert.Contains("| Node.js | on the loop | 100,000,000 | 1.00 | 550 | 1,089 | 1,100 | 2 |", section, StringComparison.Ordinal);
        Assert.Contains("| .NET | on a worker thread |", section, StringComparison.Ordinal);
        Assert.Contains("![The same job in .NET and in the article's Node.js code]", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_NoNodeResults_MarksTheSectionSkipped()
    {
        ReportFixtures.Write(Results);
        File.Delete(Path.Combine(Results, "scenarios", ResultsLayout.NodeFile));

        string report = await ReportTextAsync();

        Assert.Contains("No results: skipped: no node.json in the results (Node.js was not on the PATH, or the study ran without its Node.js scenario).", report, StringComparison.Ordinal);
    }
}
