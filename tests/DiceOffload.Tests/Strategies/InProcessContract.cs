using DiceOffload.Strategies;

namespace DiceOffload.Tests.Strategies;

/// <summary>The contract for strategies that run in this process, observed through the chunks they run.</summary>
public abstract class InProcessContract : StrategyContract
{
    private long _chunksRun;

    protected abstract IDiceStrategy Create(ChunkWork? work);

    protected override IDiceStrategy Create() => Create(null);

    protected override IDiceStrategy CreateFailing() => Create((job, chunk, counts) =>
    {
        if (chunk == 2)
            throw new InvalidOperationException("boom in chunk 2");
        DiceRoller.RollChunk(job, chunk, counts);
    });

    protected override IDiceStrategy CreateObserved() => Create((job, chunk, counts) =>
    {
        Interlocked.Increment(ref _chunksRun);
        DiceRoller.RollChunk(job, chunk, counts);
    });

    protected override bool IsWorking() => Interlocked.Read(ref _chunksRun) > 0;

    protected override async Task AssertNothingLeftRunningAsync()
    {
        long before = Interlocked.Read(ref _chunksRun);
        await Task.Delay(500);
        Assert.True(before > 0, "the observed strategy never ran a chunk");
        Assert.Equal(before, Interlocked.Read(ref _chunksRun));
    }
}

public sealed class InlineStrategyTests : InProcessContract
{
    protected override IDiceStrategy Create(ChunkWork? work) => new InlineStrategy(work);
}

public sealed class ThreadStrategyTests : InProcessContract
{
    protected override IDiceStrategy Create(ChunkWork? work) => new ThreadStrategy(work);
}

public sealed class LongRunningStrategyTests : InProcessContract
{
    protected override IDiceStrategy Create(ChunkWork? work) => new LongRunningStrategy(work);

    [Fact]
    public async Task Run_EachWorker_IsADedicatedThreadOutsideThePool()
    {
        var seen = new System.Collections.Concurrent.ConcurrentBag<bool>();
        var strategy = Create((job, chunk, counts) =>
        {
            seen.Add(Thread.CurrentThread.IsThreadPoolThread);
            DiceRoller.RollChunk(job, chunk, counts);
        });

        await strategy.RunAsync(new DiceJob(1_000_000, 2, 6, 1), 2);

        Assert.NotEmpty(seen);
        Assert.DoesNotContain(true, seen);
    }
}

public sealed class ThreadPoolStrategyTests : InProcessContract
{
    protected override IDiceStrategy Create(ChunkWork? work) => new ThreadPoolStrategy(work);
}

public sealed class ParallelForStrategyTests : InProcessContract
{
    protected override IDiceStrategy Create(ChunkWork? work) => new ParallelForStrategy(work);
}
