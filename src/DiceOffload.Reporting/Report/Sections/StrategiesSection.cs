using DiceOffload.ResultFiles;
using DiceOffload.Strategies;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>The strategies side by side: what each frees, shares and costs, how it is stopped and how it fails.</summary>
internal sealed class StrategiesSection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        var dispatch = report.Experiment(Experiments.Dispatch);
        text.Line("### The strategies side by side");
        text.Line();
        var unit = DisplayUnit.For(dispatch.Select(c => c.MedianNs!.Value));
        text.Line("| strategy | frees the caller? | uses every core? | shares memory with the caller? | how it is stopped (cancellation, time limit, Ctrl+C) | when a worker dies | one-throw hand-over (dispatch median) |");
        text.Line("| --- | --- | --- | --- | --- | --- | ---: |");
        foreach (var (name, method, _, f, _) in StrategyCatalog.All)
            text.Line($"| {name} | {f.FreesTheCaller} | {f.UsesEveryCore} | {f.SharesMemory} | {f.HowItStops} | {f.WhenAWorkerDies} | {(dispatch.Method(method) is { } d ? unit.Format(d.MedianNs!.Value) : "not measured")} |");
        text.Line();
        text.Line($"In-process workers cannot be stopped from outside: they check a cancellation token between chunks of {DiceJob.ChunkSize:N0} throws, "
            + "so they stop within about one chunk's time. Worker processes are told to stop by closing their stdin, which ends them within milliseconds, and are killed if they are still running half a second later; either way the caller is not harmed. "
            + "On Ctrl+C every worker process is killed and every temporary map deleted before the program exits.");
        text.Line();
    }
}
