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

        string section = report[report.IndexOf("## Throughput", StringComparison.Ordinal)..report.IndexOf("## Break-even", StringComparison.Ordinal)];
        int[] rows = [.. StrategyCatalog.Names.Select(name => section.IndexOf($"\n| {name} | 1,000,000 | 1 |", StringComparison.Ordinal))];
        Assert.All(rows, row => Assert.True(row > 0));
        Assert.Equal(rows.Order(), rows);
    }
}
