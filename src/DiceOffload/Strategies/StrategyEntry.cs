using DiceOffload.Processes;

namespace DiceOffload.Strategies;

/// <summary>
/// Everything the command line, the benchmarks and the report need to know about one strategy, said once, in the
/// strategy's own file. Its place in <see cref="StrategyCatalog.All"/> is its place in every table, chart and legend.
/// </summary>
/// <param name="Name">The name on the command line and in scenario results: <c>parallel-for</c>.</param>
/// <param name="BenchmarkMethod">The benchmark method that runs it, a permanent id the regression check matches on: <c>ParallelFor</c>.</param>
/// <param name="ColourHex">Its colour in every chart, <c>#rrggbb</c>.</param>
/// <param name="Features">Its row in the report's table of the strategies side by side.</param>
/// <param name="Create">Makes a new instance.</param>
public sealed record StrategyEntry(
    string Name,
    string BenchmarkMethod,
    string ColourHex,
    StrategyFeatures Features,
    Func<StrategyOptions, IDiceStrategy> Create)
{
    /// <summary>Whether it runs the job in worker processes, started as <see cref="StrategyOptions.Worker"/> says.</summary>
    public bool StartsWorkerProcesses { get; init; }
}

/// <summary>A strategy's answers to the questions of the report's feature table, in whole phrases.</summary>
public sealed record StrategyFeatures(string FreesTheCaller, string UsesEveryCore, string SharesMemory, string HowItStops, string WhenAWorkerDies)
{
    /// <summary>How every in-process strategy stops.</summary>
    public const string Cooperative = "cooperatively: a cancellation token checked between chunks";

    /// <summary>What a failing worker thread does to an in-process strategy that uses several.</summary>
    public const string InProcessDeath = "an exception faults the job and stops the others at their next chunk; a crash (stack overflow, fail-fast) ends the whole program";
}

/// <summary>What a new strategy instance is given.</summary>
/// <param name="Worker">How the process strategies start their workers; null for <see cref="WorkerLaunch.Default"/>.</param>
/// <param name="Notice">Where a strategy reports what it did on its own (a worker replaced), one line at a time, without its name; null to say nothing.</param>
public sealed record StrategyOptions(WorkerLaunch? Worker = null, Action<string>? Notice = null)
{
    public static StrategyOptions Default { get; } = new();
}
