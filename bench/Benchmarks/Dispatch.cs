using BenchmarkDotNet.Attributes;

namespace DiceOffload.Bench.Benchmarks;

/// <summary>
/// What it costs to hand a trivial job (one throw) to a strategy and get the result back: thread start,
/// pool queueing, process spawn, map set-up. One worker, so each strategy pays for exactly one hand-over.
/// </summary>
[BenchmarkCategory(Categories.Dispatch)]
public class Dispatch : EveryStrategy
{
    protected override int WorkerCount => 1;

    protected override DiceJob CreateJob() => new(1, 2, 6, StudySeed.Value);
}
