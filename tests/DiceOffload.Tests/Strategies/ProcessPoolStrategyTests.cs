using System.Diagnostics;
using DiceOffload.Strategies;
using DiceOffload.Processes;

namespace DiceOffload.Tests.Strategies;

/// <summary>
/// The contract for the process pool, plus supervision: reuse, a worker killed mid-job, a hanging worker,
/// a worker that breaks the protocol. Fake workers are shell scripts that speak (or break) <see cref="PoolProtocol"/>.
/// </summary>
public sealed class ProcessPoolStrategyTests : StrategyContract, IDisposable
{
    private readonly string _marker = Guid.NewGuid().ToString("N");
    private readonly List<ProcessPoolStrategy> _pools = [];

    private static DiceJob SmallJob => new(4 * DiceJob.ChunkSize, 2, 6, seed: 5);

    protected override IDiceStrategy Create() => Pool(WorkerLaunch.Default);

    protected override IDiceStrategy CreateFailing() => Pool(FakeWorker("echo 'boom: the worker failed' >&2; exit 3"));

    protected override IDiceStrategy CreateObserved() => Create();

    protected override bool IsWorking() => ChildProcesses.WithMarker(_marker).Count > 0;

    /// <summary>
    /// Busy workers die with the cancellation; idle ones live until the pool is disposed. So first every live worker
    /// must be one the pools still hold as idle (a busy one that survived would not be), then none may outlive disposal.
    /// </summary>
    protected override async Task AssertNothingLeftRunningAsync()
    {
        var held = _pools.SelectMany(p => p.WorkerProcessIds).ToHashSet();
        await ChildProcesses.AssertNoneAliveAsync(_marker, except: held, failure: "worker processes alive that no pool holds as idle");
        foreach (var pool in _pools)
            await pool.DisposeAsync();
        await ChildProcesses.AssertNoneAliveAsync(_marker);
    }

    [Fact]
    public async Task RunAsync_SecondJob_ReusesTheSameWorkers()
    {
        var pool = Pool(WorkerLaunch.Default);
        await pool.StartAsync(2);
        var started = pool.WorkerProcessIds;

        await pool.RunAsync(SmallJob, 2);
        await pool.RunAsync(new DiceJob(3 * DiceJob.ChunkSize, 3, 8, seed: 9), 2);

        Assert.Equal(2, started.Count);
        Assert.Equal(started, pool.WorkerProcessIds);
        Assert.Equal(0, pool.WorkersReplaced);
    }

    [Fact]
    public async Task RunAsync_WorkerKilledMidJob_ReturnsTheExactHistogramAndReplacesIt()
    {
        var job = new DiceJob(200_000_000, 2, 6, seed: 77);
        var expected = await new ParallelForStrategy().RunAsync(job, 2);
        var pool = Pool(WorkerLaunch.Default);
        await pool.StartAsync(2);
        int killed = 0;
        pool.UnitDone += (_, e) =>
        {
            // the first answer from one worker: kill -9 the other one, which is busy with its own unit
            if (Interlocked.CompareExchange(ref killed, -1, 0) != 0)
                return;
            int victim = pool.WorkerProcessIds.First(id => id != e.ProcessId);
            using var process = Process.GetProcessById(victim);
            process.Kill(); // SIGKILL
            killed = victim;
        };

        var actual = await pool.RunAsync(job, 2).WaitAsync(SafetyLimit);

        Assert.Equal(expected.Counts.ToArray(), actual.Counts.ToArray());
        Assert.True(killed > 0);
        Assert.Equal(1, pool.WorkersReplaced);
        Assert.Equal(2, pool.WorkerProcessIds.Count);
        Assert.DoesNotContain(killed, pool.WorkerProcessIds);
    }

