using BenchmarkDotNet.Attributes;

namespace DiceOffload.Bench.Benchmarks;

/// <summary>How long the article's job takes under each strategy, offloaded to one worker and spread over every core.</summary>
[BenchmarkCategory(Categories.Throughput)]
public class Throughput : EveryStrategy
{
    // 100 million: the article's job. Smaller jobs are the Break-even experiment's, on every core, and the hand-off
    // alone is Dispatch's, on one worker
    [Params(100_000_000)]
    public long Throws { get; set; }

    [ParamsSource(nameof(WorkerCounts))]
    public int Workers { get; set; }

    public static IEnumerable<int> WorkerCounts => StudyWorkers.OffloadAndParallel;

    protected override int WorkerCount => Workers;

    /// <summary>The dice loop: the scalar one every other experiment runs, and the SIMD one that makes the job itself cheaper (README: Kernels).</summary>
    [Params(DiceKernel.Scalar, DiceKernel.Vector)]
    public DiceKernel Kernel { get; set; }

    protected override DiceJob CreateJob() => new(Throws, 2, 6, StudySeed.Value, Kernel);
}
