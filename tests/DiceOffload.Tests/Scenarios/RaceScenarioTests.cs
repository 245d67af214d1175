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
        var count = RaceScenario.Count(method, 1, 250_000, TimeSpan.Zero);

        Assert.InRange(count.Expected, 250_000, 250_000 + RaceScenario.Block);
        Assert.Equal(count.Expected, count.Counted);
        Assert.Equal(count.Expected, count.FewestIncrements);
    }

    [Theory]
    [InlineData("interlocked")]
    [InlineData("partitioned")]
    public void Count_AtomicOrPartitioned_ManyWorkers_OverlapAndLoseNothing(string method)
    {
        var count = RaceScenario.Count(method, 4, 250_000, TimeSpan.FromMilliseconds(20));

        Assert.Equal(count.Expected, count.Counted);
        Assert.True(count.FewestIncrements >= 250_000, $"a worker stopped after {count.FewestIncrements} increments");
        // the workers stop only once each has seen the others' increments between its own blocks this often
        Assert.True(count.Interleavings >= RaceScenario.MinimumInterleavings, $"a worker saw {count.Interleavings} interleavings");
    }

    [Fact]
    public void Count_Unsynchronized_SeveralCores_LosesUpdatesAndNeverCountsMore()
    {
        // a race needs two threads running at once; on one core there is none to show
        if (Environment.ProcessorCount < 2)
            return;
        // the workers count until each has seen the others' increments between two of its own blocks 100 times: the
        // threads provably overlapped, on two cores or in slices the scheduler cut at any instruction, so each attempt
        // loses updates unless every one of those interleavings missed the read-to-write window; three attempts on top
        var counts = Enumerable.Range(0, 3).Select(_ => RaceScenario.Count("unsynchronized", 4, 1_000_000, TimeSpan.FromMilliseconds(50))).ToList();

        Assert.All(counts, c => Assert.True(c.Interleavings >= RaceScenario.MinimumInterleavings, $"a worker saw {c.Interleavings} interleavings"));
        Assert.All(counts, c => Assert.InRange(c.Counted, 1, c.Expected));
        Assert.Contains(counts, c => c.Counted < c.Expected);
    }

    [Fact]
    public void Run_RecordsLostUpdatesAsExpectedMinusCounted()
    {
        var settings = new ScenarioSettings("test", TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1), [1], 2, 10_000, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));

        var result = RaceScenario.Run(settings, TextWriter.Null);

        Assert.Equal(RaceScenario.SchemaVersion, result.SchemaVersion);
        Assert.Equal(RaceScenario.Methods, result.Runs.Select(r => r.Method));
        Assert.True(result.IncrementsPerWorker >= 10_000);
        Assert.Equal(0, result.MinimumInterleavings);
        Assert.Equal(1.0, result.MinimumOverlapMs);
        foreach (var run in result.Runs)
        {
            Assert.NotNull(run.ExpectedByRepetition);
            Assert.Equal(2, run.ExpectedByRepetition.Count);
            Assert.All(run.ExpectedByRepetition, e => Assert.True(e >= 10_000));
            Assert.Equal(run.ExpectedByRepetition, run.Counted);
            Assert.Equal(run.ExpectedByRepetition.Zip(run.Counted, (e, c) => e - c), run.LostUpdates);
            Assert.Contains(run.Expected, run.ExpectedByRepetition);
            Assert.Equal(2, run.ElapsedMs.Count);
            Assert.Equal(2, run.Interleavings?.Count);
        }
    }

    [Fact]
    public void Count_UnknownMethod_NamesTheMethods()
    {
        var error = Assert.Throws<ArgumentException>(() => RaceScenario.Count("locked", 1, 1, TimeSpan.Zero));

        Assert.Contains("unsynchronized, interlocked, partitioned", error.Message, StringComparison.Ordinal);
    }
}
