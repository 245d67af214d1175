using DiceOffload.Bench.Commands;
using DiceOffload.Tests.Comparison;

namespace DiceOffload.Tests.Report;

public sealed class ReportBaselineTests : ReportTestBase
{
    private void CopyExportsTo(string baseline)
    {
        Directory.CreateDirectory(baseline);
        foreach (string export in Directory.GetFiles(Path.Combine(Results, "benchmarkdotnet", "results"), "*-full.json"))
            File.Copy(export, Path.Combine(baseline, Path.GetFileName(export)));
    }

    [Fact]
    public async Task Report_BaselineFolderPresent_AddsRegressionCheckWithChart()
    {
        ReportFixtures.Write(Results);
        CopyExportsTo(Path.Combine(Results, "baseline"));

        Assert.Equal(0, await Report());

        string report = File.ReadAllText(ReportPath);
        Assert.Contains("## Regression check\n", report, StringComparison.Ordinal);
        Assert.Contains("This run against the baseline in `results/baseline`: Compared", report, StringComparison.Ordinal);
        Assert.Contains("No regressions.", report, StringComparison.Ordinal);
        Assert.Contains("![Change against the baseline](results/charts/comparison.png)", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Results, "charts", "comparison.png")));
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
