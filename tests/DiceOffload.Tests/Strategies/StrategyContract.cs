using DiceOffload.Strategies;

namespace DiceOffload.Tests.Strategies;

/// <summary>What every strategy promises. Each strategy's test class inherits all of it.</summary>
public abstract class StrategyContract
{
    /// <summary>The strategy under test, doing the real work.</summary>
    protected abstract IDiceStrategy Create();

    /// <summary>The strategy under test whose work fails part-way (an exception, or a worker that exits non-zero).</summary>
    protected abstract IDiceStrategy CreateFailing();

    /// <summary>The strategy under test, instrumented so that <see cref="AssertNothingLeftRunningAsync"/> can see its work.</summary>
    protected abstract IDiceStrategy CreateObserved();

    /// <summary>Fails if any of the observed strategy's work is still going on.</summary>
    protected abstract Task AssertNothingLeftRunningAsync();

    /// <summary>True once the observed strategy's work has started (a chunk ran, a worker process is alive).</summary>
    protected abstract bool IsWorking();

    public static TheoryData<int, int, int> DiceAndWorkers()
    {
        var data = new TheoryData<int, int, int>();
        foreach (var (dice, sides) in new[] { (2, 6), (3, 8), (1, 2), (10, 20) })
        {
            for (int workers = 1; workers <= 4; workers++)
                data.Add(dice, sides, workers);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(DiceAndWorkers))]
    public async Task RunAsync_AnyDiceAndWorkerCount_MatchesInlineBitForBit(int dice, int sides, int workers)
    {
        // five chunks and a short one, so every worker count splits the job unevenly
        var job = new DiceJob((5 * DiceJob.ChunkSize) + 1234, dice, sides, seed: 12345);
        var expected = await new InlineStrategy().RunAsync(job, 1);

        var actual = await Create().RunAsync(job, workers);

        Assert.Equal(expected.Counts.ToArray(), actual.Counts.ToArray());
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(DiceJob.ChunkSize - 1L)]
    [InlineData(DiceJob.ChunkSize + 1L)]
    [InlineData(1_000_003L)]
    public async Task RunAsync_AnyJobSize_CountsEveryThrowOnce(long throws)
    {
        var job = new DiceJob(throws, 2, 6, seed: 7);

        var histogram = await Create().RunAsync(job, workers: 3);

        Assert.Equal(throws, histogram.Total);
    }

    [Fact]
    public async Task RunAsync_LargeJob_FitsTheExactDistribution()
    {
        var job = new DiceJob(2_000_000, 3, 8, seed: 2024);

        var histogram = await Create().RunAsync(job, workers: 2);

        double statistic = ExactDistribution.ChiSquare(histogram);
        // 21 degrees of freedom; the upper 0.1% point of the chi-square distribution is 46.797
        Assert.True(statistic < 46.797, $"chi-square {statistic:0.00} rejects the exact distribution of 3d8 at the 0.1% level");
    }

    public static TheoryData<int, int, int> VectorDiceAndWorkers()
    {
        var data = new TheoryData<int, int, int>();
        foreach (var (dice, sides) in new[] { (2, 6), (3, 8), (10, 20) })
        {
            foreach (int workers in new[] { 1, 2, 4 })
                data.Add(dice, sides, workers);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(VectorDiceAndWorkers))]
    public async Task RunAsync_VectorKernel_AnyDiceAndWorkerCount_MatchesInlineBitForBit(int dice, int sides, int workers)
    {
        var job = new DiceJob((5 * DiceJob.ChunkSize) + 1235, dice, sides, seed: 12345, DiceKernel.Vector);
        var expected = await new InlineStrategy().RunAsync(job, 1);

        var actual = await Create().RunAsync(job, workers);

        Assert.Equal(expected.Counts.ToArray(), actual.Counts.ToArray());
        // and it is the vector kernel's histogram, not the scalar one's
        Assert.NotEqual((await new InlineStrategy().RunAsync(job.WithKernel(DiceKernel.Scalar), 1)).Counts.ToArray(), actual.Counts.ToArray());
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(7L)]
    [InlineData(100L)]
    [InlineData(DiceJob.ChunkSize + 1L)]
    public async Task RunAsync_VectorKernelAnyJobSize_CountsEveryThrowOnce(long throws)
    {
        var job = new DiceJob(throws, 2, 6, seed: 7, DiceKernel.Vector);

        var histogram = await Create().RunAsync(job, workers: 3);

        Assert.Equal(throws, histogram.Total);
    }

    [Theory]
    // 10 and 21 degrees of freedom; the upper 0.1% points of the chi-square distribution are 29.588 and 46.797
    [InlineData(2, 6, 29.588)]
    [InlineData(3, 8, 46.797)]
    public async Task RunAsync_VectorKernelLargeJob_FitsTheExactDistribution(int dice, int sides, double criticalValue)
    {
        var job = new DiceJob(2_000_000, dice, sides, seed: 2024, DiceKernel.Vector);

        var histogram = await Create().RunAsync(job, workers: 2);

        double statistic = ExactDistribution.ChiSquare(histogram);
        Assert.True(statistic < criticalValue, $"chi-square {statistic:0.00} rejects the exact distribution of {dice}d{sides} at the 0.1% level");
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsAndLeavesNothingRunning()
    {
        var job = new DiceJob(100_000_000_000, 2, 6, seed: 1);
        using var cancellation = new CancellationTokenSource();
        var strategy = CreateObserved();

        var run = Task.Run(() => strategy.RunAsync(job, 2, cancellation.Token));
        // cancel only once the work is under way, so that stopping it is what the test sees
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!IsWorking() && !run.IsCompleted)
        {
            Assert.True(clock.Elapsed < SafetyLimit, "the observed strategy never started working");
            await Task.Delay(20);
        }
        Assert.True(IsWorking(), "the job ended before any work was seen");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(SafetyLimit));
        await AssertNothingLeftRunningAsync();
    }

    [Fact]
    public async Task RunAsync_WorkFails_FaultsTheReturnedTask()
    {
        var job = new DiceJob(10 * DiceJob.ChunkSize, 2, 6, seed: 3);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => CreateFailing().RunAsync(job, 2).WaitAsync(SafetyLimit));

        Assert.IsNotType<TimeoutException>(failure);
        Assert.Contains("boom", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ThenJobsThenDisposeAsync_AgreesWithInlineAndLeavesNothingRunning()
    {
        var job = new DiceJob((3 * DiceJob.ChunkSize) + 17, 2, 6, seed: 99);
        var expected = await new InlineStrategy().RunAsync(job, 1);
        var strategy = CreateObserved();

        await strategy.StartAsync(2);
        var first = await strategy.RunAsync(job, 2);
        var second = await strategy.RunAsync(job, 2);
        await strategy.DisposeAsync();

        Assert.Equal(expected.Counts.ToArray(), first.Counts.ToArray());
        Assert.Equal(expected.Counts.ToArray(), second.Counts.ToArray());
        await AssertNothingLeftRunningAsync();
    }

    /// <summary>Only there so that a broken strategy fails the test instead of hanging it; not a speed requirement.</summary>
    protected static TimeSpan SafetyLimit { get; } = TimeSpan.FromMinutes(2);
}
