using BenchmarkDotNet.Attributes;
using DiceOffload.Strategies;
using DiceOffload.Processes;

namespace DiceOffload.Bench.Benchmarks;

/// <summary>
/// What starting the worker costs in each of its forms: <c>dotnet DiceOffload.Worker.dll</c> (the baseline), the app
/// host the SDK builds beside it, and a NativeAOT build. Each case hands a one-throw job to <see cref="ProcessStrategy"/>
/// with one worker and waits for the histogram, so the figure is one process start, run and exit.
/// </summary>
/// <remarks>
/// Each case locates its own form in its global setup: a form that was not built fails that case alone, with the
/// message that names the build command (for <see cref="WorkerForm.Aot"/>: <see cref="WorkerLaunch.AotBuildCommand"/>).
/// </remarks>
[BenchmarkCategory(Categories.Dispatch)]
public class WorkerStartup
{
    private readonly DiceJob _job = new(1, 2, 6, StudySeed.Value);
    private ProcessStrategy? _dll;
    private ProcessStrategy? _appHost;
    private ProcessStrategy? _aot;

    [GlobalSetup(Target = nameof(Dll))]
    public void SetupDll() => _dll = Setup(WorkerForm.Dll);

    [GlobalSetup(Target = nameof(AppHost))]
    public void SetupAppHost() => _appHost = Setup(WorkerForm.AppHost);

    [GlobalSetup(Target = nameof(Aot))]
    public void SetupAot() => _aot = Setup(WorkerForm.Aot);

    [Benchmark(Baseline = true)]
    public DiceHistogram Dll() => Run(_dll!);

    [Benchmark]
    public DiceHistogram AppHost() => Run(_appHost!);

    [Benchmark]
    public DiceHistogram Aot() => Run(_aot!);

    private static ProcessStrategy Setup(WorkerForm form)
    {
        PriorityControl.ApplyStudyPolicy();
        var worker = WorkerLaunch.For(form);
        Console.WriteLine($"// worker form {form}: {worker}");
        return new ProcessStrategy(worker);
    }

    private DiceHistogram Run(ProcessStrategy strategy) => strategy.RunAsync(_job, 1).GetAwaiter().GetResult();
}
