namespace DiceOffload.Tests.Workload;

/// <summary>Jobs given in time become whole chunks of throws at the machine's measured speed.</summary>
public sealed class LoopCalibrationTests
{
    [Theory]
    [InlineData(2_200, 2.4, 13_987)]     // 2.2 s at 2.4 ns a throw: 916.7 M throws, 13,987.2 chunks
    [InlineData(2_200, 11.0, 3_052)]     // the same time on a host 4.6× slower per throw: a fifth of the throws
    [InlineData(3, 1.0, 46)]             // 3 ms at 1 ns: 45.8 chunks
    [InlineData(0.001, 1.0, 1)]          // never less than one chunk
    public void ThrowsFor_IsTheTimeOverTheSpeedInWholeChunks(double milliseconds, double nsPerThrow, long chunks) =>
        Assert.Equal(chunks * DiceJob.ChunkSize, LoopCalibration.ThrowsFor(TimeSpan.FromMilliseconds(milliseconds), nsPerThrow));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ThrowsFor_NoSpeed_Throws(double nsPerThrow) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LoopCalibration.ThrowsFor(TimeSpan.FromSeconds(1), nsPerThrow));

    [Fact]
    public void NanosecondsPerThrow_IsAPositiveFiniteFigure()
    {
        double ns = LoopCalibration.NanosecondsPerThrow(runs: 2);

        Assert.True(ns > 0 && double.IsFinite(ns), $"{ns} ns a throw");
    }
}
