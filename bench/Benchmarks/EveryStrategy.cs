using BenchmarkDotNet.Attributes;
using DiceOffload.Processes;
using DiceOffload.Strategies;

namespace DiceOffload.Bench.Benchmarks;

/// <summary>
/// One benchmark per strategy of <see cref="StrategyCatalog"/>, named after it, on the job and worker count the
/// derived experiment chooses. <see cref="Inline"/> is the baseline, so every row has a ratio to the loop on the
/// calling thread.
/// </summary>
/// <remarks>
/// <para>Benchmark names are permanent ids: the regression check matches runs on them.</para>
/// <para>Each case creates and starts only its own strategy, in its global setup, as a server would at start-up: the
/// process pool's workers start there once and its benchmark measures reuse, and no other case has idle pool workers
/// beside it. Adding a strategy: its benchmark method and its one-line setup below.</para>
/// </remarks>
public abstract class EveryStrategy
{
    private IDiceStrategy? _strategy;
    private DiceJob _job = DiceJob.Article(StudySeed.Value);

    protected abstract DiceJob CreateJob();

    protected abstract int WorkerCount { get; }

    [GlobalSetup(Target = nameof(Inline))]
    public void SetupInline() => Setup(nameof(Inline));

    [GlobalSetup(Target = nameof(Thread))]
    public void SetupThread() => Setup(nameof(Thread));

    [GlobalSetup(Target = nameof(LongRunning))]
    public void SetupLongRunning() => Setup(nameof(LongRunning));

    [GlobalSetup(Target = nameof(ThreadPool))]
    public void SetupThreadPool() => Setup(nameof(ThreadPool));

    [GlobalSetup(Target = nameof(ParallelFor))]
    public void SetupParallelFor() => Setup(nameof(ParallelFor));

    [GlobalSetup(Target = nameof(Process))]
    public void SetupProcess() => Setup(nameof(Process));

    [GlobalSetup(Target = nameof(SharedMemory))]
    public void SetupSharedMemory() => Setup(nameof(SharedMemory));

    [GlobalSetup(Target = nameof(ProcessPool))]
    public void SetupProcessPool() => Setup(nameof(ProcessPool));

    [GlobalCleanup]
    public void GlobalCleanup() => _strategy?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public DiceHistogram Inline() => Run();

    [Benchmark]
    public DiceHistogram Thread() => Run();

    /// <summary>Measured where it differs from <see cref="Thread"/>, the hand-off (<see cref="HandOffOnly"/>).</summary>
    [Benchmark]
    public DiceHistogram LongRunning() => Run();

    [Benchmark]
    public DiceHistogram ThreadPool() => Run();

    [Benchmark]
    public DiceHistogram ParallelFor() => Run();

    [Benchmark]
    public DiceHistogram Process() => Run();

    [Benchmark]
    public DiceHistogram SharedMemory() => Run();

    [Benchmark]
    public DiceHistogram ProcessPool() => Run();

    /// <summary>
    /// Strategies run only in the experiments that hand a job over (<see cref="Dispatch"/>): a long-running task runs on
    /// a thread of its own exactly as <see cref="Thread"/> does, so its throughput would repeat that row at the study's
    /// cost; what differs is what starting it costs.
    /// </summary>
    public static IReadOnlyList<string> HandOffOnly { get; } = [nameof(LongRunning)];

    /// <summary>Whether the study runs <paramref name="method"/> in the experiment <paramref name="experiment"/>.</summary>
    public static bool Measures(Type experiment, string method) =>
        !HandOffOnly.Contains(method) || typeof(Dispatch).IsAssignableFrom(experiment);

    /// <summary>The job, the study's priority policy, then the strategy whose benchmark method is <paramref name="benchmarkMethod"/>, created and started.</summary>
    private void Setup(string benchmarkMethod)
    {
        _job = CreateJob();
        // before the start, so that worker processes and threads started here inherit the normal priority
        PriorityControl.ApplyStudyPolicy();
        // the log says which form of the worker the process strategies started (the machine record says it too)
        if (StrategyCatalog.Find(benchmarkMethod) is { StartsWorkerProcesses: true })
            Console.WriteLine($"// worker: {WorkerLaunch.Default} ({WorkerLaunch.Default.FormName})");
        _strategy = StrategyCatalog.Create(benchmarkMethod);
        _strategy.StartAsync(WorkerCount).GetAwaiter().GetResult();
    }

    private DiceHistogram Run() => _strategy!.RunAsync(_job, WorkerCount).GetAwaiter().GetResult();
}
