using System.Reflection;
using BenchmarkDotNet.Attributes;
using DiceOffload.Bench.Benchmarks;
using DiceOffload.Strategies;

namespace DiceOffload.Tests.Strategies;

/// <summary>The catalog is the one place a strategy is described; everything else must follow it.</summary>
public sealed class StrategyCatalogTests
{
    public static TheoryData<string> Names() => [.. StrategyCatalog.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Create_EachEntry_MakesTheStrategyOfThatName(string name)
    {
        await using var strategy = StrategyCatalog.Create(name);

        Assert.Equal(name, strategy.Name);
    }

    [Fact]
    public void All_Entries_HaveDistinctNamesMethodsAndColours()
    {
        Assert.Equal(StrategyCatalog.All.Count, StrategyCatalog.All.Select(e => e.Name).Distinct().Count());
        Assert.Equal(StrategyCatalog.All.Count, StrategyCatalog.All.Select(e => e.BenchmarkMethod).Distinct().Count());
        Assert.Equal(StrategyCatalog.All.Count, StrategyCatalog.All.Select(e => e.ColourHex.ToUpperInvariant()).Distinct().Count());
        Assert.All(StrategyCatalog.All, e => Assert.Matches("^#[0-9a-fA-F]{6}$", e.ColourHex));
    }

    [Fact]
    public void All_Entries_AnswerEveryFeatureQuestion()
    {
        Assert.All(StrategyCatalog.All, e => Assert.All(
            new[] { e.Features.FreesTheCaller, e.Features.UsesEveryCore, e.Features.SharesMemory, e.Features.HowItStops, e.Features.WhenAWorkerDies },
            answer => Assert.False(string.IsNullOrWhiteSpace(answer), $"{e.Name} leaves a feature question unanswered")));
    }

    [Fact]
    public void EveryStrategy_BenchmarkMethods_AreExactlyTheCatalogInItsOrder()
    {
        string[] benchmarks = [.. typeof(EveryStrategy).GetMethods()
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)
            .OrderBy(m => m.MetadataToken)
            .Select(m => m.Name)];

        Assert.Equal(StrategyCatalog.All.Select(e => e.BenchmarkMethod), benchmarks);
    }

    [Fact]
    public void EveryStrategy_EachBenchmark_HasItsOwnGlobalSetup()
    {
        string[] targets = [.. typeof(EveryStrategy).GetMethods()
            .Select(m => m.GetCustomAttribute<GlobalSetupAttribute>())
            .OfType<GlobalSetupAttribute>()
            .SelectMany(a => a.Targets)];

        Assert.Equal(StrategyCatalog.All.Select(e => e.BenchmarkMethod).Order(), targets.Order());
    }

    [Fact]
    public void Create_UnknownName_NamesEveryStrategy()
    {
        var error = Assert.Throws<ArgumentException>(() => StrategyCatalog.Create("fork"));

        Assert.All(StrategyCatalog.Names, name => Assert.Contains(name, error.Message, StringComparison.Ordinal));
    }
}
