using DiceOffload.Reporting.Comparison;
using Perfolizer.Horology;
using Perfolizer.Mathematics.Common;
using Perfolizer.Metrology;

namespace DiceOffload.Tests.Comparison;

/// <summary>The project's one test of a shift: it can say "not distinguishable", and its verdict is the exact Mann–Whitney test's.</summary>
public sealed class ShiftTestTests
{
    private static readonly Threshold Zero = Threshold.Parse("0%");

    private static double[] Normal(Random random, int count, double mean, double spread) =>
        [.. Enumerable.Range(0, count).Select(_ => mean + spread * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))];

    [Fact]
    public void Compare_TwoSamplesOfOneDistribution_IsNotDistinguishable()
    {
        // the case a sign-of-the-shift short cut gets wrong: 14 and 14 values of one distribution
        var random = new Random(14);
        Assert.Equal(ComparisonResult.Indistinguishable, ShiftTest.Compare(Normal(random, 14, 1000, 100), Normal(random, 14, 1000, 100), Zero, 0.01, TimeUnit.Nanosecond));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public void Compare_ShiftSmallAgainstTheSpread_IsNotDistinguishable(double shift)
    {
        var random = new Random(7);
        double[] x = Normal(random, 14, 1000, 100);
        Assert.Equal(ComparisonResult.Indistinguishable, ShiftTest.Compare([.. x.Select(v => v + shift)], x, Zero, 0.01, TimeUnit.Nanosecond));
    }

    [Fact]
    public void Compare_ManyPairsOfOneDistribution_FalseVerdictsStayNearTheLevel()
    {
        // 400 fixed pairs at α = 0.05: about 20 false verdicts expected, a short cut that ignores the p-value gives 400
        var random = new Random(2026);
        int verdicts = Enumerable.Range(0, 400)
            .Count(_ => ShiftTest.Compare(Normal(random, 14, 1000, 100), Normal(random, 14, 1000, 100), Zero, 0.05, TimeUnit.Nanosecond) != ComparisonResult.Indistinguishable);
        Assert.InRange(verdicts, 0, 40);
    }

    [Fact]
    public void Compare_SeparatedSamples_GivesTheDirection()
    {
        double[] slow = [.. Enumerable.Range(0, 14).Select(i => 2000.0 + i)];
        double[] fast = [.. Enumerable.Range(0, 14).Select(i => 1000.0 + i)];
        Assert.Equal(ComparisonResult.Greater, ShiftTest.Compare(slow, fast, Zero, 0.01, TimeUnit.Nanosecond));
        Assert.Equal(ComparisonResult.Lesser, ShiftTest.Compare(fast, slow, Zero, 0.01, TimeUnit.Nanosecond));
        // a shift of about 100% is not one of more than 150%
        Assert.Equal(ComparisonResult.Indistinguishable, ShiftTest.Compare(slow, fast, Threshold.Parse("150%"), 0.01, TimeUnit.Nanosecond));
    }

    [Fact]
    public void Compare_AClearTwoPercentShift_IsFoundBeyondAOnePercentThreshold()
    {
        double[] baseline = [.. Enumerable.Range(0, 14).Select(i => 1000.0 + i * 0.2)];
        double[] slower = [.. baseline.Select(v => v * 1.02)];
        Assert.Equal(ComparisonResult.Greater, ShiftTest.Compare(slower, baseline, Threshold.Parse("1%"), 0.01, TimeUnit.Nanosecond));
        Assert.Equal(ComparisonResult.Lesser, ShiftTest.Compare(baseline, slower, Threshold.Parse("1%"), 0.01, TimeUnit.Nanosecond));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Test_SmallSamples_AgreesWithAnExactEnumeration(int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 40; trial++)
        {
            double shift = trial % 4 * 40;
            double[] x = [.. Normal(random, 5, 1000 + shift, 50)];
            double[] y = [.. Normal(random, 6, 1000, 50)];

            var verdict = ShiftTest.Test(x, y, Zero, 0.1, TimeUnit.Nanosecond);

            double greater = ExactGreaterPValue(x, y), lesser = ExactGreaterPValue(y, x);
            Assert.Equal(greater, verdict.GreaterPValue, 9);
            Assert.Equal(lesser, verdict.LesserPValue, 9);
            var expected = greater < 0.05 ? ComparisonResult.Greater : lesser < 0.05 ? ComparisonResult.Lesser : ComparisonResult.Indistinguishable;
            Assert.Equal(expected, verdict.Result);
        }
    }

    [Theory]
    [InlineData(3, 3, 0.01, false)]   // 1 / C(6, 3) = 0.05
    [InlineData(7, 7, 0.01, true)]    // 1 / C(14, 7) = 0.0003
    [InlineData(1, 14, 0.01, false)]  // 1 / 15
    [InlineData(5, 5, 0.1, true)]     // 1 / 252
    public void CanReach_IsWhetherTheSmallestPValueIsBelowHalfTheLevel(int n, int m, double alpha, bool expected) =>
        Assert.Equal(expected, ShiftTest.CanReach(n, m, alpha));

    [Fact]
    public void Compare_SamplesTooSmallForTheLevel_IsUnknown() =>
        Assert.Equal(ComparisonResult.Unknown, ShiftTest.Compare([1.0, 2, 3], [10.0, 11, 12], Zero, 0.01, TimeUnit.Nanosecond));

    // P(U >= u observed) for "x greater than y", over every way to choose x's ranks among n + m (no ties)
    private static double ExactGreaterPValue(double[] x, double[] y)
    {
        int n = x.Length, m = y.Length;
        double[] all = [.. x.Concat(y).Order()];
        int observed = x.Sum(v => Array.IndexOf(all, v) + 1);
        int total = 0, atLeast = 0;
        for (int mask = 0; mask < 1 << (n + m); mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != n)
                continue;
            int rankSum = 0;
            for (int i = 0; i < n + m; i++)
                if ((mask & (1 << i)) != 0)
                    rankSum += i + 1;
            total++;
            if (rankSum >= observed)
                atLeast++;
        }
        return atLeast / (double)total;
    }
}
