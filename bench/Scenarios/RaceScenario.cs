using System.Diagnostics;
using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Scenarios;

/// <summary>
/// The article's warning that two threads writing one value lose updates: one shared counter bumped by every worker
/// without atomics, with <see cref="Interlocked"/>, and partitioned (a local count per worker, merged once).
/// </summary>
/// <remarks>
/// A race needs the workers to run at the same time. A fixed number of increments does not make them: on a busy machine a
/// thread's whole loop can fit in one scheduler slice, and the threads then run one after the other and lose nothing.
/// So each worker counts in blocks and keeps counting until every worker has started, the overlap time has passed since
/// the last one started, and every worker has seen another's increments land between two of its own blocks
/// <see cref="MinimumInterleavings"/> times (each such sighting is another worker running in between, on another core
/// or in a slice taken from this one). The updates expected are then each worker's own tally, added up.
/// </remarks>
public static class RaceScenario
{
    public static IReadOnlyList<string> Methods { get; } = ["unsynchronized", "interlocked", "partitioned"];

    /// <summary>How many times each worker must see another's increments between two of its own blocks before it stops.</summary>
    public const int MinimumInterleavings = 100;

    /// <summary>Increments between two looks at the other workers' progress.</summary>
    public const int Block = 1024;

    /// <summary>A run that has not shown its overlap after this long stops anyway; its record says how much it saw.</summary>
    public static TimeSpan Cap { get; } = TimeSpan.FromSeconds(60);

    public const int SchemaVersion = 2;

    /// <summary>About how long the scenario takes: every method's repetitions, each at least its overlap time.</summary>
    public static TimeSpan Planned(ScenarioSettings settings) => settings.RaceOverlap * Methods.Count * settings.Repetitions;

    public static RaceResult Run(ScenarioSettings settings, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        int workers = settings.WorkerCounts.Max();
        var runs = new List<RaceRun>();
        long fewest = long.MaxValue;
        foreach (string method in Methods)
        {
            var counts = new List<RaceCount>();
            var elapsed = new List<double>();
            for (int i = 0; i < settings.Repetitions; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                counts.Add(Count(method, workers, settings.IncrementsPerWorker, settings.RaceOverlap));
                elapsed.Add(Math.Round(stopwatch.Elapsed.TotalMilliseconds, 3));
            }
            fewest = Math.Min(fewest, counts.Min(c => c.FewestIncrements));
            var expected = counts.Select(c => c.Expected).ToList();
            var run = new RaceRun(method, MedianOf(expected), [.. counts.Select(c => c.Counted)], [.. counts.Select(c => c.Lost)], elapsed,
                expected, [.. counts.Select(c => c.Interleavings)]);
            runs.Add(run);
            log.WriteLine($"race: {method,-14} {workers} workers, {string.Join(", ", counts.Select(c => $"lost {N(c.Lost)} of {N(c.Expected)} ({N(c.Interleavings)} interleavings)"))}");
        }
        return new RaceResult(SchemaVersion, ScenarioSettings.Environment(settings), workers, fewest, runs,
            settings.RaceOverlap.TotalMilliseconds, workers > 1 ? MinimumInterleavings : 0);
    }

    /// <summary>
    /// Starts <paramref name="workers"/> threads together, each adding 1 to one counter in blocks of <see cref="Block"/>
    /// until it has added at least <paramref name="minimumIncrements"/>, <paramref name="minimumOverlap"/> has passed since
    /// the last thread started, and (with more than one worker) every thread has seen another's increments between two of
    /// its own blocks <paramref name="minimumInterleavings"/> times.
    /// </summary>
    public static RaceCount Count(string method, int workers, long minimumIncrements, TimeSpan minimumOverlap, int minimumInterleavings = MinimumInterleavings)
    {
        int kind = Methods.ToList().IndexOf(method);
        if (kind < 0)
            throw new ArgumentException($"unknown race method '{method}'; the methods are {string.Join(", ", Methods)}.", nameof(method));
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);

        var state = new RaceState(workers);
        long needed = workers > 1 ? minimumInterleavings : 0;
        var done = new long[workers];
        var interleavings = new long[workers];
        using var start = new Barrier(workers);
        var threads = Enumerable.Range(0, workers).Select(me => new Thread(() =>
        {
            start.SignalAndWait();
            if (Interlocked.Increment(ref state.Started) == workers)
                Volatile.Write(ref state.AllStartedAt, Stopwatch.GetTimestamp());
            long mine = 0, local = 0, seen = 0, others = state.OthersProgress(me);
            bool satisfied = false;
            while (Volatile.Read(ref state.Stop) == 0)
            {
                switch (kind)
                {
                    case 0:
                        // a read and a separate write: another thread's update between them is overwritten.
                        // Volatile keeps the JIT from holding the counter in a register for the whole loop.
                        for (int i = 0; i < Block; i++)
                            Volatile.Write(ref state.Counter, Volatile.Read(ref state.Counter) + 1);
                        break;
                    case 1:
                        for (int i = 0; i < Block; i++)
                            Interlocked.Increment(ref state.Counter);
                        break;
                    default:
                        for (int i = 0; i < Block; i++)
                            local++;
                        break;
                }
                mine += Block;
                state.Publish(me, mine);
                long now = state.OthersProgress(me);
                if (now != others)
                {
                    seen++;
                    others = now;
                }
                if (satisfied)
                    continue;
                long startedAt = Volatile.Read(ref state.AllStartedAt);
                TimeSpan overlap = startedAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(startedAt);
                if (mine >= minimumIncrements && seen >= needed && startedAt != 0 && overlap >= minimumOverlap)
                {
                    satisfied = true;
                    if (Interlocked.Increment(ref state.Satisfied) == workers)
                        Volatile.Write(ref state.Stop, 1);
                }
                else if (overlap >= minimumOverlap + Cap)
                    Volatile.Write(ref state.Stop, 1);
            }
            if (kind == 2)
                Interlocked.Add(ref state.Counter, local);
            done[me] = mine;
            interleavings[me] = seen;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return new RaceCount(done.Sum(), Volatile.Read(ref state.Counter), interleavings.Min(), done.Min());
    }

    private static long MedianOf(IReadOnlyList<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[(sorted.Count - 1) / 2];
    }

    private static string N(long value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class RaceState(int workers)
    {
        // one progress slot per worker, a cache line (and its neighbour) apart, so publishing it does not slow the others
        private const int Stride = 16;
        private readonly long[] progress = new long[(workers + 1) * Stride];

        public long Counter;
        public int Started;
        public int Satisfied;
        public int Stop;
        public long AllStartedAt;

        public void Publish(int worker, long increments) => Volatile.Write(ref progress[(worker + 1) * Stride], increments);

        public long OthersProgress(int worker)
        {
            long sum = 0;
            for (int other = 0; other < workers; other++)
            {
                if (other != worker)
                    sum += Volatile.Read(ref progress[(other + 1) * Stride]);
            }
            return sum;
        }
    }
}

/// <summary>One count: the increments the workers made (<paramref name="Expected"/>), what the counter shows, the fewest times
/// any worker saw another's increments between two of its own blocks, and the fewest increments any worker made.</summary>
public sealed record RaceCount(long Expected, long Counted, long Interleavings, long FewestIncrements)
{
    public long Lost => Expected - Counted;
}
