using DiceOffload.Bench.Study;

namespace DiceOffload.Tests.Layout;

/// <summary>bench/'s folders form no loop: no folder uses one that uses it back, and Cli/ uses no other folder.</summary>
public sealed class BenchFolderGraphTests
{
    private static readonly Lazy<FolderGraph.Graph> s_bench = new(() =>
        FolderGraph.Build(FolderGraph.BenchSources(StudyPaths.RepositoryRoot()!), "Bench.dll"));

    [Fact]
    public void BenchFolders_BindEveryName()
    {
        var graph = s_bench.Value;

        Assert.True(graph.UnresolvedNames.Count == 0, string.Join("\n", graph.UnresolvedNames.Take(10)));
        // the edges the commands and the study cannot do without: a graph that found none would prove nothing
        Assert.Contains(("Commands", "Cli"), graph.Edges.Keys);
        Assert.Contains(("Study", "Scenarios"), graph.Edges.Keys);
        Assert.Contains(("Scenarios", "Benchmarks"), graph.Edges.Keys);
    }

    [Fact]
    public void BenchFolders_UseNoFolderThatUsesThemBack()
    {
        var graph = s_bench.Value;

        var cycle = FolderGraph.FindCycle(graph.Edges.Keys);

        Assert.True(cycle is null, cycle is null ? "" : Describe(graph, cycle));
    }

    [Fact]
    public void Cli_UsesNoOtherFolderOfBench()
    {
        var graph = s_bench.Value;

        var uses = graph.Edges.Where(e => e.Key.From == "Cli").ToList();

        Assert.True(uses.Count == 0, string.Join("; ", uses.Select(e => $"Cli → {e.Key.To} ({string.Join(", ", e.Value.Select(u => $"{u.File}: {u.Type}"))})")));
    }

    [Fact]
    public void FindCycle_QualifiedNameBackIntoAFolder_NamesTheLoop()
    {
        // the shape of the loop this test was written for: a using one way, a qualified name (no using) the other way
        FolderGraph.Source[] sources =
        [
            new("Serve", "Serve/Server.cs", "namespace App.Serve; public static class Server { public static int Nice => App.Scenarios.Lowered.Nice; }"),
            new("Scenarios", "Scenarios/Lowered.cs", "using App.Serve; namespace App.Scenarios; public static class Lowered { public const int Nice = 10; public static int Port => Server.Nice; }"),
            new("Cli", "Cli/Codes.cs", "namespace App.Cli; public static class Codes { public const int BadInput = 2; }"),
            new("Commands", "Commands/Run.cs", "namespace App.Commands; public static class Run { public static int Fail() => App.Cli.Codes.BadInput + App.Scenarios.Lowered.Port; }"),
        ];

        var graph = FolderGraph.Build(sources);
        var cycle = FolderGraph.FindCycle(graph.Edges.Keys);

        Assert.Empty(graph.UnresolvedNames);
        Assert.Equal(["Scenarios", "Serve", "Scenarios"], cycle);
        Assert.Equal([new FolderGraph.Use("Serve/Server.cs", "Lowered")], graph.Edges[("Serve", "Scenarios")]);
        Assert.Null(FolderGraph.FindCycle(graph.Edges.Keys.Where(e => e.From != "Serve")));
    }

    [Fact]
    public void FindCycle_ThreeFolderLoop_NamesEveryFolderOnIt()
    {
        var cycle = FolderGraph.FindCycle([("Benchmarks", "Study"), ("Study", "Scenarios"), ("Scenarios", "Benchmarks"), ("Commands", "Study")]);

        Assert.Equal(["Benchmarks", "Study", "Scenarios", "Benchmarks"], cycle);
    }

    private static string Describe(FolderGraph.Graph graph, IReadOnlyList<string> cycle) =>
        "bench/ has a loop of folders: " + string.Join(", ", cycle.Zip(cycle.Skip(1)).Select(step =>
            $"{step.First} → {step.Second} ({string.Join(", ", graph.Edges[(step.First, step.Second)].Select(u => $"{u.File}: {u.Type}"))})"));
}