    [Fact]
    public async Task RunAsync_EveryWorkerDiesOnTheSameUnit_GivesUpAfterThreeAttempts()
    {
        var pool = Pool(FakeWorker($"echo '{PoolProtocol.Ready}'; read request; kill -9 $$"));
        var replaced = new List<string>();
        pool.WorkerReplaced += (_, e) => replaced.Add(e.Reason);

        var failure = await Assert.ThrowsAsync<WorkerFailedException>(() => pool.RunAsync(SmallJob, 1).WaitAsync(SafetyLimit));

        Assert.Contains("were lost with 3 workers in a row", failure.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 137", failure.Message, StringComparison.Ordinal);
        Assert.Equal(ProcessPoolStrategy.MaxAttemptsPerUnit, pool.WorkersReplaced);
        Assert.Equal(3, replaced.Count);
        await AssertNothingLeftRunningAsync();
    }

    [Fact]
    public async Task RunAsync_WorkerHangs_IsKilledAtTheTimeLimit()
    {
        var pool = Pool(FakeWorker($"echo '{PoolProtocol.Ready}'; sleep 600"));

        var failure = await Assert.ThrowsAsync<TimeoutException>(
            () => TimeLimit.RunAsync(pool, SmallJob, 2, TimeSpan.FromSeconds(1)).WaitAsync(SafetyLimit));

        Assert.Contains("process-pool", failure.Message, StringComparison.Ordinal);
        Assert.Empty(pool.WorkerProcessIds); // both were busy, so both were killed
        await ChildProcesses.AssertNoneAliveAsync(_marker);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsTheBusyWorkersAndTheNextJobReplacesThem()
    {
        var pool = Pool(WorkerLaunch.Default);
        await pool.StartAsync(2);
        var first = pool.WorkerProcessIds;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => pool.RunAsync(new DiceJob(100_000_000_000, 2, 6, seed: 1), 2, cancellation.Token).WaitAsync(SafetyLimit));
        // a worker caught busy is stopped and leaves the pool; one caught between two units is idle and stays
        var kept = pool.WorkerProcessIds;
        Assert.True(kept.Count < first.Count, "no worker was stopped: the cancellation found every worker idle");
        foreach (int pid in first.Except(kept))
            Assert.False(IsAlive(pid), $"worker {pid} left the pool but survived the cancellation");

        var histogram = await pool.RunAsync(SmallJob, 2);

        Assert.Equal(SmallJob.Throws, histogram.Total);
        Assert.Equal(2, pool.WorkerProcessIds.Count);
        Assert.Equal(kept, pool.WorkerProcessIds.Intersect(first));
    }

    [Fact]
    public async Task DisposeAsync_AfterJobs_LeavesNoWorkerProcess()
    {
        var pool = Pool(WorkerLaunch.Default);
        await pool.RunAsync(SmallJob, 3);
        Assert.Equal(3, pool.WorkerProcessIds.Count);

        await pool.DisposeAsync();

        Assert.Empty(pool.WorkerProcessIds);
        await ChildProcesses.AssertNoneAliveAsync(_marker);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.RunAsync(SmallJob, 1));
    }

    [Fact]
    public async Task StartAsync_WorkerGreetsInAnotherProtocol_NamesTheVersion()
    {
        var pool = Pool(FakeWorker("echo 'dice-pool/0 ready'; sleep 600"));

        var failure = await Assert.ThrowsAsync<WorkerFailedException>(() => pool.RunAsync(SmallJob, 1).WaitAsync(SafetyLimit));

        Assert.Contains("does not speak dice-pool/1: it greeted with 'dice-pool/0 ready'", failure.Message, StringComparison.Ordinal);
        await AssertNothingLeftRunningAsync();
    }

