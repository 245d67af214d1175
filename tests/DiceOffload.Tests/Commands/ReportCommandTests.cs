using DiceOffload.Tests.Report;

namespace DiceOffload.Tests.Commands;

public sealed class ReportCommandTests : ReportTestBase
{
    [Fact]
    public async Task Report_CompleteResults_WritesEverySectionAndLinksChartsThatExist()
    {
        ReportFixtures.Write(Results);

        Assert.Equal(0, await Report());

        string report = File.ReadAllText(ReportPath);
        // the reader's order: what to use, the summary, the sections, the method and the machines, the appendix
        string[] sections = ["# Dice offload: running CPU-bound work in .NET without blocking", "## What to use", "## Summary", "## Keep an event loop responsive", "## Use every core: throughput",
            "## What a hand-off costs", "## Race", "## Environment", "## Methodology", "## Caveats", "## How to reproduce", "## Appendix", "### The strategies side by side"];
        foreach (string section in sections)
            Assert.Contains(section + "\n", report, StringComparison.Ordinal);
        Assert.Equal(sections, sections.OrderBy(s => report.IndexOf(s + "\n", StringComparison.Ordinal)));
        var links = System.Text.RegularExpressions.Regex.Matches(report, @"!\[[^\]]*\]\(([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("results/charts/throughput.png", links);
        Assert.All(links, link => Assert.True(File.Exists(Path.Combine(Temp.Path, link)), $"{link} does not exist"));
        // each chart's PNG links to its SVG, drawn beside it
        var svgs = System.Text.RegularExpressions.Regex.Matches(report, @"\]\(([^)]+\.svg)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(links.Count, svgs.Count);
        Assert.All(svgs, svg => Assert.True(File.Exists(Path.Combine(Temp.Path, svg)), $"{svg} does not exist"));
        Assert.Equal("", Error.ToString());
    }

    [Fact]
    public async Task Report_CompleteResults_SummarizesFromTheData()
    {
        ReportFixtures.Write(Results);

        Assert.Equal(0, await Report());

        string report = File.ReadAllText(ReportPath);
        Assert.Contains("Without atomics, 2 workers sharing one counter lost 5.0% of its updates (median of 3)", report, StringComparison.Ordinal);
        Assert.Contains("Inline, the job on 2 workers stalled a 10 ms heartbeat for up to 480 ms; under thread, the lowest, its 99th percentile stayed at 0.750 ms.", report, StringComparison.Ordinal);
        Assert.Contains("| a UI thread or an event loop | the job off the loop: thread | heartbeat p99 0.750 ms on 2 workers; inline stalled it 480 ms", report, StringComparison.Ordinal);
        Assert.Contains("| CPU | AMD EPYC 7763 2.45GHz |", report, StringComparison.Ordinal);
        Assert.Contains("2025-11-25 10:15:00", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_SameInputTwice_WritesIdenticalReportAndCharts()
    {
        ReportFixtures.Write(Results);
        string charts = Path.Combine(Results, "charts");

        Assert.Equal(0, await Report());
        byte[] first = File.ReadAllBytes(ReportPath);
        var firstCharts = Directory.GetFiles(charts).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        Directory.Delete(charts, recursive: true);
        Assert.Equal(0, await Report());

        Assert.Equal(first, File.ReadAllBytes(ReportPath));
        Assert.Equal(firstCharts, Directory.GetFiles(charts).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList());
    }

    [Fact]
    public async Task Report_TruncatedExport_NamesTheFileAndReportsTheRest()
    {
        ReportFixtures.Write(Results);
        string broken = Directory.GetFiles(Path.Combine(Results, "benchmarkdotnet", "results"), "*Dispatch*").Single();
        string text = File.ReadAllText(broken);
        File.WriteAllText(broken, text[..(text.Length / 2)]);

        Assert.Equal(0, await Report());

        Assert.Contains(broken, Error.ToString(), StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Error.ToString(), StringComparison.Ordinal);
        string report = File.ReadAllText(ReportPath);
        Assert.Contains("## Missing", report, StringComparison.Ordinal);
        Assert.Contains(broken, report, StringComparison.Ordinal);
        Assert.Contains("![Use every core: throughput](results/charts/throughput.png)", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_MalformedScenarioFile_NamesTheFileAndReportsTheRest()
    {
        ReportFixtures.Write(Results);
        string race = Path.Combine(Results, "scenarios", "race.json");
        File.WriteAllText(race, "{ \"schemaVersion\": 1, \"runs\": [");

        Assert.Equal(0, await Report());

        Assert.Contains(race, Error.ToString(), StringComparison.Ordinal);
        string report = File.ReadAllText(ReportPath);
        Assert.Contains("Race: no race.json", report, StringComparison.Ordinal);
        Assert.Contains("## Use every core: throughput", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_MissingFolder_ReturnsTwoAndNamesIt()
    {
        string missing = Path.Combine(Temp.Path, "nowhere");

        Assert.Equal(2, await Report(missing));

        Assert.Contains(missing, Error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(ReportPath));
    }

    [Fact]
    public async Task Report_FolderWithNothingUsable_ReturnsTwo()
    {
        Directory.CreateDirectory(Results);
        File.WriteAllText(Path.Combine(Results, "DiceOffload.Bench.Benchmarks.Throughput-report-full.json"), "{");

        Assert.Equal(2, await Report());

        Assert.Contains("Throughput-report-full.json", Error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(ReportPath));
    }
}
