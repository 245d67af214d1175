using DiceOffload.Reporting.Comparison;
using DiceOffload.Reporting.Results;
using static DiceOffload.Tests.Comparison.BdnExportWriter;

namespace DiceOffload.Tests.Comparison;

public sealed class RunComparerTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private ComparisonReport Compare(FixtureCase[] baseline, FixtureCase[] current, ComparisonOptions? options = null)
    {
        string baselineFolder = _temp.Sub("baseline"), currentFolder = _temp.Sub("current");
        Runs.Write(baselineFolder, baseline);
        Runs.Write(currentFolder, current);
        return RunComparer.Compare(BenchmarkRunLoader.Load(baselineFolder), BenchmarkRunLoader.Load(currentFolder), options ?? new ComparisonOptions());
    }

    private static BenchmarkComparison Row(ComparisonReport report, string method) =>
        Assert.Single(report.Benchmarks, b => (b.Baseline ?? b.Current)!.Method == method);

    [Fact]
    public void Compare_ThirtyPercentSlower_IsSlowerByAboutThirtyPercent()
    {
        var report = Compare(Runs.Throughput(seed: 1), Runs.Throughput(seed: 7, threadPoolScale: 1.3));

        var row = Row(report, "ThreadPool");
        Assert.Equal(TimeVerdict.Slower, row.TimeVerdict);
        Assert.InRange(row.ChangePercent!.Value, 27, 33);
        Assert.True(row.IsRegression);
        Assert.Equal([row], report.Regressions);
    }

    [Fact]
    public void Compare_ThirtyPercentFaster_IsFasterAndNoRegression()
    {
        var report = Compare(Runs.Throughput(seed: 1), Runs.Throughput(seed: 7, threadPoolScale: 0.7));

        Assert.Equal(TimeVerdict.Faster, Row(report, "ThreadPool").TimeVerdict);
        Assert.False(report.HasRegressions);
    }

    [Fact]
    public void Compare_BenchmarksInOnlyOneRun_ReportsEachSide()
    {
        var report = Compare(
            [.. Runs.Throughput(), new(Runs.Class, "Retired", Around(1_000))],
            [.. Runs.Throughput(), new(Runs.Class, "Brand", Around(1_000))]);

        Assert.Equal(5, report.Benchmarks.Count);
        Assert.Equal(TimeVerdict.OnlyInBaseline, Row(report, "Retired").TimeVerdict);
        Assert.Equal(TimeVerdict.OnlyInCurrent, Row(report, "Brand").TimeVerdict);
        Assert.False(report.HasRegressions);
    }

    [Fact]
    public void Compare_BenchmarkFailingNow_ReportsFailedAsRegression()
    {
        var report = Compare(
            [.. Runs.Throughput(), new(Runs.Class, "Fragile", Around(1_000))],
            [.. Runs.Throughput(), new(Runs.Class, "Fragile", [])]);

        var row = Row(report, "Fragile");
        Assert.Equal(TimeVerdict.Failed, row.TimeVerdict);
        Assert.True(row.CurrentFailed);
        Assert.True(row.IsRegression);
    }

    [Fact]
    public void Compare_BenchmarkFailingInBothRuns_ReportsFailedWithoutRegression()
    {
        var report = Compare(
            [.. Runs.Throughput(), new(Runs.Class, "Broken", [])],
            [.. Runs.Throughput(), new(Runs.Class, "Broken", [])]);

        Assert.Equal(TimeVerdict.Failed, Row(report, "Broken").TimeVerdict);
        Assert.False(report.HasRegressions);
    }

    [Fact]
    public void Compare_ZeroAllocationsInBothRuns_IsSame()
    {
        var report = Compare(Runs.Throughput(threadPoolBytes: 0), Runs.Throughput(threadPoolBytes: 0));

        Assert.Equal(AllocationVerdict.Same, Row(report, "ThreadPool").AllocationVerdict);
    }

    [Fact]
    public void Compare_AllocationsAfterNone_IsMoreAndRegression()
    {
        var report = Compare(Runs.Throughput(threadPoolBytes: 0), Runs.Throughput(threadPoolBytes: 24));

        var row = Row(report, "ThreadPool");
        Assert.Equal(AllocationVerdict.More, row.AllocationVerdict);
        Assert.True(row.IsRegression);
    }

    [Fact]
    public void Compare_AllocationsGrowingInsideThreshold_IsSame()
    {
        var report = Compare(Runs.Throughput(threadPoolBytes: 1_000), Runs.Throughput(threadPoolBytes: 1_040));

        Assert.Equal(AllocationVerdict.Same, Row(report, "ThreadPool").AllocationVerdict);
    }

    [Fact]
    public void Compare_RatioModeUniformlySlowerMachine_KeepsRatiosAndReportsSame()
    {
        var report = Compare(Runs.Throughput(seed: 1), Runs.Throughput(scale: 2, seed: 7), new ComparisonOptions(mode: ComparisonMode.Ratio));

        var row = Row(report, "ThreadPool");
        Assert.Equal(TimeVerdict.Same, row.TimeVerdict);
        Assert.InRange(row.CurrentMedianRatio!.Value, 0.5, 0.6);
        Assert.InRange(row.CurrentMedianNs!.Value, 1.1e9, 1.3e9);
        Assert.Equal(TimeVerdict.Reference, Row(report, "Inline").TimeVerdict);
    }

    [Fact]
    public void Compare_RatioModeWithoutInlinePartner_ReportsNoReference()
    {
        FixtureCase[] run = [.. Runs.Throughput(), new(Runs.Class, "ThreadPool", Around(3_000_000), [("Throws", "5000")])];

        var report = Compare(run, run, new ComparisonOptions(mode: ComparisonMode.Ratio));

        var row = Assert.Single(report.Benchmarks, b => b.FullName.EndsWith("ThreadPool(Throws: 5000)", StringComparison.Ordinal));
        Assert.Equal(TimeVerdict.NoReference, row.TimeVerdict);
        Assert.Contains("Inline", row.Note, StringComparison.Ordinal);
        Assert.Equal(4, report.Benchmarks.Count);
    }

    [Fact]
    public void Compare_RatioModeClassWithoutInline_TakesRatiosAgainstDll()
    {
        static FixtureCase[] Startup(double scale, int seed) =>
        [
            new("WorkerStartup", "Dll", Around(21_000_000 * scale, seed)),
            new("WorkerStartup", "Aot", Around(2_000_000 * scale, seed + 1)),
        ];

        var report = Compare(Startup(1, 1), Startup(2, 5), new ComparisonOptions(mode: ComparisonMode.Ratio));

        Assert.Equal(TimeVerdict.Reference, Row(report, "Dll").TimeVerdict);
        var aot = Row(report, "Aot");
        Assert.Equal(TimeVerdict.Same, aot.TimeVerdict);
        Assert.InRange(aot.CurrentMedianRatio!.Value, 0.08, 0.11);
    }
}

