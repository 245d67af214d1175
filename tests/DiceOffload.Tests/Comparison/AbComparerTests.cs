using DiceOffload.Reporting.Comparison;
using DiceOffload.Reporting.Results;
using static DiceOffload.Tests.Comparison.BdnExportWriter;

namespace DiceOffload.Tests.Comparison;

public sealed class AbComparerTests : IDisposable
{
    private const string ThreadPool = "Throughput.ThreadPool(Throws: 1000000)";
    private readonly TempFolder _temp = new();
    private int _folders;

    public void Dispose() => _temp.Dispose();

    // one round: the three throughput cases, scaled, with their own noise
    private BenchmarkRun Round(int seed, double scale = 1, double threadPoolScale = 1, int count = 5)
    {
        string folder = _temp.Sub($"round-{++_folders}");
        BdnExportWriter.Write(folder, Runs.Class,
        [
            new(Runs.Class, "Inline", Around(1_100_000_000 * scale, seed, count)),
            new(Runs.Class, "ThreadPool", Around(600_000_000 * scale * threadPoolScale, seed + 1, count)),
            new(Runs.Class, "ParallelFor", Around(620_000_000 * scale, seed + 2, count)),
        ]);
        return BenchmarkRunLoader.Load(folder);
    }

    private static AbBenchmark Row(AbReport report, string displayName) => report.Benchmarks.Single(b => b.DisplayName == displayName);

