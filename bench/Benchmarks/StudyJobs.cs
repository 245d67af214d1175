using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace DiceOffload.Bench.Benchmarks;

/// <summary>The study's job, here beside the benchmarks so that an experiment with a job of its own (<see cref="DynamicPgo"/>) can derive it.</summary>
public static class StudyJobs
{
    /// <summary>The study's job: two benchmark processes per case, so every figure and test includes the variation
    /// between processes, within 20 minutes for the whole study on two cores.</summary>
    /// <remarks>Two launches of 1 warm-up and 7 iterations of 100 ms: 14 measurements per case from two processes. Each
    /// launch also pays for its own process start (about 0.4 s on the AMD host, 0.7 s on the Intel one) and BenchmarkDotNet's pilot, so the iterations are kept
    /// short; a job longer than an iteration (the 10^8-throw cases) runs one operation per iteration whatever the time.</remarks>
    public static Job Study { get; } = Job.Default
        .WithId("Study")
        .WithLaunchCount(2)                                   // two benchmark processes per case: JIT, layout and pool growth differ between them
        .WithWarmupCount(1)                                   // BenchmarkDotNet's jitting run and pilot have called the chunk loop enough to reach tier 1 (PGO off)
        .WithIterationCount(7)                                // per launch; fixed, so the budget is predictable; 14 per case for Mann-Whitney
        .WithIterationTime(TimeInterval.FromMilliseconds(100)); // short iterations keep the study in budget; the 100M-throw cases run one op each
}
