namespace DiceOffload.Strategies;

/// <summary>Every strategy by name, in the order the study and the report present them.</summary>
public static class StrategyCatalog
{
    private static readonly (string Name, Func<IDiceStrategy> Create)[] Entries =
    [
        ("inline", () => new InlineStrategy()),
        ("thread", () => new ThreadStrategy()),
        ("thread-pool", () => new ThreadPoolStrategy()),
        ("parallel-for", () => new ParallelForStrategy()),
        ("process", () => new ProcessStrategy()),
        ("shared-memory", () => new SharedMemoryStrategy()),
        ("process-pool", () => new ProcessPoolStrategy()),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Entries.Select(e => e.Name)];

    public static bool Contains(string name) => Names.Contains(name);

    /// <remarks>A strategy that holds workers (<see cref="ProcessPoolStrategy"/>) is <see cref="IDisposable"/>; dispose it.</remarks>
    /// <exception cref="ArgumentException">No strategy has that name.</exception>
    public static IDiceStrategy Create(string name)
    {
        foreach (var entry in Entries)
        {
            if (entry.Name == name)
                return entry.Create();
        }
        throw new ArgumentException($"unknown strategy '{name}'; the strategies are {string.Join(", ", Names)}.", nameof(name));
    }
}
