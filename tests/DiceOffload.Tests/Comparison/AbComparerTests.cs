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

    // n rounds of one side, seeds apart, each round scaled by its own factor (a drift both sides of a pair share)
    private List<BenchmarkRun> Side(int firstSeed, int rounds, Func<int, double>? scale = null, Func<int, double>? threadPool = null, int count = 5) =>
        [.. Enumerable.Range(0, rounds).Select(i => Round(firstSeed + 10 * i, scale?.Invoke(i) ?? 1, threadPool?.Invoke(i) ?? 1, count))];

    [Fact]
    public void Compare_SameCodeWithQuietRounds_JudgesEveryBenchmarkSameWithinANumber()
    {
        var report = AbComparer.Compare(Side(1, 4), Side(101, 4), new ComparisonOptions(10));

        Assert.False(report.HasRegressions);
        Assert.Equal(3, report.Judged);
        Assert.All(report.Benchmarks, b => Assert.Equal(AbVerdict.Same, b.Verdict));
        // ±1% measurements: the interval is a few percent wide, and "same" says how few
        Assert.All(report.Benchmarks, b => Assert.InRange(b.Shift!.WithinPercent, 0, 5));
        Assert.All(report.Benchmarks, b => Assert.StartsWith("within ±", b.Note, StringComparison.Ordinal));
        Assert.All(report.Benchmarks, b => Assert.Equal((Math.Sqrt(1.1) - 1) * 100, b.DetectablePercent!.Value, 9));   // half the threshold (as a factor): the noise is below it
        Assert.Contains("3 of 3 benchmarks judged", report.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_HeadTwentyPercentSlowerInOneBenchmark_FlagsThatOneOnly()
    {
        var report = AbComparer.Compare(Side(1, 4), Side(101, 4, threadPool: _ => 1.2), new ComparisonOptions(10));

        var slower = Assert.Single(report.Regressions);
        Assert.Equal(ThreadPool, slower.DisplayName);
        Assert.Equal(AbVerdict.Slower, slower.Verdict);
        Assert.InRange(slower.Shift!.Percent, 18, 22);
        Assert.True(slower.Shift.Lower > 1, "the interval of a 20% shift should lie above no change");
    }

    [Fact]
    public void Compare_TenPercentSlowerOnQuietRounds_IsCaught()
    {
        var report = AbComparer.Compare(Side(1, 4), Side(101, 4, threadPool: _ => 1.1), new ComparisonOptions(10));

        Assert.Equal(ThreadPool, Assert.Single(report.Regressions).DisplayName);
    }

    [Fact]
    public void Compare_DriftThatBothSidesOfEachPairShare_CancelsInThePairs()
    {
        // the machine 15% and 30% slower in the second and third rounds, for A and B alike: pooled, the sides' spread
        // would swamp a 10% threshold; paired, nothing changed
        Func<int, double> drift = i => i switch { 1 => 1.15, 2 => 1.3, _ => 1 };
        var report = AbComparer.Compare(Side(1, 4, drift), Side(101, 4, drift), new ComparisonOptions(10));

        Assert.Equal(3, report.Judged);
        Assert.All(report.Benchmarks, b => Assert.Equal(AbVerdict.Same, b.Verdict));
        Assert.All(report.Benchmarks, b => Assert.InRange(b.Noise!.RoundPercent, 10, 20));   // between rounds: the drift
        Assert.All(report.Benchmarks, b => Assert.InRange(b.Noise!.PairPercent, 0, 2));       // left once paired: the iterations' noise
    }

    [Fact]
    public void Compare_DriftAndATenPercentSlowdown_CatchesTheSlowdown()
    {
        Func<int, double> drift = i => i switch { 1 => 1.15, 2 => 1.3, _ => 1 };
        var report = AbComparer.Compare(Side(1, 4, drift), Side(101, 4, drift, threadPool: _ => 1.1), new ComparisonOptions(10));

        Assert.Equal(ThreadPool, Assert.Single(report.Regressions).DisplayName);
    }

    [Fact]
    public void Compare_HeadSlowInSomeRoundsOnly_IsTooNoisyNotARegression()
    {
        // the head three times as slow in two of its rounds and as fast as the base in the other two: no steady shift
        var report = AbComparer.Compare(Side(1, 4), Side(101, 4, threadPool: i => i % 2 == 0 ? 3 : 1), new ComparisonOptions(10));

        var row = Row(report, ThreadPool);
        Assert.False(report.HasRegressions);
        Assert.Equal(AbVerdict.TooNoisy, row.Verdict);
        Assert.Contains("reaches past ±10%", row.Note, StringComparison.Ordinal);
        Assert.True(row.DetectablePercent > 10, $"flags from {row.DetectablePercent}%");
        Assert.Equal(2, report.Judged);
        Assert.Contains("1 too noisy to judge here", report.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_ASmallSteadyShift_IsSameAndSaysSo()
    {
        // 2% slower in every round: the interval excludes no change, but the shift is below half of a 10% threshold
        var report = AbComparer.Compare(Side(1, 5, count: 15), Side(101, 5, threadPool: _ => 1.02, count: 15), new ComparisonOptions(10));

        var row = Row(report, ThreadPool);
        Assert.Equal(AbVerdict.Same, row.Verdict);
        Assert.Contains("below half the threshold", row.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_OnePairOfRounds_IsUndecided()
    {
        var report = AbComparer.Compare(Side(1, 1), Side(101, 1, threadPool: _ => 2), new ComparisonOptions(10));

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
        var report = AbComparer.Compare(Side(1, 3), [Round(31), BenchmarkRunLoader.Load(folder), Round(51)], new ComparisonOptions(10));

        var failed = Assert.Single(report.Regressions);
        Assert.Equal(AbVerdict.Failed, failed.Verdict);
        Assert.Equal(ThreadPool, failed.DisplayName);
    }

    [Fact]
    public void Confirm_AFlagTheConfirmingRoundsRepeat_Stands()
    {
        var options = new ComparisonOptions(10);
        var first = AbComparer.Compare(Side(1, 4), Side(101, 4, threadPool: _ => 1.2), options);
        var again = AbComparer.Compare(Side(201, 4), Side(301, 4, threadPool: _ => 1.2), options);

        var report = AbComparer.Confirm(first, again);

        var slower = Assert.Single(report.Regressions);
        Assert.Equal(ThreadPool, slower.DisplayName);
        Assert.False(slower.Unconfirmed);
        Assert.Contains("in 4 more pairs of its own", slower.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Confirm_AFlagTheConfirmingRoundsDoNotRepeat_IsTooNoisyAndNoRegression()
    {
        // a burst: the head slower in the first rounds only
        var options = new ComparisonOptions(10);
        var first = AbComparer.Compare(Side(1, 4), Side(101, 4, threadPool: _ => 1.3), options);
        var again = AbComparer.Compare(Side(201, 4), Side(301, 4), options);

        var report = AbComparer.Confirm(first, again);

        Assert.False(report.HasRegressions);
        var row = Row(report, ThreadPool);
        Assert.Equal(AbVerdict.TooNoisy, row.Verdict);
        Assert.True(row.Unconfirmed);
        Assert.StartsWith("slower at first (+", row.Note, StringComparison.Ordinal);
        Assert.Contains("not confirmed (", row.Note, StringComparison.Ordinal);
        Assert.Contains("1 flagged at first and not confirmed", report.Summary(), StringComparison.Ordinal);
        // what was not flagged keeps its verdict
        Assert.Equal(AbVerdict.Same, Row(report, "Throughput.Inline(Throws: 1000000)").Verdict);
    }

    [Fact]
    public void Confirm_AFlaggedBenchmarkWithoutRoundsOfItsOwn_IsNotConfirmed()
    {
        var options = new ComparisonOptions(10);
        var first = AbComparer.Compare(Side(1, 4), Side(101, 4, threadPool: _ => 1.3), options);

        var report = AbComparer.Confirm(first, first with { Benchmarks = [] });

        Assert.False(report.HasRegressions);
        Assert.Contains("nothing measured of its own to confirm it", Row(report, ThreadPool).Note, StringComparison.Ordinal);
    }

    [Fact]
    public void PairedShift_IsTheMeanLogRatioWithItsStudentInterval()
    {
        // mean 0.2, standard deviation 0.1, three pairs: t(0.975, 2) = 4.3027
        var shift = PairedShift.Of([0.1, 0.2, 0.3], alpha: 0.05)!;

        double half = 4.302652729911275 * 0.1 / Math.Sqrt(3);
        Assert.Equal(Math.Exp(0.2), shift.Estimate, 12);
        Assert.Equal(Math.Exp(0.2 - half), shift.Lower, 6);
        Assert.Equal(Math.Exp(0.2 + half), shift.Upper, 6);
        Assert.Equal(3, shift.Pairs);
        Assert.Null(PairedShift.Of([0.1], 0.05));
    }

    [Fact]
    public void Sources_SeparateIterationsRoundsAndPairs()
    {
        // iterations e^±0.01 around each round's median; the base's rounds 1 and e^0.1; each head round 1.05 times its pair
        double[] Round(double median) => [median * Math.Exp(-0.01), median, median * Math.Exp(0.01)];
        var noise = AbComparer.Sources([Round(100), Round(100 * Math.Exp(0.1))], [Round(105), Round(105 * Math.Exp(0.1))],
            [Math.Log(1.05), Math.Log(1.05)])!;

        Assert.Equal((Math.Exp(0.01) - 1) * 100, noise.IterationPercent, 6);
        Assert.Equal((Math.Exp(0.1 / Math.Sqrt(2)) - 1) * 100, noise.RoundPercent, 6);   // two values 0.1 apart: sd 0.1/√2
        Assert.Equal(0, noise.PairPercent, 9);
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
}
