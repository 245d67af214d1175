using BenchmarkDotNet.Attributes;
using DiceOffload.Strategies;

namespace DiceOffload.Bench.Benchmarks;

/// <summary>
/// One benchmark per strategy, named after it, on the job and worker count the derived experiment chooses.
/// <see cref="Inline"/> is the baseline, so every row has a ratio to the loop on the calling thread.
/// </summary>
/// <remarks>Benchmark names are permanent ids: the regression check matches runs on them.</remarks>
#pragma warning disable CA1001 // the pool is disposed in [GlobalCleanup], the end of a benchmark object's life in BenchmarkDotNet
public abstract class EveryStrategy
#pragma warning restore CA1001
{
    private readonly InlineStrategy _inline = new();
    private readonly ThreadStrategy _thread = new();
    private readonly ThreadPoolStrategy _threadPool = new();
    private readonly ParallelForStrategy _parallelFor = new();
    private readonly ProcessStrategy _process = new();
    private readonly SharedMemoryStrategy _sharedMemory = new();
    private ProcessPoolStrategy? _processPool;
    private DiceJob _job = DiceJob.Article(StudySeed.Value);

    protected abstract DiceJob CreateJob();

    protected abstract int WorkerCount { get; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _job = CreateJob();
        PriorityControl.ApplyStudyPolicy();
    }

    // only for the pool's own benchmark: idle pool workers beside the other cases would be one more thing running
    [GlobalSetup(Target = nameof(ProcessPool))]
    public void GlobalSetupProcessPool()
    {
        GlobalSetup();
        // the pool's workers start here, once, as a server would start them: its benchmark measures reuse
        _processPool = new ProcessPoolStrategy(size: WorkerCount);
        _processPool.StartAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup(Target = nameof(ProcessPool))]
    public void GlobalCleanupProcessPool() => _processPool?.Dispose();

    [Benchmark(Baseline = true)]
    public DiceHistogram Inline() => Run(_inline);

    [Benchmark]
    public DiceHistogram Thread() => Run(_thread);

    [Benchmark]
    public DiceHistogram ThreadPool() => Run(_threadPool);

    [Benchmark]
    public DiceHistogram ParallelFor() => Run(_parallelFor);

    [Benchmark]
    public DiceHistogram Process() => Run(_process);

    [Benchmark]
    public DiceHistogram SharedMemory() => Run(_sharedMemory);

    [Benchmark]
    public DiceHistogram ProcessPool() => Run(_processPool!);

    private DiceHistogram Run(IDiceStrategy strategy) => strategy.RunAsync(_job, WorkerCount).GetAwaiter().GetResult();
}
