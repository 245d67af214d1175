using DiceOffload.Reporting.Report;
using DiceOffload.Reporting.Results;

namespace DiceOffload.Tests.Report;

/// <summary>A case is faster than another only when the test says so on all measurements and between every pair of launches.</summary>
public sealed class CaseVerdictTests
{
    // a case whose launches are given as lists of nanoseconds, in launch order
    private static BenchmarkResult Case(string method, params double[][] launches) =>
        new($"Ns.Throughput.{method}", "Ns", "Throughput", method, "", [], [.. launches.SelectMany(l => l)], null, null, "fixture.json")
        {
            LaunchIndices = [.. launches.SelectMany((l, i) => l.Select(_ => i + 1))],
        };

    private static double[] Seven(double from) => [.. Enumerable.Range(0, 7).Select(i => from + i)];

    [Fact]
    public void Test_FasterInEveryLaunch_IsFasterWithTheLaunchesTested()
    {
        var verdict = Claims.Test(Case("Thread", Seven(100), Seven(102)), Case("Inline", Seven(200), Seven(203)));

        Assert.Equal(Difference.Faster, verdict.Difference);
        Assert.True(verdict.LaunchesTested);
        Assert.True(verdict.PValue < Claims.Alpha);
    }

    [Fact]
    public void Test_FasterOnlyInOneLaunch_IsNotDistinguishable()
    {
        // all measurements together look faster; the second launch is not
        var x = Case("Thread", Seven(100), Seven(150));
        var y = Case("Inline", Seven(152), Seven(154));

        var verdict = Claims.Test(x, y);

        Assert.Equal(Difference.NotDistinguishable, verdict.Difference);
        Assert.True(verdict.LaunchesTested);
        Assert.True(Claims.LaunchesDisagree(x));
        Assert.False(Claims.LaunchesDisagree(y));
    }

    [Fact]
    public void Test_WithinTheMinimalEffect_IsNotDistinguishable()
    {
        // 0.5% apart and perfectly separated: smaller than the study's minimal effect
        double[] slow = [.. Enumerable.Range(0, 14).Select(i => 1005 + i * 0.01)];
        double[] fast = [.. Enumerable.Range(0, 14).Select(i => 1000 + i * 0.01)];

        Assert.Equal(Difference.NotDistinguishable, Claims.Compare(Case("Thread", fast), Case("Inline", slow)));
    }

    [Fact]
    public void Test_OneLaunchEach_TestsAllMeasurementsAlone()
    {
        var verdict = Claims.Test(Case("Inline", [.. Enumerable.Range(0, 14).Select(i => 300.0 + i)]), Case("Thread", [.. Enumerable.Range(0, 14).Select(i => 100.0 + i)]));

        Assert.Equal(Difference.Slower, verdict.Difference);
        Assert.False(verdict.LaunchesTested);
    }

    [Fact]
    public void Test_TooFewMeasurementsForTheLevel_SaysSo() =>
        Assert.Equal(Difference.TooFewMeasurements, Claims.Compare(Case("Thread", [1, 2, 3]), Case("Inline", [10, 11, 12])));
}

/// <summary>A speedup above what the hardware allows is flagged where it stands.</summary>
public sealed class AboveIdealTests
{
    [Theory]
    [InlineData(2.26, 2, 2, true)]
    [InlineData(1.99, 2, 2, false)]
    [InlineData(1.06, 1, 2, true)]    // one worker cannot beat the loop it runs
    [InlineData(2.5, 4, 2, true)]     // four workers on two cores: at most 2×
    [InlineData(3.5, 4, 4, false)]
    public void AboveIdeal_FlagsOnlySpeedupsAboveTheWorkersCappedAtTheCores(double speedup, double workers, int cores, bool flagged) =>
        Assert.Equal(flagged, Claims.AboveIdeal(speedup, workers, cores).Contains("above the ideal", StringComparison.Ordinal));

    [Theory]
    [InlineData(2.17, 2.05, "is not isolated here")]            // the whole interval above 2×: the firm flag
    [InlineData(2.17, 1.77, "as an estimate only")]              // the estimate above 2×, the interval reaching below it
    [InlineData(1.98, 1.90, "")]                                 // within the ideal: no word
    public void AboveIdeal_OfAnInterval_SaysWhetherTheDataOrOnlyTheEstimateIsAbove(double estimate, double lower, string expected)
    {
        string flag = Claims.AboveIdeal(new DiceOffload.Reporting.Comparison.RatioShift(estimate, lower, estimate + 0.1, 0.99), 2, 2);

        if (expected.Length == 0)
            Assert.Equal("", flag);
        else
            Assert.Contains(expected, flag, StringComparison.Ordinal);
    }
}

/// <summary>A heartbeat figure from three repetitions names one strategy the lowest only when its repetitions separate it.</summary>
public sealed class LowestHeartbeatsTests
{
    private static DiceOffload.ResultFiles.ResponsivenessRun Run(string strategy, params double[] p99s) =>
        new(strategy, 2, "monitor", "none", 1000, 0.1, p99s.Order().ElementAt(p99s.Length / 2), 2, 3, 1000, 1000, null, null, null,
            [.. p99s.Select(p => new DiceOffload.ResultFiles.ResponsivenessRepetition(1000, p, p + 1, 1000, null, null, null))], []);

    [Fact]
    public void LowestHeartbeats_OverlappingRepetitions_NamesBoth()
    {
        var lowest = Claims.LowestHeartbeats([Run("process", 1.05, 1.07, 1.10), Run("shared-memory", 1.06, 1.068, 1.09), Run("thread-pool", 40, 45, 50)]);

        Assert.Equal(["shared-memory", "process"], lowest.Select(r => r.Strategy));
    }

    [Fact]
    public void LowestHeartbeats_SeparatedRepetitions_NamesOne()
    {
        var lowest = Claims.LowestHeartbeats([Run("process", 2.0, 2.1, 2.2), Run("shared-memory", 1.0, 1.1, 1.2)]);

        Assert.Equal(["shared-memory"], lowest.Select(r => r.Strategy));
    }
}
