using DiceOffload.Bench.Scenarios.LoopWaits;
using DiceOffload.Strategies;

namespace DiceOffload.Bench.Scenarios;

/// <summary>One configuration of the responsiveness scenario: a strategy at a worker count, how the loop waits, and a remedy.</summary>
public sealed record ResponsivenessCase(string Strategy, int Workers, string Wait, string Remedy)
{
    public const string NoRemedy = "none";

    /// <summary>Leave one core to the loop: workers = cores − 1.</summary>
    public const string OneCoreFree = "one-core-free";

    /// <summary>Every core, with the workers at nice +10, below the loop's nice 0.</summary>
    public const string NicePlusTen = "nice+10";

    // the strategies that show a wait's and a remedy's effect: dedicated threads and long-lived processes, which free the loop
    private static readonly string[] FullLoadStrategies = ["thread", "process-pool"];

    /// <summary>
    /// Every strategy at every worker count with the default wait; then, at every core, the two full-load strategies
    /// with each other way of waiting; then the remedies: one core left free (also for the thread pool and
    /// parallel-for) and the workers at nice +10.
    /// </summary>
    public static IReadOnlyList<ResponsivenessCase> Plan(ScenarioSettings settings, IReadOnlyList<string> strategies)
    {
        var cases = new List<ResponsivenessCase>();
        foreach (int workers in settings.WorkerCounts)
            cases.AddRange(strategies.Select(s => new ResponsivenessCase(s, workers, LoopWait.Default, NoRemedy)));
        int cores = settings.WorkerCounts.Max();
        string[] loaded = [.. FullLoadStrategies.Where(strategies.Contains)];
        foreach (string wait in LoopWait.Names.Where(w => w != LoopWait.Default))
            cases.AddRange(loaded.Select(s => new ResponsivenessCase(s, cores, wait, NoRemedy)));
        if (cores > 1)
        {
            // parallel-for at cores − 1 is MaxDegreeOfParallelism = cores − 1, the fix its guidance gives
            string[] freeOne = [.. strategies.Where(s => s is "thread" or "thread-pool" or "parallel-for" or "process-pool")];
            cases.AddRange(freeOne.Select(s => new ResponsivenessCase(s, cores - 1, LoopWait.Default, OneCoreFree)));
        }
        // nice values are per thread on Linux, where the remedy is set with setpriority
        if (OperatingSystem.IsLinux())
            cases.AddRange(loaded.Select(s => new ResponsivenessCase(s, cores, LoopWait.Default, NicePlusTen)));
        return cases;
    }

    /// <summary>The strategy with the remedy applied: for <see cref="NicePlusTen"/>, threads that lower their own priority, or pool workers lowered once started.</summary>
    public async Task<IDiceStrategy> CreateAsync()
    {
        var strategy = Remedy == NicePlusTen && Strategy == "thread"
            ? LoweredPriority.Threads()
            : StrategyCatalog.Create(Strategy);
        await strategy.StartAsync(Workers);
        if (Remedy == NicePlusTen && strategy is ProcessPoolStrategy pool)
            LoweredPriority.Lower(pool);
        return strategy;
    }

    public override string ToString() => $"{Strategy,-14} workers {Workers}, wait {Wait}, remedy {Remedy}";
}
