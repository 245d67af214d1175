using DiceOffload.Reporting.Results;

namespace DiceOffload.Tests.Results;

public sealed class MedianIntervalTests
{
    [Fact]
    public void Of_AnySample_ContainsItsMedian()
    {
        var random = new Random(12345);
        for (int n = 1; n <= 40; n++)
        {
            for (int trial = 0; trial < 25; trial++)
            {
                // skewed, as timings are: mostly near 100, a few far above
                double[] values = [.. Enumerable.Range(0, n).Select(_ => 100 + (random.NextDouble() < 0.2 ? 1000 * random.NextDouble() : random.NextDouble()))];

                var interval = MedianInterval.Of(values)!;

                Assert.True(interval.Contains(Statistics.Median(values)), $"n = {n}: [{interval.LowerNs}, {interval.UpperNs}] misses the median {Statistics.Median(values)}");
                Assert.True(interval.LowerNs >= values.Min() && interval.UpperNs <= values.Max());
            }
        }
    }

    [Theory]
    [InlineData(3, 0.75)]        // [min, max] of three: 1 - 2/8
    [InlineData(7, 0.984375)]    // [min, max] of seven: 1 - 2/128, below 99%
    [InlineData(8, 0.9921875)]   // [min, max] of eight: the first to reach 99%
    public void Of_SmallSamples_ReportTheCoverageTheyReach(int n, double coverage)
    {
        var interval = MedianInterval.Of([.. Enumerable.Range(1, n).Select(i => (double)i)])!;

        Assert.Equal(coverage, interval.Coverage, 1e-6);
        Assert.Equal(1, interval.LowerNs);
        Assert.Equal(n, interval.UpperNs);
    }

    [Fact]
    public void Of_FifteenIterations_NarrowsToTheThirdAndThirteenthWithAtLeastTheLevel()
    {
        var interval = MedianInterval.Of([.. Enumerable.Range(1, 15).Select(i => (double)i)])!;

        Assert.Equal(3, interval.LowerNs);
        Assert.Equal(13, interval.UpperNs);
        Assert.True(interval.Coverage >= MedianInterval.Level);
    }
}
