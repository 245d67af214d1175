using BenchmarkDotNet.Attributes;
using DiceOffload.Strategies;

namespace DiceOffload.Bench.Benchmarks;

/// <summary>
/// Does BenchmarkDotNet's raised priority favour the calling thread over worker threads? The in-process strategies
/// on the article's job at every core, once with BenchmarkDotNet's priority left in place and once reset to normal
/// (what the rest of the study does; see <see cref="PriorityControl"/>).
/// </summary>
[BenchmarkCategory(Categories.Priority)]
public class PriorityEffect
{
    private readonly DiceJob _job = DiceJob.Article(StudySeed.Value);
    // static: these strategies keep nothing between jobs, so there is nothing for a benchmark object to dispose
    private static readonly InlineStrategy _inline = new();
    private static readonly ThreadStrategy _thread = new();
    private static readonly ThreadPoolStrategy _threadPool = new();
    private static readonly ParallelForStrategy _parallelFor = new();

    [Params("BenchmarkDotNet", "Normal")]
    public string Priority { get; set; } = "";

    [GlobalSetup]
    public void GlobalSetup()
    {
        if (Priority == "Normal")
            PriorityControl.ResetToNormal();
        string niceValues = PriorityControl.NiceValues();
        Console.WriteLine($"// priority {Priority}: thread nice values: {niceValues}");
        StudyRecords.RecordPriority(Priority, niceValues);
    }

    [Benchmark(Baseline = true)]
    public DiceHistogram Inline() => _inline.RunAsync(_job, 1).GetAwaiter().GetResult();

    [Benchmark]
    public DiceHistogram Thread() => _thread.RunAsync(_job, Environment.ProcessorCount).GetAwaiter().GetResult();

    [Benchmark]
    public DiceHistogram ThreadPool() => _threadPool.RunAsync(_job, Environment.ProcessorCount).GetAwaiter().GetResult();

    [Benchmark]
    public DiceHistogram ParallelFor() => _parallelFor.RunAsync(_job, Environment.ProcessorCount).GetAwaiter().GetResult();
}
