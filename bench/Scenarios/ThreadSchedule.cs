using System.Globalization;

namespace DiceOffload.Bench.Scenarios;

/// <summary>
/// What the Linux scheduler did with one thread so far: time on a CPU, time runnable but waiting for one, and how
/// often the thread had its CPU taken without blocking (involuntary switches, which include <c>sched_yield</c>).
/// Read from <c>/proc/self/task/TID/schedstat</c> and <c>status</c>.
/// </summary>
public readonly record struct ThreadSchedule(double CpuMs, double RunQueueWaitMs, long InvoluntarySwitches)
{
    public static ThreadSchedule operator -(ThreadSchedule later, ThreadSchedule earlier) => new(
        later.CpuMs - earlier.CpuMs,
        later.RunQueueWaitMs - earlier.RunQueueWaitMs,
        later.InvoluntarySwitches - earlier.InvoluntarySwitches);

    /// <summary>The calling thread's id in the operating system; null where there is none to read (not Linux).</summary>
    public static int? CurrentThreadId() => ThreadNice.CurrentThreadId();

    /// <summary>The thread's figures now; null when they cannot be read (not Linux, or the thread has ended).</summary>
    public static ThreadSchedule? Read(int? threadId)
    {
        if (threadId is not { } tid)
            return null;
        try
        {
            string[] schedstat = File.ReadAllText($"/proc/self/task/{tid}/schedstat").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long involuntary = 0;
            foreach (string line in File.ReadLines($"/proc/self/task/{tid}/status"))
            {
                if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    involuntary = long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
            }
            return new ThreadSchedule(
                long.Parse(schedstat[0], CultureInfo.InvariantCulture) / 1e6,
                long.Parse(schedstat[1], CultureInfo.InvariantCulture) / 1e6,
                involuntary);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
