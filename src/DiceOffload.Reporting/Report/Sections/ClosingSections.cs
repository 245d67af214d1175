using DiceOffload.Reporting.Results;
namespace DiceOffload.Reporting.Report.Sections;

// the short sections that close the report: what to keep in mind, how to run it again, the appendix's heading, what is missing

/// <summary>What the figures do not show: one machine, skewed samples, noisy process start-up, BenchmarkDotNet's warnings.</summary>
internal sealed class CaveatsSection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line("## Caveats");
        text.Line();
        text.Line($"- The figures come from one machine with {report.Cores} cores; with more cores the parallel strategies gain, and the break-even sizes move.");
        text.Line($"- An interval of the median from few iterations cannot reach {ReportFormat.Percent(MedianInterval.Level)}: where a table says \"{ReportFormat.CoverageNote}\", it gives the coverage the iterations allow.");
        text.Line("- Process start-up depends on the disk cache and on what else runs; the dispatch figures of `process`, `shared-memory` and `process-pool` vary more than the others.");
        text.Line("- The scenarios time themselves with a stopwatch, a few repetitions each: they show orders of magnitude and the mechanism, not differences of a millisecond.");
        foreach (string warning in report.Results.Benchmarks.Warnings)
            text.Line($"- {warning}");
        text.Line();
    }
}

/// <summary>The files that could not be read and the parts the sections before left out; nothing when all is there.</summary>
internal sealed class MissingSection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        if (report.Results.Problems.Count == 0 && text.Missing.Count == 0)
            return;
        text.Line("## Missing");
        text.Line();
        text.Line("Missing: these parts of the study could not be reported; re-run the study (or the named experiments) to fill them in.");
        text.Line();
        foreach (string problem in report.Results.Problems)
            text.Line($"- {ReportFormat.Cell(problem)}");
        foreach (string missing in text.Missing)
            text.Line($"- {missing}");
        text.Line();
    }
}

/// <summary>The commands that produce the results, this report and the regression check.</summary>
internal sealed class ReproduceSection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line("## How to reproduce");
        text.Line();
        text.Line("```sh");
        string machine = text.Relative(report.Results.Folder);
        text.Line("dotnet run -c Release --project bench                                   # the whole study into results/machines/<this machine>/, then this report");
        text.Line("dotnet run -c Release --project bench -- --filter '*Scaling*'          # one experiment, BenchmarkDotNet's arguments");
        text.Line("dotnet run -c Release --project bench -- report --results results --out report.md");
        text.Line($"dotnet run -c Release --project bench -- compare --baseline {machine}/baseline --current {machine}/benchmarkdotnet");
        text.Line("bash bundle/build.sh && tar -xzf artifacts/bundle/dice-offload-framework-dependent.tar.gz   # the portable study for a machine without the SDK (README: Other machines)");
        text.Line("```");
        text.Line();
    }
}

/// <summary>The appendix's heading: what follows is for readers who check the study rather than act on it.</summary>
internal sealed class AppendixSection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        text.Line("## Appendix");
        text.Line();
        text.Line("For readers who check the study: the article's own Node.js code on the same machine, what dynamic PGO changes, what BenchmarkDotNet's raised priority changes, each experiment on each machine, the projection past the machines, the toolchains, the regression check against the stored baseline, the strategies' properties side by side, and the tables the sections link to.");
        text.Line();
    }
}

/// <summary>The experiments' every-case tables that their sections left to the appendix.</summary>
internal sealed class AppendixTablesSection : IReportSection
{
    public void Write(ReportContext report)
    {
        var text = report.Text;
        foreach (var (heading, write) in text.AppendixTables)
        {
            text.Line($"### {heading}");
            text.Line();
            write(text);
        }
    }
}
