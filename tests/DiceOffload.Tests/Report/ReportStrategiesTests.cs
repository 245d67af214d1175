using DiceOffload.Strategies;

namespace DiceOffload.Tests.Report;

/// <summary>The report's feature table and its order follow the strategy catalog.</summary>
public sealed class ReportStrategiesTests : ReportTestBase
{
    [Fact]
    public async Task Report_FeatureTable_HasARowForEveryCatalogStrategyInCatalogOrder()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        string table = report[report.IndexOf("## The strategies side by side", StringComparison.Ordinal)..];
        int[] rows = [.. StrategyCatalog.All.Select(e => table.IndexOf($"\n| {e.Name} | {e.Features.FreesTheCaller} | {e.Features.UsesEveryCore} |", StringComparison.Ordinal))];
        Assert.All(rows, (row, i) => Assert.True(row > 0, $"no feature row for {StrategyCatalog.All[i].Name}"));
        Assert.Equal(rows.Order(), rows);
    }

    [Fact]
    public async Task Report_ThroughputTable_ListsTheStrategiesInCatalogOrder()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        int table = report.IndexOf("### Every case: Throughput\n", StringComparison.Ordinal), next = report.IndexOf("\n### ", table + 5, StringComparison.Ordinal);
        string section = report[table..(next < 0 ? report.Length : next)];
        int[] rows = [.. StrategyCatalog.Names.Select(name => section.IndexOf($"\n| {name} | 1,000,000 | 1 |", StringComparison.Ordinal))];
        Assert.All(rows, row => Assert.True(row > 0));
        Assert.Equal(rows.Order(), rows);
    }

    [Fact]
    public async Task Report_EveryBenchmarkTableRow_HasAnIntervalThatContainsItsMedian()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        // rows of the benchmark tables: "| strategy | params… | median | lower – upper | ratio | allocated |"
        var rows = report.Split('\n').Where(l => l.StartsWith('|') && l.Contains(" – ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rows);
        foreach (string row in rows)
        {
            string[] cells = [.. row.Split('|', StringSplitOptions.TrimEntries).Where(c => c.Length > 0)];
            int at = Array.FindIndex(cells, c => c.Contains(" – ", StringComparison.Ordinal));
            double median = Number(cells[at - 1]);
            string[] bounds = cells[at].Split(" (")[0].Split(" – ");
            Assert.True(Number(bounds[0]) <= median && median <= Number(bounds[1]), $"the interval does not contain the median: {row}");
        }
    }

    private static double Number(string text) => double.Parse(text.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
