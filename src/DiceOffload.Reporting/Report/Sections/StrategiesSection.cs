using DiceOffload.Strategies;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>The strategies side by side: what each frees, shares and costs, how it is stopped and how it fails.</summary>
internal sealed class StrategiesSection : IReportSection
{
    private const string Cooperative = "cooperatively: a cancellation token checked between chunks";
    private const string InProcessDeath = "an exception faults the job and stops the others at their next chunk; a crash (stack overflow, fail-fast) ends the whole program";

    private static readonly string PoolDeath =
        $"the worker is replaced and its unit of at most {ProcessPoolStrategy.MaxChunksPerUnit} chunks is counted again, so the histogram stays exact; "
        + $"a unit that loses {ProcessPoolStrategy.MaxAttemptsPerUnit} workers in a row fails the job";

    // the one list of the strategies' features, in table order
    private static readonly (string Method, string Frees, string Cores, string Shares, string Stop, string Death)[] Features =
    [
        ("Inline", "no: it is the caller", "no", "yes", Cooperative, "an exception faults the job; a crash ends the whole program"),
        ("Thread", "yes", "with one thread per core", "yes (the whole heap)", Cooperative, InProcessDeath),
        ("ThreadPool", "yes", "with one work item per core", "yes (the whole heap)", Cooperative, InProcessDeath),
        ("ParallelFor", "no: the caller takes part and waits", "yes", "yes (the whole heap)", Cooperative, InProcessDeath),
        ("Process", "yes", "with one process per core", "no: arguments in, histogram out over a pipe", "the processes are stopped (stdin closed, killed after 0.5 s), at any moment", "the job fails with the worker's exit code and stderr; the other workers are killed; the caller carries on"),
        ("SharedMemory", "yes", "with one process per core", "only the mapped histogram", "the processes are stopped (stdin closed, killed after 0.5 s) and the map deleted, at any moment", "the job fails with the worker's exit code and stderr (its partial counts are discarded with the map); the caller carries on"),
        ("ProcessPool", "yes", "with one long-lived process per core", "no: requests and histograms over pipes", "the busy workers are stopped (stdin closed, killed after 0.5 s); idle ones wait for the next job; disposing the pool closes them", PoolDeath),
    ];

    public void Write(ReportContext report)
    {
        var text = report.Text;
        var dispatch = report.Experiment("Dispatch");
        text.Line("## The strategies side by side");
        text.Line();
        var unit = DisplayUnit.For(dispatch.Select(c => c.MedianNs!.Value));
        text.Line("| strategy | frees the caller? | uses every core? | shares memory with the caller? | how it is stopped (cancellation, time limit, Ctrl+C) | when a worker dies | one-throw hand-over (dispatch median) |");
        text.Line("| --- | --- | --- | --- | --- | --- | ---: |");
        foreach (var feature in Features)
            text.Line($"| {Cases.StrategyName(feature.Method)} | {feature.Frees} | {feature.Cores} | {feature.Shares} | {feature.Stop} | {feature.Death} | {(dispatch.Method(feature.Method) is { } d ? unit.Format(d.MedianNs!.Value) : "not measured")} |");
        text.Line();
        text.Line($"In-process workers cannot be stopped from outside: they check a cancellation token between chunks of {DiceJob.ChunkSize:N0} throws, "
            + "so they stop within about one chunk's time. Worker processes are told to stop by closing their stdin, which ends them within milliseconds, and are killed if they are still running half a second later; either way the caller is not harmed. "
            + "On Ctrl+C every worker process is killed and every temporary map deleted before the program exits.");
        text.Line();
    }
}