/// <summary>When two runs may be compared: each benchmark both hold must have been measured with the same job.</summary>
public sealed class RunComparerJobTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private DiceOffload.Reporting.Results.BenchmarkRun Run(string name, params (string Class, string Job)[] exports)
    {
        string folder = _temp.Sub(name);
        foreach (var (type, job) in exports)
            BdnExportWriter.Write(folder, type, [new(type, "Inline", BdnExportWriter.Around(900))], job: job);
        return DiceOffload.Reporting.Results.BenchmarkRunLoader.Load(folder);
    }

    [Fact]
    public void JobMismatch_AnExperimentWithAJobOfItsOwnOnlyOneRunHolds_DoesNotStopTheComparison()
    {
        var baseline = Run("baseline", ("Dispatch", "Study"));
        var current = Run("current", ("Dispatch", "Study"), ("DynamicPgo", "StudyPgoOn"));

        Assert.Null(DiceOffload.Reporting.Comparison.RunComparer.JobMismatch(baseline, current));
    }

    [Fact]
    public void JobMismatch_ABenchmarkBothHoldMeasuredWithAnotherJob_IsNamed()
    {
        var baseline = Run("baseline", ("Dispatch", "Study"));
        var current = Run("current", ("Dispatch", "StudyShort"));

        Assert.Contains("the baseline was measured with the job Study and the current run with StudyShort", DiceOffload.Reporting.Comparison.RunComparer.JobMismatch(baseline, current), StringComparison.Ordinal);
    }
}
