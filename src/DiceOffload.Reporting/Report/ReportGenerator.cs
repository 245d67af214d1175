using DiceOffload.Reporting.Comparison;
using DiceOffload.Reporting.Report.Sections;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report;

/// <summary>What <see cref="ReportGenerator.Generate"/> wrote, and what it could not use.</summary>
/// <param name="Charts">The chart files written, in report order.</param>
/// <param name="Problems">Files that could not be read, one sentence each naming the file.</param>
/// <param name="Missing">Parts of the report left out for want of data.</param>
public sealed record ReportOutcome(string ReportPath, IReadOnlyList<string> Charts, IReadOnlyList<string> Problems, IReadOnlyList<string> Missing);

/// <summary>Turns a results folder into charts (under <c>charts/</c> in that folder) and a markdown report.</summary>
/// <remarks>
/// Every figure in the report is computed from the result files; nothing depends on the clock or the culture,
/// so the same files always give a byte-identical report. The report is written through a temporary file, so a
/// reader sees the old report or the new one, never half of one.
/// </remarks>
public static class ReportGenerator
{
    /// <summary>Reads <paramref name="resultsFolder"/>, writes its charts and the report at <paramref name="reportPath"/>.</summary>
    /// <exception cref="ResultFileException">The folder does not exist, nothing in it can be used, or its machines cannot
    /// be told apart (<see cref="MachineSet.Load"/>); nothing is written then.</exception>
    /// <param name="baselineFolder">Exports to compare the run with (ratio mode, as CI does); when null, the primary
    /// machine's <c>baseline</c> sub-folder if there is one. The report then gets a regression-check section and chart.</param>
    /// <param name="machine">The machine whose run the experiment sections show; null lets <see cref="MachineSet.Load"/> pick.</param>
    public static ReportOutcome Generate(string resultsFolder, string reportPath, string? baselineFolder = null, string? machine = null)
    {
        ArgumentNullException.ThrowIfNull(resultsFolder);
        ArgumentNullException.ThrowIfNull(reportPath);
        var machines = MachineSet.Load(resultsFolder, machine);
        var results = machines.Primary.Results;
        if (results.IsEmpty)
        {
            string why = results.Problems.Count > 0 ? " " + string.Join(" ", results.Problems) : "";
            throw new ResultFileException(resultsFolder,
                $"the results folder '{resultsFolder}' holds no usable {BenchmarkRunLoader.ExpectedFiles} and no scenario files ({ResultsLayout.ResponsivenessFile}, {ResultsLayout.RaceFile}).{why}");
        }

        string reportFolder = Path.GetDirectoryName(Path.GetFullPath(reportPath))!;
        var problems = new List<string>(results.Problems);
        foreach (var other in machines.Machines.Skip(1))
            problems.AddRange(other.Results.Problems.Select(p => $"machine {other.Name}: {p}"));
        var comparison = Compare(results, baselineFolder ?? DefaultBaseline(machines.Primary.Folder), problems);
        string chartsFolder = new ResultsLayout(resultsFolder).Charts;
        var reruns = Stability.LoadReruns(machines.Primary.Folder, results, problems);
        var claims = Stability.Of(Claims.Of(results), reruns);
        var report = new ReportContext(results, new ChartKit(chartsFolder), new MarkdownWriter(results.Folder, reportFolder), comparison, claims, reruns, machines);
        foreach (var section in ReportSections.All)
            section.Write(report);
        AtomicFile.WriteAllText(reportPath, report.Text.ToString());
        RemoveChartsNotIn(chartsFolder, report.Text.ChartFiles);
        return new ReportOutcome(reportPath, report.Text.ChartFiles, problems, report.Text.Missing);
    }

    // the charts folder holds this report's charts only: one an earlier report drew and this one did not would be stale
    private static void RemoveChartsNotIn(string chartsFolder, IReadOnlyList<string> charts)
    {
        if (!Directory.Exists(chartsFolder))
            return;
        var drawn = charts.Select(Path.GetFullPath).SelectMany(c => new[] { c, ChartKit.SvgOf(c) }).ToHashSet(StringComparer.Ordinal);
        foreach (string chart in Directory.EnumerateFiles(chartsFolder, "*.png").Concat(Directory.EnumerateFiles(chartsFolder, "*.svg")).Where(c => !drawn.Contains(Path.GetFullPath(c))))
            File.Delete(chart);
    }

    /// <summary>The thresholds run-bench.ps1 and the CI workflow use: relative to Inline, 10%, alpha 0.01.</summary>
    public static ComparisonOptions BaselineComparison { get; } = new(thresholdPercent: 10, alpha: 0.01, mode: ComparisonMode.Ratio);

    private static string? DefaultBaseline(string machineFolder)
    {
        string folder = new RunLayout(machineFolder).Baseline;
        return Directory.Exists(folder) ? folder : null;
    }

    private static ComparisonReport? Compare(StudyResults results, string? baselineFolder, List<string> problems)
    {
        if (baselineFolder is null || results.Benchmarks.Benchmarks.Count == 0)
            return null;
        try
        {
            var baseline = BenchmarkRunLoader.Load(baselineFolder);
            if (RunComparer.JobMismatch(baseline, results.Benchmarks) is { } mismatch)
            {
                problems.Add($"the baseline in '{baselineFolder}' was not compared: {mismatch}");
                return null;
            }
            return RunComparer.Compare(baseline, results.Benchmarks, BaselineComparison);
        }
        catch (ResultFileException ex)
        {
            problems.Add($"the baseline could not be compared: {ex.Message}");
            return null;
        }
    }
}