    [Theory]
    [InlineData("garbage", "expected 'done 0 …' but got 'garbage'")]
    [InlineData("done 7 11 0 0 0 0 0 0 0 0 0 0 0", "expected the answer to request 0")]
    [InlineData("done 0 3 1 2 3", "must have 11 bins for 2d6")]
    [InlineData("done 0 11 1 2 3", "count 4 of 11 in the answer to request 0 is missing")]
    [InlineData("done 0 11 1 1 1 1 1 1 1 1 1 1 1", "counts 11 throws, but its chunks hold 65536")]
    public async Task RunAsync_WorkerBreaksTheProtocol_FailsWithAClearMessage(string answer, string expected)
    {
        var pool = Pool(FakeWorker($"echo '{PoolProtocol.Ready}'; read request; echo '{answer}'; sleep 600"));

        var failure = await Assert.ThrowsAsync<WorkerFailedException>(() => pool.RunAsync(SmallJob, 1).WaitAsync(SafetyLimit));

        Assert.Contains("pool worker 1 (pid", failure.Message, StringComparison.Ordinal);
        Assert.Contains("broke the pool protocol (dice-pool/1)", failure.Message, StringComparison.Ordinal);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, pool.WorkersReplaced);
        await AssertNothingLeftRunningAsync();
    }

    [Fact]
    public async Task RunAsync_WorkerRejectsTheRequest_FailsWithItsMessage()
    {
        var pool = Pool(FakeWorker($"echo '{PoolProtocol.Ready}'; read request; echo 'error 0 no dice today'; sleep 600"));

        var failure = await Assert.ThrowsAsync<WorkerFailedException>(() => pool.RunAsync(SmallJob, 1).WaitAsync(SafetyLimit));

        Assert.Matches(@"pool worker 1 \(pid \d+\) rejected chunks \[0, 1\): 0 no dice today", failure.Message);
        await AssertNothingLeftRunningAsync();
    }

    [Fact]
    public async Task Worker_StdinClosedWhileItCounts_ExitsWithoutAnswering()
    {
        using var process = StartPoolWorker();
        try
        {
            Assert.Equal(PoolProtocol.Ready, await process.StandardOutput.ReadLineAsync());
            // hours of counting on one core: the worker reads requests on the thread that counts, and must still see
            // its parent go between chunks rather than after the job
            var job = new DiceJob(1_000_000_000_000, 2, 6, 42);
            await process.StandardInput.WriteAsync(PoolProtocol.RollRequest(0, job, 0, job.ChunkCount) + "\n");
            await process.StandardInput.FlushAsync();
            process.StandardInput.Close();

            await process.WaitForExitAsync().WaitAsync(SafetyLimit);
            Assert.Equal(0, process.ExitCode);
            Assert.Equal("", await process.StandardOutput.ReadToEndAsync());
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }
    }

    [Fact]
    public async Task Worker_MalformedRequests_AnswersErrorFramesAndKeepsServing()
    {
        using var process = StartPoolWorker();
        try
        {
            Assert.Equal(PoolProtocol.Ready, await process.StandardOutput.ReadLineAsync());
            string[] requests =
            [
                "hello", "roll", "roll 1 2 3", "roll 2 100 2 6 42 0 5", "roll 3 100 0 6 42 0 1", "roll 4 x 2 6 42 0 1",
                PoolProtocol.RollRequest(5, new DiceJob(100, 2, 6, 42), 0, 1),
            ];
            foreach (string request in requests)
                await process.StandardInput.WriteAsync(request + "\n");
            await process.StandardInput.FlushAsync();
            var answers = new List<string>();
            for (int i = 0; i < requests.Length; i++)
                answers.Add((await process.StandardOutput.ReadLineAsync().WaitAsync(SafetyLimit))!);

            Assert.Equal("error - unknown request 'hello'; the only request is 'roll'", answers[0]);
            Assert.StartsWith("error - 'roll' takes 7 fields", answers[1], StringComparison.Ordinal);
            Assert.StartsWith("error 1 'roll' takes 7 fields", answers[2], StringComparison.Ordinal);
            Assert.Equal("error 2 chunks [0, 5) are not within the job's 1 chunks", answers[3]);
            Assert.StartsWith("error 3 ", answers[4], StringComparison.Ordinal);
            Assert.Equal("error 4 every field of 'roll' after the word must be a whole number", answers[5]);
            var total = new long[11];
            PoolProtocol.ReadDone(answers[6], 5, new DiceJob(100, 2, 6, 42), 100, total);
            Assert.Equal(100, total.Sum());

            process.StandardInput.Close(); // end-of-file ends the worker
            await process.WaitForExitAsync().WaitAsync(SafetyLimit);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }
    }

    /// <summary>The project's worker in pool mode, its stdin, stdout and stderr ours: the protocol spoken by hand.</summary>
    private static Process StartPoolWorker()
    {
        var worker = WorkerLaunch.Default;
        var start = new ProcessStartInfo(worker.FileName) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in worker.PrefixArguments.Append(PoolProtocol.WorkerMode))
            start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    private ProcessPoolStrategy Pool(WorkerLaunch worker)
    {
        var pool = new ProcessPoolStrategy(ChildProcesses.Marked(worker, _marker));
        _pools.Add(pool);
        return pool;
    }

    private static WorkerLaunch FakeWorker(string script) => ChildProcesses.ShellWorker(script);

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var pool in _pools)
            pool.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
