using DiceOffload.Bench.Scenarios;

namespace DiceOffload.Tests.Scenarios;

public sealed class RaceScenarioTests
{
    [Theory]
    [InlineData("unsynchronized")]
    [InlineData("interlocked")]
    [InlineData("partitioned")]
    public void Count_OneWorker_LosesNothing(string method)
    {
        Assert.Equal(250_000, RaceScenario.Count(method, 1, 250_000));
    }

    [Theory]
    [InlineData("interlocked")]
    [InlineData("partitioned")]
    public void Count_AtomicOrPartitioned_ManyWorkers_LosesNothing(string method)
    {
        Assert.Equal(4 * 250_000, RaceScenario.Count(method, 4, 250_000));
    }

    [Fact]
    public void Count_Unsynchronized_SeveralCores_LosesUpdatesAndNeverCountsMore()
    {
        // a race needs two threads running at once; on one core there is none to show
        if (Environment.ProcessorCount < 2)
            return;
        // lost updates are near certain in each attempt (the study loses about half); five attempts make a miss negligible
        long[] counted = [.. Enumerable.Range(0, 5).Select(_ => RaceScenario.Count("unsynchronized", 4, 1_000_000))];

        Assert.All(counted, c => Assert.InRange(c, 1, 4 * 1_000_000));
        Assert.Contains(counted, c => c < 4 * 1_000_000);
    }

    [Fact]
    public void Run_RecordsLostUpdatesAsExpectedMinusCounted()
    {
        var settings = new ScenarioSettings("test", 1000, [1], 2, 10_000, TimeSpan.FromMilliseconds(1));

        var result = RaceScenario.Run(settings, TextWriter.Null);

        Assert.Equal(RaceScenario.Methods, result.Runs.Select(r => r.Method));
        foreach (var run in result.Runs)
        {
            Assert.Equal(10_000, run.Expected);
            Assert.Equal([10_000, 10_000], run.Counted);
            Assert.Equal([0, 0], run.LostUpdates);
            Assert.Equal(2, run.ElapsedMs.Count);
        }
    }

    [Fact]
    public void Count_UnknownMethod_NamesTheMethods()
    {
        var error = Assert.Throws<ArgumentException>(() => RaceScenario.Count("locked", 1, 1));

        Assert.Contains("unsynchronized, interlocked, partitioned", error.Message, StringComparison.Ordinal);
    }
}
