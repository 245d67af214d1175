using System.Diagnostics;
using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Scenarios;

/// <summary>
/// The article's warning that two threads writing one value lose updates: one shared counter bumped by every worker
/// without atomics, with <see cref="Interlocked"/>, and partitioned (a local count per worker, merged once).
/// </summary>
public static class RaceScenario
{
    public static IReadOnlyList<string> Methods { get; } = ["unsynchronized", "interlocked", "partitioned"];

    public static RaceResult Run(ScenarioSettings settings, TextWriter log)
    {
        int workers = settings.WorkerCounts.Max();
        var runs = new List<RaceRun>();
        foreach (string method in Methods)
        {
            var counted = new List<long>();
            var elapsed = new List<double>();
            for (int i = 0; i < settings.Repetitions; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                counted.Add(Count(method, workers, settings.IncrementsPerWorker));
                elapsed.Add(Math.Round(stopwatch.Elapsed.TotalMilliseconds, 3));
            }
            long expected = workers * settings.IncrementsPerWorker;
            var run = new RaceRun(method, expected, counted, [.. counted.Select(c => expected - c)], elapsed);
            runs.Add(run);
            log.WriteLine($"race: {method,-14} {workers} workers × {settings.IncrementsPerWorker:N0}: lost {string.Join(", ", run.LostUpdates.Select(l => l.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} updates");
        }
        return new RaceResult(1, ScenarioSettings.Environment(settings), workers, settings.IncrementsPerWorker, runs);
    }

    /// <summary>Starts <paramref name="workers"/> threads together, each adding 1 to one counter <paramref name="increments"/> times; returns the final count.</summary>
    public static long Count(string method, int workers, long increments)
    {
        var counter = new Counter();
        using var start = new Barrier(workers);
        Action body = method switch
        {
            // a read and a separate write: another thread's update between them is overwritten.
            // Volatile keeps the JIT from holding the counter in a register for the whole loop.
            "unsynchronized" => () =>
            {
                for (long i = 0; i < increments; i++)
                    Volatile.Write(ref counter.Value, Volatile.Read(ref counter.Value) + 1);
            },
            "interlocked" => () =>
            {
                for (long i = 0; i < increments; i++)
                    Interlocked.Increment(ref counter.Value);
            },
            "partitioned" => () =>
            {
                long local = 0;
                for (long i = 0; i < increments; i++)
                    local++;
                Interlocked.Add(ref counter.Value, local);
            },
            _ => throw new ArgumentException($"unknown race method '{method}'; the methods are {string.Join(", ", Methods)}.", nameof(method)),
        };
        var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            body();
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return counter.Value;
    }

    private sealed class Counter
    {
        public long Value;
    }
}
