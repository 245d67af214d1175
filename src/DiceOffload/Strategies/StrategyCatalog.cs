namespace DiceOffload.Strategies;

/// <summary>Every strategy, in the order the study and the report present them: the calling thread first, then ever further from it.</summary>
/// <remarks>Adding a strategy: its file with its <see cref="StrategyEntry"/>, one line here, its benchmark method in the study.</remarks>
public static class StrategyCatalog
{
    public static IReadOnlyList<StrategyEntry> All { get; } =
    [
        InlineStrategy.Entry,
        ThreadStrategy.Entry,
        LongRunningStrategy.Entry,
        ThreadPoolStrategy.Entry,
        ParallelForStrategy.Entry,
        ProcessStrategy.Entry,
        SharedMemoryStrategy.Entry,
        ProcessPoolStrategy.Entry,
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(e => e.Name)];

    public static bool Contains(string name) => Names.Contains(name);

    /// <summary>The entry whose <see cref="StrategyEntry.Name"/> or <see cref="StrategyEntry.BenchmarkMethod"/> is <paramref name="name"/>; null when none is.</summary>
    public static StrategyEntry? Find(string name) =>
        All.FirstOrDefault(e => e.Name == name || e.BenchmarkMethod == name);

    /// <summary>A new instance of the named strategy; start it, run jobs, dispose it (<see cref="IDiceStrategy"/>).</summary>
    /// <exception cref="ArgumentException">No strategy has that name.</exception>
    public static IDiceStrategy Create(string name, StrategyOptions? options = null) =>
        (Find(name) ?? throw new ArgumentException($"unknown strategy '{name}'; the strategies are {string.Join(", ", Names)}.", nameof(name)))
            .Create(options ?? StrategyOptions.Default);
}
