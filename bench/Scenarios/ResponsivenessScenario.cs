using System.Diagnostics;
using DiceOffload.Reporting.Results;
using DiceOffload.Strategies;

namespace DiceOffload.Bench.Scenarios;

/// <summary>
/// The article's timer demo, measured: a 10 ms heartbeat on an <see cref="EventLoop"/> while the job is started from
/// that loop under each strategy. Inline and Parallel.For run on the loop's own thread, so they stall it.
/// </summary>
public static class ResponsivenessScenario
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Heartbeats watched before and after the job, so the timeline shows the loop's quiet state too.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(100);

    public static async Task<ResponsivenessResult> RunAsync(ScenarioSettings settings, IReadOnlyList<string> strategies, TextWriter log)
    {
        var job = new DiceJob(settings.Throws, 2, 6, StudySeed.Value);
        var runs = new List<ResponsivenessRun>();
        foreach (int workers in settings.WorkerCounts)
        {
            foreach (string name in strategies)
            {
                await using var strategy = StrategyCatalog.Create(name);
                await strategy.StartAsync(workers);
                await MeasureOnceAsync(strategy, job, workers); // warm-up: JIT, worker start-up caches
                var repetitions = new List<(ResponsivenessRepetition Figures, IReadOnlyList<HeartbeatTick> Timeline)>();
                for (int i = 0; i < settings.Repetitions; i++)
                    repetitions.Add(await MeasureOnceAsync(strategy, job, workers));

                var median = repetitions.OrderBy(r => r.Figures.MaxLatenessMs).ElementAt(repetitions.Count / 2);
                runs.Add(new ResponsivenessRun(
                    name,
                    workers,
                    Statistics.Median([.. repetitions.Select(r => r.Figures.ElapsedMs)]),
                    Statistics.Median([.. repetitions.Select(r => r.Figures.MaxLatenessMs)]),
                    Statistics.Median([.. repetitions.Select(r => r.Figures.P99LatenessMs)]),
                    [.. repetitions.Select(r => r.Figures)],
                    median.Timeline));
                var last = runs[^1];
                await log.WriteLineAsync($"responsiveness: {name,-14} workers {workers}: job {last.ElapsedMs,8:0.0} ms, heartbeat late by at most {last.MaxLatenessMs,8:0.00} ms (p99 {last.P99LatenessMs:0.00} ms)");
            }
        }
        return new ResponsivenessResult(1, ScenarioSettings.Environment(settings), HeartbeatInterval.TotalMilliseconds, job.Throws, job.Dice, job.Sides, job.Seed, runs);
    }

    /// <summary>One run: heartbeats for a margin, the job started from the loop, heartbeats for a margin after it.</summary>
    public static async Task<(ResponsivenessRepetition Figures, IReadOnlyList<HeartbeatTick> Timeline)> MeasureOnceAsync(IDiceStrategy strategy, DiceJob job, int workers)
    {
        using var loop = new EventLoop(HeartbeatInterval);
        await Task.Delay(Margin);
        double startMs = 0, endMs = 0;
        await loop.RunAsync(async () =>
        {
            startMs = loop.NowMs;
            var stopwatch = Stopwatch.StartNew();
            await strategy.RunAsync(job, workers);
            endMs = startMs + stopwatch.Elapsed.TotalMilliseconds;
        });
        await Task.Delay(Margin);

        var timeline = loop.Ticks.Select(t => new HeartbeatTick(Math.Round(t.AtMs - startMs, 3), Math.Round(t.LatenessMs, 3))).ToList();
        // the heartbeats the job could delay: those that ran after it started, up to the first one after it ended
        var during = timeline.Where(t => t.AtMs >= 0 && t.AtMs - t.LatenessMs <= endMs - startMs + HeartbeatInterval.TotalMilliseconds)
            .Select(t => t.LatenessMs).Order().ToList();
        var figures = new ResponsivenessRepetition(
            Math.Round(endMs - startMs, 3),
            during.Count == 0 ? 0 : during[^1],
            during.Count == 0 ? 0 : during[Math.Min(during.Count - 1, (int)Math.Ceiling(0.99 * during.Count) - 1)],
            during.Count);
        return (figures, timeline);
    }
}
