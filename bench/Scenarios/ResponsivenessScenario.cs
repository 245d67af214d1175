using System.Diagnostics;
using DiceOffload.Bench.Scenarios.LoopWaits;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using DiceOffload.Strategies;
using HdrHistogram;

namespace DiceOffload.Bench.Scenarios;

/// <summary>
/// The article's timer demo, measured: a heartbeat on an <see cref="EventLoop"/> while the job is started from that
/// loop, for each <see cref="ResponsivenessCase"/>. Inline and Parallel.For run on the loop's own thread, so they stall it.
/// </summary>
public static class ResponsivenessScenario
{
    /// <summary>Heartbeats watched before and after the job, so the timeline shows the loop's quiet state too.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(50);

    public static async Task<ResponsivenessResult> RunAsync(ScenarioSettings settings, IReadOnlyList<string> strategies, TextWriter log)
    {
        var job = new DiceJob(settings.Throws, 2, 6, StudySeed.Value);
        // a quarter of the job warms what the first run would pay for (the JIT's tiers, the pool's threads, a worker's
        // start-up caches) in a quarter of the time; nothing of it is recorded
        var warmUp = new DiceJob(Math.Max(DiceJob.ChunkSize, job.Throws / 4), job.Dice, job.Sides, job.Seed);
        int timelineWorkers = settings.WorkerCounts.Max();
        var runs = new List<ResponsivenessRun>();
        foreach (var c in ResponsivenessCase.Plan(settings, strategies))
        {
            await using var strategy = await c.CreateAsync();
            await MeasureOnceAsync(strategy, warmUp, c.Workers, c.Wait, settings.HeartbeatInterval); // warm-up: JIT, worker start-up caches
            var repetitions = new List<Repetition>();
            for (int i = 0; i < settings.Repetitions; i++)
                repetitions.Add(await MeasureOnceAsync(strategy, job, c.Workers, c.Wait, settings.HeartbeatInterval));

            bool keepTimeline = c.Wait == LoopWait.Default && c.Remedy == ResponsivenessCase.NoRemedy && c.Workers == timelineWorkers;
            runs.Add(Summarize(c, repetitions, settings.HeartbeatInterval, keepTimeline));
            var r = runs[^1];
            await log.WriteLineAsync($"responsiveness: {c}: job {r.ElapsedMs,8:0.0} ms, heartbeat late p50 {r.P50LatenessMs:0.00}, p99 {r.P99LatenessMs:0.00}, max {r.MaxLatenessMs:0.00} ms ({r.Heartbeats} beats)");
        }
        return new ResponsivenessResult(ResponsivenessResult.CurrentSchemaVersion, ScenarioSettings.Environment(settings), settings.HeartbeatInterval.TotalMilliseconds,
            job.Throws, job.Dice, job.Sides, job.Seed, LoopWait.Default, runs);
    }

    /// <summary>
    /// About how long the scenario takes: each case's warm-up and repetitions at the job's time shared among the workers
    /// that run it (inline always on one), with the margins around each run; strategy start-up is left out.
    /// </summary>
    public static TimeSpan Planned(ScenarioSettings settings, IReadOnlyList<string> strategies) =>
        ResponsivenessCase.Plan(settings, strategies).Aggregate(TimeSpan.Zero, (sum, c) =>
            sum + settings.JobTime / (c.Strategy == InlineStrategy.Entry.Name ? 1 : Math.Min(c.Workers, Environment.ProcessorCount)) * (settings.Repetitions + 0.25)
                + 2 * Margin * (settings.Repetitions + 1));

