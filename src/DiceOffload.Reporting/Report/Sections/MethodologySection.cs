namespace DiceOffload.Reporting.Report.Sections;

/// <summary>What each experiment measures and how.</summary>
internal sealed class MethodologySection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        var results = report.Results;
        text.Line("## Methodology");
        text.Line();
        text.Line("Every experiment throws two six-sided dice with seed 42 and counts the sums; every strategy returns the bit-identical histogram, so the timings compare like with like.");
        text.Line();
        text.Line("- **Throughput**: the article's job (100,000,000 throws) and a 1,000,000-throw job under each strategy, on 1 worker (offload) and on every core (parallel).");
        text.Line("- **Break-even**: jobs of 10 to 100,000,000 throws by decades on every core, to find from what size each strategy beats the inline loop.");
        text.Line("- **Dispatch overhead**: a one-throw job on one worker: what handing a job over and getting the result back costs.");
        text.Line("- **Scaling**: the article's job from 1 worker to twice the cores; speedup is the inline median over the strategy's median.");
        text.Line("- **Transfer**: getting a result of 100 B to 64 MiB back to the caller: copied in process, serialized over a pipe from a child process, or read in place from a shared map.");
        text.Line("- **Responsiveness** (a scenario outside BenchmarkDotNet): a 10 ms heartbeat on an event-loop-like thread while the job runs; lateness is how long after its due time each tick ran.");
        text.Line("- **Race** (a scenario): every worker bumps one shared counter, without atomics, with `Interlocked`, and with one counter per worker.");
        text.Line("- **Priority effect**: the in-process strategies with BenchmarkDotNet's raised priority left in place and with it reset to normal.");
        text.Line();
        text.Line($"BenchmarkDotNet runs each benchmark class in its own process with the job {(results.Job is { } job ? $"`{job}`" : "recorded in its exports")}: warm-up iterations first (tiered JIT, thread pool growth), then a fixed number of measured iterations. "
            + "The tables show the median of the measured iterations, which outliers hardly move, and BenchmarkDotNet's 99.9% confidence interval of the mean; the charts draw that interval as whiskers. "
            + "The scenarios repeat each run and report medians of the repetitions.");
        text.Line();
        text.Line("BenchmarkDotNet raises its benchmark process to high priority and its benchmark thread to the highest; on Linux that is the thread's nice value (-11), which the threads and worker processes started from that thread inherit, but pool threads started by other threads do not. "
            + "Left alone, that would favour `inline` and the caller's share of `parallel-for` over the other strategies. The study therefore resets every thread of the benchmark process to normal priority in each global setup (`bench/Benchmarks/PriorityControl.cs`), and the priority-effect experiment measures what the reset changes.");
        text.Line();
        text.Line("Dynamic PGO is off in every program of the study: the bench, BenchmarkDotNet's benchmark programs and the worker (`TieredPGO` in `Directory.Build.props`). "
            + "With it on, each process compiled the dice loop according to the profile it happened to collect, and the same loop ran at different speeds in the caller and in the workers; "
            + "the strategies would have compared code generation rather than ways of running the work. "
            + "The price is that the runtime's own threading code runs without a profile too, so the in-process dispatch figures (thread start, pool queueing, `Parallel.For`) are higher than in a program with the default settings. "
            + "The NativeAOT worker is compiled ahead of time and has no tiers at all.");
        if (results.NiceValuesByPriority.Count > 0)
        {
            text.Line();
            text.Line("The priority-effect benchmarks logged these thread nice values in their global setup: "
                + string.Join("; ", results.NiceValuesByPriority.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}")) + ".");
        }
        text.Line();
    }
}
