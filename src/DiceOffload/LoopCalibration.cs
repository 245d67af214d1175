using System.Diagnostics;

namespace DiceOffload;

/// <summary>
/// How fast this machine runs the scalar dice loop on the calling thread: the fastest of several short runs, in
/// nanoseconds a throw. The study sizes its scenario jobs in time with it (hosts differ about 4× per core) and checks
/// the machine's health with it before and after each benchmark class.
/// </summary>
public static class LoopCalibration
{
    // 16 chunks, about 2.5–11 ms a run on the hosts the study has run on: short beside a job, long beside the timer
    private static readonly DiceJob Job = new(16 * DiceJob.ChunkSize, 2, 6, 42);

    /// <summary>The fastest of <paramref name="runs"/> runs of about a million throws: one interrupted run does not move it.</summary>
    public static double NanosecondsPerThrow(int runs = 15)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        Span<long> counts = stackalloc long[Job.BinCount];
        double best = double.MaxValue;
        for (int run = 0; run < runs; run++)
        {
            long start = Stopwatch.GetTimestamp();
            DiceRoller.RollChunks(Job, 0, Job.ChunkCount, counts);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / Job.Throws);
        }
        return best;
    }

    /// <summary>
    /// The throws that take <paramref name="duration"/> on one core at <paramref name="nanosecondsPerThrow"/>: whole
    /// chunks, at least one, so that a job sized in time splits between workers like every other job.
    /// </summary>
    public static long ThrowsFor(TimeSpan duration, double nanosecondsPerThrow)
    {
        if (!(nanosecondsPerThrow > 0) || !double.IsFinite(nanosecondsPerThrow))
            throw new ArgumentOutOfRangeException(nameof(nanosecondsPerThrow), nanosecondsPerThrow, "the time per throw must be a positive number.");
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        double chunks = Math.Round(duration.TotalNanoseconds / nanosecondsPerThrow / DiceJob.ChunkSize);
        return (long)Math.Max(1, chunks) * DiceJob.ChunkSize;
    }
}
