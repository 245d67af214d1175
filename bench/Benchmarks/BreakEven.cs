using BenchmarkDotNet.Attributes;

namespace DiceOffload.Bench.Benchmarks;

/// <summary>From what job size does each strategy beat the inline loop? Every core, 10^4 to 10^7 throws by decades; the
/// report takes 10^8 on every core from Throughput, which measures that very case (the one-throw hand-off is the
/// Dispatch experiment).</summary>
[BenchmarkCategory(Categories.BreakEven)]
public class BreakEven : EveryStrategy
{
    // by decades: the crossover of each strategy with inline falls between two of them. None starts below 10^4: in
    // every published run no strategy's median was even below inline's at 10^3 throws or fewer, so smaller sizes only
    // repeated "not faster"; Dispatch measures the hand-off alone
    [Params(10_000, 100_000, 1_000_000, 10_000_000)]
    public long Throws { get; set; }

    protected override int WorkerCount => Environment.ProcessorCount;

    /// <summary>The dice loop: the scalar one every other experiment runs, and the SIMD one that makes the job itself cheaper (README: Kernels).</summary>
    [Params(DiceKernel.Scalar, DiceKernel.Vector)]
    public DiceKernel Kernel { get; set; }

    protected override DiceJob CreateJob() => new(Throws, 2, 6, StudySeed.Value, Kernel);
}
