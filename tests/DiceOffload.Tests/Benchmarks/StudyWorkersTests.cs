using DiceOffload.Bench;

namespace DiceOffload.Tests.Benchmarks;

/// <summary>Scaling's worker counts grow by doublings to twice the cores, so a large machine does not run a case per count.</summary>
public sealed class StudyWorkersTests
{
    [Theory]
    [InlineData(1, new[] { 1, 2 })]
    [InlineData(2, new[] { 1, 2, 4 })]
    [InlineData(4, new[] { 1, 2, 3, 4, 8 })]      // three counts above one within the cores, for the scalability fit
    [InlineData(6, new[] { 1, 2, 3, 4, 6, 12 })]
    [InlineData(16, new[] { 1, 2, 3, 4, 8, 16, 32 })]
    public void Doublings_AreOneToFourThenDoublingsThenTheCoresAndTwiceThem(int cores, int[] expected) =>
        Assert.Equal(expected, StudyWorkers.Doublings(cores));
}
