using DiceOffload.Strategies;
using DiceOffload.Processes;

namespace DiceOffload.Tests.Strategies;

/// <summary>
/// The contract for strategies that run worker processes, plus what can go wrong with a process:
/// it exits non-zero, writes garbage, crashes or hangs. Fake workers are small shell scripts.
/// </summary>
public abstract class ProcessContract : StrategyContract, IDisposable
{
    private readonly string _marker = Guid.NewGuid().ToString("N");

    protected ProcessContract()
    {
        TempRoot = Directory.CreateTempSubdirectory("dice-tests-").FullName;
    }

    /// <summary>Where the strategy under test must put (and remove) its temporary files.</summary>
    protected string TempRoot { get; }

    protected abstract IDiceStrategy Create(WorkerLaunch worker);

    protected override IDiceStrategy Create() => Create(Marked(WorkerLaunch.Default));

    protected override IDiceStrategy CreateObserved() => Create();

    protected override IDiceStrategy CreateFailing() => Create(FakeWorker("echo 'boom: the worker failed' >&2; exit 3"));

    /// <summary>Whether the strategy keeps its temporary files in <see cref="TempRoot"/>, so that an empty one means it removed them.</summary>
    protected virtual bool UsesTempRoot => false;

    protected override bool IsWorking() => ChildProcesses.WithMarker(_marker).Count > 0;

    protected override async Task AssertNothingLeftRunningAsync()
    {
        await ChildProcesses.AssertNoneAliveAsync(_marker);
        if (UsesTempRoot)
            Assert.Empty(Directory.EnumerateFileSystemEntries(TempRoot));
    }

    /// <summary>A worker that runs <paramref name="script"/> in sh, marked so that the test can find it and its children.</summary>
    protected WorkerLaunch FakeWorker(string script) => Marked(ChildProcesses.ShellWorker(script));

    private WorkerLaunch Marked(WorkerLaunch command) => ChildProcesses.Marked(command, _marker);

    private static DiceJob SmallJob => new(4 * DiceJob.ChunkSize, 2, 6, seed: 5);

    [Fact]
    public async Task RunAsync_WorkerExitsNonZero_NamesWorkerAndQuotesStderr()
    {
        var failure = await Assert.ThrowsAsync<WorkerFailedException>(
            () => Create(FakeWorker("echo 'cannot roll today' >&2; exit 3")).RunAsync(SmallJob, 2));

        Assert.Matches(@"worker \d of 2 \(pid \d+\) exited with code 3: cannot roll today", failure.Message);
        await AssertNothingLeftRunningAsync();
    }

    [Fact]
    public async Task RunAsync_WorkerCrashes_ReportsTheSignal()
    {
        var failure = await Assert.ThrowsAsync<WorkerFailedException>(
            () => Create(FakeWorker("kill -9 $$")).RunAsync(SmallJob, 1));

        Assert.Contains("worker 1 of 1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 137", failure.Message, StringComparison.Ordinal);
        await AssertNothingLeftRunningAsync();
    }

    [Fact]
    public async Task RunAsync_WorkerHangs_IsKilledAtTheTimeLimit()
    {
        var strategy = Create(FakeWorker("sleep 600"));

        var failure = await Assert.ThrowsAsync<TimeoutException>(
            () => TimeLimit.RunAsync(strategy, SmallJob, 2, TimeSpan.FromSeconds(1)).WaitAsync(SafetyLimit));

        Assert.Contains(strategy.Name, failure.Message, StringComparison.Ordinal);
        await AssertNothingLeftRunningAsync();
    }

    [Fact]
    public async Task RunAsync_OneWorkerFails_StopsTheOthers()
    {
        // worker 1 of 2 fails at once; worker 2 would sleep for ten minutes
        var strategy = Create(FakeWorker("case \"$*\" in *'--first-chunk 0 '*) echo 'boom' >&2; exit 4;; *) sleep 600;; esac"));

        var failure = await Assert.ThrowsAsync<WorkerFailedException>(() => strategy.RunAsync(SmallJob, 2).WaitAsync(SafetyLimit));

        Assert.Contains("worker 1 of 2", failure.Message, StringComparison.Ordinal);
        await AssertNothingLeftRunningAsync();
    }

    public void Dispose()
    {
        Directory.Delete(TempRoot, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class ProcessStrategyTests : ProcessContract
{
    protected override IDiceStrategy Create(WorkerLaunch worker) => new ProcessStrategy(worker);

    [Fact]
    public async Task RunAsync_WorkerPrintsGarbage_ReportsBrokenProtocol()
    {
        var failure = await Assert.ThrowsAsync<WorkerFailedException>(
            () => Create(FakeWorker("echo 'hello, I am not a histogram'")).RunAsync(new DiceJob(100, 2, 6, 1), 1));

        Assert.Contains("worker 1 of 1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("broke the worker protocol: line 1 should be 'dice-worker/1' but is 'hello, I am not a histogram'", failure.Message, StringComparison.Ordinal);
        await AssertNothingLeftRunningAsync();
    }

    [Fact]
    public async Task RunAsync_WorkerMiscounts_ReportsBrokenProtocol()
    {
        string answer = "dice-worker/1\\nbins 1\\n1 5\\nend 5\\n";
        var failure = await Assert.ThrowsAsync<WorkerFailedException>(
            () => Create(FakeWorker($"printf '{answer}'")).RunAsync(new DiceJob(100, 1, 2, 1), 1));

        Assert.Contains("bins", failure.Message, StringComparison.Ordinal);
    }
}

public sealed class SharedMemoryStrategyTests : ProcessContract
{
    protected override IDiceStrategy Create(WorkerLaunch worker) => new SharedMemoryStrategy(worker, TempRoot);

    protected override bool UsesTempRoot => true;

    [Fact]
    public async Task RunAsync_WorkerExitsWithoutCounting_ReportsMissingThrows()
    {
        var failure = await Assert.ThrowsAsync<WorkerFailedException>(
            () => Create(FakeWorker("exit 0")).RunAsync(new DiceJob(100, 2, 6, 1), 1));

        Assert.Contains("counts 0 throws, not 100", failure.Message, StringComparison.Ordinal);
        await AssertNothingLeftRunningAsync();
    }

    [Fact]
    public async Task RunAsync_Succeeds_DeletesItsPrivateFolder()
    {
        await Create().RunAsync(new DiceJob(1000, 2, 6, 1), 2);

        Assert.Empty(Directory.EnumerateFileSystemEntries(TempRoot));
    }
}
