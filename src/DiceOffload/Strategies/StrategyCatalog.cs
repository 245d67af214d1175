using DiceOffload.Processes;

namespace DiceOffload.Strategies;

/// <summary>Every strategy by name, in the order the study and the report present them.</summary>
public static class StrategyCatalog
{
    // the worker command reaches the strategies that start worker processes; null means WorkerLaunch.Default
    private static readonly (string Name, Func<WorkerLaunch?, IDiceStrategy> Create)[] Entries =
    [
        ("inline", _ => new InlineStrategy()),
        ("thread", _ => new ThreadStrategy()),
        ("thread-pool", _ => new ThreadPoolStrategy()),
        ("parallel-for", _ => new ParallelForStrategy()),
        ("process", worker => new ProcessStrategy(worker)),
        ("shared-memory", worker => new SharedMemoryStrategy(worker)),
        ("process-pool", worker => new ProcessPoolStrategy(worker)),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Entries.Select(e => e.Name)];

    public static bool Contains(string name) => Names.Contains(name);

    /// <param name="name">The strategy's name.</param>
    /// <param name="worker">How the process strategies start their workers; null for <see cref="WorkerLaunch.Default"/>.</param>
    /// <remarks>A strategy that holds workers (<see cref="ProcessPoolStrategy"/>) is <see cref="IDisposable"/>; dispose it.</remarks>
    /// <exception cref="ArgumentException">No strategy has that name.</exception>
    public static IDiceStrategy Create(string name, WorkerLaunch? worker = null)
    {
        foreach (var entry in Entries)
        {
            if (entry.Name == name)
                return entry.Create(worker);
        }
        throw new ArgumentException($"unknown strategy '{name}'; the strategies are {string.Join(", ", Names)}.", nameof(name));
    }
}
