using DiceOffload.Bench.Commands;

namespace DiceOffload.Tests.Report;

public sealed class ReportBaselineTests : ReportTestBase
{
    private static void CopyExportsTo(string results, string baseline)
    {
        Directory.CreateDirectory(baseline);
        foreach (string export in Directory.GetFiles(Path.Combine(results, "benchmarkdotnet", "results"), "*-full.json"))
            File.Copy(export, Path.Combine(baseline, Path.GetFileName(export)));
    }

    [Fact]
    public async Task Report_BaselineFolderPresent_AddsRegressionCheckWithChart()
    {
        // the baseline: the same study with Thread 1.5 times as slow, so this run made Thread faster
        string other = Path.Combine(Temp.Path, "other");
        ReportFixtures.Write(other, slowerMethod: "Thread");
        ReportFixtures.Write(Results);
        CopyExportsTo(other, Path.Combine(Results, "baseline"));

        Assert.Equal(0, await Report());

        string report = File.ReadAllText(ReportPath);
        Assert.Contains("## Regression check\n", report, StringComparison.Ordinal);
        Assert.Contains("This run against the baseline in `results/baseline`: Compared", report, StringComparison.Ordinal);
        Assert.Contains("No regressions.", report, StringComparison.Ordinal);
        Assert.Contains("![Change against the baseline](results/charts/comparison.png)", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Results, "charts", "comparison.png")));
    }

    [Fact]
    public async Task Report_BaselineFasterForOneMethod_ListsOnlyTheChangedRowsAndChartsEachOfThem()
    {
        string other = Path.Combine(Temp.Path, "other");
        ReportFixtures.Write(other, slowerMethod: "Thread");
        ReportFixtures.Write(Results);
        CopyExportsTo(other, Path.Combine(Results, "baseline"));

        string report = await ReportTextAsync();

        string section = report[report.IndexOf("## Regression check", StringComparison.Ordinal)..report.IndexOf("## The strategies side by side", StringComparison.Ordinal)];
        string[] rows = [.. section.Split('\n').Where(l => l.StartsWith("| Throughput.", StringComparison.Ordinal))];
        Assert.Equal(4, rows.Length); // Thread at two job sizes and two worker counts
        Assert.All(rows, row => Assert.StartsWith("| Throughput.Thread", row, StringComparison.Ordinal));
        Assert.Contains("benchmarks with no change are not listed.", section, StringComparison.Ordinal);
        Assert.Contains("![Change against the baseline]", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_BaselineIsTheRunItself_SaysSoInOneLineAndDrawsNothing()
    {
        ReportFixtures.Write(Results);
        CopyExportsTo(Results, Path.Combine(Results, "baseline"));

        string report = await ReportTextAsync();

        string section = report[report.IndexOf("## Regression check", StringComparison.Ordinal)..report.IndexOf("## The strategies side by side", StringComparison.Ordinal)];
        Assert.Contains("holds this run's own measurements", section, StringComparison.Ordinal);
        Assert.DoesNotContain("![", section, StringComparison.Ordinal);
        Assert.DoesNotContain("| Throughput.", section, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Results, "charts", "comparison.png")));
    }

    [Fact]
    public async Task Report_BaselineOfAnotherJobBesideTheRun_IsNeitherPartOfTheRunNorItsBaseline()
    {
        string other = Path.Combine(Temp.Path, "other");
        ReportFixtures.Write(other, slowerMethod: "Thread");
        ReportFixtures.Write(Results);
        CopyExportsTo(other, Path.Combine(Results, "baseline-short"));

        string report = await ReportTextAsync();

        Assert.DoesNotContain("## Regression check", report, StringComparison.Ordinal);
        Assert.DoesNotContain("is in both", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_NoBaseline_LeavesTheSectionOut()
    {
        ReportFixtures.Write(Results);

        Assert.Equal(0, await Report());

        Assert.DoesNotContain("## Regression check", File.ReadAllText(ReportPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_MissingBaselineFolder_ExitsTwoNamingTheOption()
    {
        ReportFixtures.Write(Results);

        Assert.Equal(2, await ReportCommand.InvokeAsync(["--results", Results, "--out", ReportPath, "--baseline", Path.Combine(Temp.Path, "nope")], Output, Error));

        Assert.StartsWith("--baseline: the folder", Error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(ReportPath));
    }
}