    /// <summary>One run: heartbeats for a margin, the job started from the loop, heartbeats for a margin after it.</summary>
    public static async Task<Repetition> MeasureOnceAsync(IDiceStrategy strategy, DiceJob job, int workers, string wait, TimeSpan interval)
    {
        using var loop = new EventLoop(interval, wait: wait);
        await Task.Delay(Margin);
        double startMs = 0, endMs = 0;
        ThreadSchedule? before = null, after = null;
        await loop.RunAsync(async () =>
        {
            before = loop.Schedule;
            startMs = loop.NowMs;
            var stopwatch = Stopwatch.StartNew();
            await strategy.RunAsync(job, workers);
            endMs = startMs + stopwatch.Elapsed.TotalMilliseconds;
            after = loop.Schedule;
        });
        await Task.Delay(Margin);

        var timeline = loop.Ticks.Select(t => new HeartbeatTick(Math.Round(t.AtMs - startMs, 3), Math.Round(t.LatenessMs, 3))).ToList();
        // the heartbeats the job could delay: those that ran after it started and were due before it ended, with the
        // first one after it ended (a loop the job blocked runs that one only when the job is over, late by all of it)
        var during = timeline.Where(t => t.AtMs >= 0 && t.AtMs - t.LatenessMs <= endMs - startMs + interval.TotalMilliseconds).ToList();
        var schedule = before is { } b && after is { } a ? a - b : (ThreadSchedule?)null;
        return new Repetition(Math.Round(endMs - startMs, 3), during, timeline, schedule);
    }

    private static ResponsivenessRun Summarize(ResponsivenessCase c, List<Repetition> repetitions, TimeSpan interval, bool keepTimeline)
    {
        long intervalUs = (long)Math.Round(interval.TotalMicroseconds);
        var pooled = NewLatenessHistogram();
        var figures = new List<ResponsivenessRepetition>();
        foreach (var r in repetitions)
        {
            var own = Lateness(r.During, intervalUs);
            pooled.Add(own);
            figures.Add(new ResponsivenessRepetition(r.ElapsedMs, Percentile(own, 99), Ms(own.GetMaxValue()), r.During.Count,
                r.Schedule?.RunQueueWaitMs, r.Schedule?.InvoluntarySwitches, r.Schedule?.CpuMs));
        }
        var median = repetitions.OrderBy(r => r.During.Count == 0 ? 0 : r.During.Max(t => t.LatenessMs)).ElementAt(repetitions.Count / 2);
        return new ResponsivenessRun(c.Strategy, c.Workers, c.Wait, c.Remedy,
            Statistics.Median([.. figures.Select(f => f.ElapsedMs)]),
            Percentile(pooled, 50), Percentile(pooled, 99), Percentile(pooled, 99.9), Ms(pooled.GetMaxValue()),
            figures.Sum(f => (long)f.Heartbeats), pooled.TotalCount,
            PerBeat(repetitions, s => s.RunQueueWaitMs), PerBeat(repetitions, s => s.InvoluntarySwitches), PerBeat(repetitions, s => s.CpuMs),
            figures, keepTimeline ? median.Timeline : []);
    }

    // every heartbeat's lateness in microseconds, with the beats a stalled loop missed filled in at one interval apart
    private static LongHistogram Lateness(IReadOnlyList<HeartbeatTick> during, long intervalUs)
    {
        var histogram = NewLatenessHistogram();
        foreach (var tick in during)
            histogram.RecordValueWithExpectedInterval((long)Math.Round(tick.LatenessMs * 1000), intervalUs);
        return histogram;
    }

    private static double? PerBeat(List<Repetition> repetitions, Func<ThreadSchedule, double> figure) =>
        repetitions.All(r => r.Schedule is not null && r.During.Count > 0)
            ? Math.Round(Statistics.Median([.. repetitions.Select(r => figure(r.Schedule!.Value) / r.During.Count)]), 4)
            : null;

    // microseconds, up to an hour, 3 significant digits
    private static LongHistogram NewLatenessHistogram() => new(TimeSpan.FromHours(1).Ticks / 10, 3);

    // 0 for a job too short for a single heartbeat to fall due: the record's sample count says so
    private static double Percentile(LongHistogram histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : Ms(histogram.GetValueAtPercentile(percentile));

    private static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);

    /// <summary>One measured job: its time, the heartbeats it could delay, the whole timeline, and the loop thread's scheduling meanwhile.</summary>
    public sealed record Repetition(double ElapsedMs, IReadOnlyList<HeartbeatTick> During, IReadOnlyList<HeartbeatTick> Timeline, ThreadSchedule? Schedule);
}