    [Fact]
    public void Compare_SameCodeWithQuietRounds_JudgesEveryBenchmarkSame()
    {
        var report = AbComparer.Compare([Round(1), Round(11), Round(21)], [Round(31), Round(41), Round(51)], new ComparisonOptions(10));

        Assert.False(report.HasRegressions);
        Assert.Equal(3, report.Judged);
        Assert.All(report.Benchmarks, b => Assert.Equal(AbVerdict.Same, b.Verdict));
        Assert.All(report.Benchmarks, b => Assert.InRange(b.NoisePercent!.Value, 0, 2.1));   // ±1% measurements
        Assert.Contains("3 of 3 benchmarks judged", report.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_HeadTwentyPercentSlowerInOneBenchmark_FlagsThatOneOnly()
    {
        var report = AbComparer.Compare([Round(1), Round(11), Round(21)],
            [Round(31, threadPoolScale: 1.2), Round(41, threadPoolScale: 1.2), Round(51, threadPoolScale: 1.2)], new ComparisonOptions(10));

        var slower = Assert.Single(report.Regressions);
        Assert.Equal(ThreadPool, slower.DisplayName);
        Assert.Equal(AbVerdict.Slower, slower.Verdict);
        Assert.InRange(slower.Shift!.Percent, 18, 22);
        Assert.True(slower.Shift.Lower > 1.1, "the interval of a 20% shift should lie above the 10% threshold");
    }

    [Fact]
    public void Compare_BaseRoundsDifferMoreThanTheThreshold_TooNoisyNeitherPassedNorFailed()
    {
        // one base round 15% slower than the others: the A/A noise alone is beyond a 10% threshold, and a 10%
        // slowdown does not clear it
        var report = AbComparer.Compare([Round(1), Round(11, scale: 1.15), Round(21)],
            [Round(31, scale: 1.1), Round(41, scale: 1.1), Round(51, scale: 1.1)], new ComparisonOptions(10));

        Assert.All(report.Benchmarks, b => Assert.Equal(AbVerdict.TooNoisy, b.Verdict));
        Assert.All(report.Benchmarks, b => Assert.InRange(b.NoisePercent!.Value, 13, 17));
        Assert.False(report.HasRegressions);
        Assert.Equal(0, report.Judged);
        Assert.Contains("0 of 3 benchmarks judged", report.Summary(), StringComparison.Ordinal);
        Assert.Contains("3 too noisy to judge here", report.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_NoisyBaseAndAShiftFarBeyondItsNoise_IsStillARegression()
    {
        // 15% A/A noise, over the 10% threshold; a 60% slowdown clears the noise too
        var report = AbComparer.Compare([Round(1), Round(11, scale: 1.15), Round(21)],
            [Round(31, threadPoolScale: 1.6), Round(41, threadPoolScale: 1.6), Round(51, threadPoolScale: 1.6)], new ComparisonOptions(10));

        var slower = Assert.Single(report.Regressions);
        Assert.Equal(ThreadPool, slower.DisplayName);
        Assert.Contains("beyond even the rounds' own spread", slower.Note, StringComparison.Ordinal);
        Assert.All(report.Benchmarks.Where(b => b != slower), b => Assert.Equal(AbVerdict.TooNoisy, b.Verdict));
    }

    [Fact]
    public void Compare_HeadSlowInSomeRoundsOnly_IsNoSteadyShiftAndNoRegression()
    {
        // quiet base rounds; the head three times as slow in two of its rounds and as fast as the base in the third
        // (15 measurements a round: with 5, the fast third round alone keeps the test from finding any shift)
        var report = AbComparer.Compare([Round(1, count: 15), Round(11, count: 15), Round(21, count: 15)],
            [Round(31, threadPoolScale: 3, count: 15), Round(41, threadPoolScale: 3, count: 15), Round(51, count: 15)], new ComparisonOptions(10));

        var row = Row(report, ThreadPool);
        Assert.False(report.HasRegressions);
        Assert.Equal(AbVerdict.Same, row.Verdict);
        Assert.Contains("within the rounds' own spread", row.Note, StringComparison.Ordinal);
        Assert.InRange(row.HeadSpreadPercent!.Value, 190, 210);
    }

    [Fact]
    public void Compare_NoisyBaseUnderALargerThreshold_IsJudged()
    {
        // the same 15% A/A noise is no obstacle to judging at 25%, and a 60% slowdown clears both
        var report = AbComparer.Compare([Round(1), Round(11, scale: 1.15), Round(21)],
            [Round(31, threadPoolScale: 1.6), Round(41, threadPoolScale: 1.6), Round(51, threadPoolScale: 1.6)], new ComparisonOptions(25));

        Assert.Equal(AbVerdict.Slower, Row(report, ThreadPool).Verdict);
        Assert.Equal(AbVerdict.Same, Row(report, "Throughput.Inline(Throws: 1000000)").Verdict);
    }

    [Fact]
    public void Compare_OneBaseRound_IsUndecidedForWantOfNoise()
    {
        var report = AbComparer.Compare([Round(1)], [Round(31, threadPoolScale: 2)], new ComparisonOptions(10));

        Assert.All(report.Benchmarks, b => Assert.Equal(AbVerdict.Undecided, b.Verdict));
        Assert.False(report.HasRegressions);
    }

    [Fact]
    public void Compare_FailsInTheHeadOnly_IsARegression()
    {
        string folder = _temp.Sub("failed-head");
        BdnExportWriter.Write(folder, Runs.Class,
        [
            new(Runs.Class, "Inline", Around(1_100_000_000, 3, 5)),
            new(Runs.Class, "ThreadPool", []),
            new(Runs.Class, "ParallelFor", Around(620_000_000, 5, 5)),
        ]);
        var report = AbComparer.Compare([Round(1), Round(11), Round(21)], [Round(31), BenchmarkRunLoader.Load(folder), Round(51)], new ComparisonOptions(10));

        var failed = Assert.Single(report.Regressions);
        Assert.Equal(AbVerdict.Failed, failed.Verdict);
        Assert.Equal(ThreadPool, failed.DisplayName);
    }

    [Fact]
    public void Interleave_AlternatesWhichSideRunsFirst()
    {
        var order = AbComparer.Interleave(4);

        Assert.Equal(
            [(1, AbSide.Base), (1, AbSide.Head), (2, AbSide.Head), (2, AbSide.Base), (3, AbSide.Base), (3, AbSide.Head), (4, AbSide.Head), (4, AbSide.Base)],
            order);
    }

    [Fact]
    public void RatioShift_ProportionalSamples_EstimatesTheFactorInsideItsInterval()
    {
        double[] x = [.. Enumerable.Range(1, 9).Select(i => 100.0 + i * i)];
        double[] y = [.. x.Select(v => v * 1.2)];

        var shift = RatioShift.Of(x, y)!;

        Assert.Equal(1.2, shift.Estimate, 12);   // the pairwise ratios are 1.2 times ratios symmetric around 1
        Assert.InRange(1.2, shift.Lower, shift.Upper);
        Assert.True(shift.Coverage >= RatioShift.Level, $"coverage {shift.Coverage}");
    }

    [Fact]
    public void RatioShift_Bounds_AreTheOrderStatisticsTheExactMannWhitneyDistributionGives()
    {
        // nine against nine: count by brute force how many of the C(18, 9) rank arrangements give each U
        const int n = 9, m = 9;
        long[] ways = new long[n * m + 1];
        for (int mask = 0; mask < 1 << (n + m); mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != n)
                continue;
            int u = 0, ySeen = 0;
            for (int bit = 0; bit < n + m; bit++)
            {
                if ((mask >> bit & 1) == 1)
                    u += ySeen;   // an x that ranks above ySeen y values
                else
                    ySeen++;
            }
            ways[u]++;
        }
        double total = ways.Sum();
        double Below(int u) => ways.Take(u).Sum() / total;   // P(U < u)
        int k = 0;
        while (Below(k + 1) <= (1 - RatioShift.Level) / 2)
            k++;

        double[] x = [.. Enumerable.Range(0, n).Select(i => 1000.0 + 7 * i)];
        double[] y = [.. Enumerable.Range(0, m).Select(j => 1010.0 + 5.3 * j)];
        var shift = RatioShift.Of(x, y)!;
        double[] ratios = [.. x.SelectMany(xi => y.Select(yj => yj / xi)).Order()];

        Assert.Equal(ratios[k - 1], shift.Lower);
        Assert.Equal(ratios[^k], shift.Upper);
        Assert.Equal(1 - 2 * Below(k), shift.Coverage, 9);
    }

    [Fact]
    public void RatioShift_SamplesTooSmallForTheLevel_GivesTheWholeRangeWithItsCoverage()
    {
        var shift = RatioShift.Of([10.0, 11, 12], [13.0, 14, 15])!;

        Assert.Equal(13.0 / 12, shift.Lower, 12);
        Assert.Equal(15.0 / 10, shift.Upper, 12);
        Assert.Equal(1 - 2.0 / 20, shift.Coverage, 9);   // only U = 0 or 9 lies outside: 2 of C(6, 3) arrangements
    }

    [Fact]
    public void NoisePercent_IsTheLargestShiftEitherWayBetweenTwoRounds()
    {
        double? noise = AbComparer.NoisePercent([[100.0, 100, 100], [125.0, 125, 125], [110.0, 110, 110]]);

        Assert.Equal(25, noise!.Value, 9);
        Assert.Equal(25, RatioShift.AbsolutePercent(0.8), 9);
    }
}
