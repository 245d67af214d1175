using BenchmarkDotNet.Attributes;
using DiceOffload.Strategies;

namespace DiceOffload.Bench.Benchmarks;

/// <summary>Speedup against workers on the article's job, from one worker to twice the cores.</summary>
[BenchmarkCategory(Categories.Scaling)]
public class Scaling
{
    private readonly DiceJob _job = DiceJob.Article(StudySeed.Value);
    // static: these strategies keep nothing between jobs, so there is nothing for a benchmark object to dispose
    private static readonly InlineStrategy _inline = new();
    private static readonly ParallelForStrategy _parallelFor = new();
    private static readonly ThreadStrategy _thread = new();

    [ParamsSource(nameof(WorkerCounts))]
    public int Workers { get; set; }

    public static IEnumerable<int> WorkerCounts => StudyWorkers.UpToTwiceTheCores;

    [GlobalSetup]
    public void GlobalSetup() => PriorityControl.ApplyStudyPolicy();

    [Benchmark(Baseline = true)]
    public DiceHistogram Inline() => _inline.RunAsync(_job, 1).GetAwaiter().GetResult();

    [Benchmark]
    public DiceHistogram ParallelFor() => _parallelFor.RunAsync(_job, Workers).GetAwaiter().GetResult();

    [Benchmark]
    public DiceHistogram Thread() => _thread.RunAsync(_job, Workers).GetAwaiter().GetResult();
}
