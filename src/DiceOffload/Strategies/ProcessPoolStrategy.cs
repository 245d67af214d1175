using System.Diagnostics;
using DiceOffload.Processes;

namespace DiceOffload.Strategies;

/// <summary>
/// Long-lived worker processes, started once and reused for every job, supervised: a worker that dies is replaced
/// and the chunks it was counting are counted again by its successor, so the histogram stays exact. The article's
/// <c>cluster</c> module with a process manager's restarts.
/// </summary>
/// <remarks>
/// <para>Each job is cut into units of whole chunks; each worker slot takes the next unit, sends it over the
/// worker's stdin and reads the counts from its stdout (<see cref="PoolProtocol"/>). A unit that loses
/// <see cref="MaxAttemptsPerUnit"/> workers in a row fails the job: the work itself, not bad luck, kills them.</para>
/// <para>Cancellation and time limits kill the workers that are busy; idle ones stay for the next job, and replacements
/// are started when a job needs them. One job runs at a time. Disposing the pool closes every worker's stdin (they
/// exit by themselves) and kills any that has not exited shortly after.</para>
/// </remarks>
public sealed class ProcessPoolStrategy : IDiceStrategy
{
    public const int MaxAttemptsPerUnit = 3;

    /// <summary>No unit is larger than this many chunks (about 5 ms of 2d6 on one core): the work a death can cost.</summary>
    public const int MaxChunksPerUnit = 32;

    /// <summary>This strategy in the catalog; its <see cref="StrategyOptions.Notice"/> hears of every worker replaced.</summary>
    public static StrategyEntry Entry { get; } = new(
        "process-pool",
        "ProcessPool",
        "#7f7f7f",
        new StrategyFeatures(
            "yes",
            "with one long-lived process per core",
            "no: requests and histograms over pipes",
            "the busy workers are stopped (stdin closed, killed after 0.5 s); idle ones wait for the next job; disposing the pool closes them",
            $"the worker is replaced and its unit of at most {MaxChunksPerUnit} chunks is counted again, so the histogram stays exact; "
                + $"a unit that loses {MaxAttemptsPerUnit} workers in a row fails the job"),
        options =>
        {
            var pool = new ProcessPoolStrategy(options.Worker);
            if (options.Notice is { } notice)
                pool.WorkerReplaced += (_, e) => notice($"{e.Reason}; chunks [{e.FirstChunk}, {e.FirstChunk + e.ChunkCount}) go to a replacement.");
            return pool;
        }) { StartsWorkerProcesses = true };

    private readonly WorkerLaunch? _launch;
    // per kernel, of the last unit, answer included, per die thrown: whether the next is due within PoolProtocol.Spin (not known: no)
    private readonly double[] _nanosecondsPerDie = [.. Enum.GetValues<DiceKernel>().Select(_ => double.PositiveInfinity)];
    private readonly List<PoolWorker?> _workers = [];
    private readonly SemaphoreSlim _oneJobAtATime = new(1, 1);
    private int _replaced;
    private bool _disposed;

    /// <param name="worker">How to start a worker; the project's worker by default.</param>
    public ProcessPoolStrategy(WorkerLaunch? worker = null) => _launch = worker;

    public string Name => Entry.Name;

    /// <summary>Workers that died during a job and were replaced, since the pool was created.</summary>
    public int WorkersReplaced => Volatile.Read(ref _replaced);

    /// <summary>The process ids of the workers alive now, by slot.</summary>
    public IReadOnlyList<int> WorkerProcessIds
    {
        get
        {
            lock (_workers)
                return [.. _workers.Where(w => w is not null).Select(w => w!.ProcessId)];
        }
    }

    /// <summary>Raised on a pool thread each time a worker has answered for a unit, before it is given the next one.</summary>
    public event EventHandler<PoolProgressEventArgs>? UnitDone;

    /// <summary>Raised when a worker died during a job; its unit goes to a replacement.</summary>
    public event EventHandler<PoolWorkerReplacedEventArgs>? WorkerReplaced;

    /// <summary>Starts the workers that are not running yet, <paramref name="workers"/> in all, so that the next job does not pay for it. A job that asks for more workers grows the pool.</summary>
    public async Task<string?> StartAsync(int workers, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        await _oneJobAtATime.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            EnsureSlots(workers);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(slot => WorkerInAsync(slot, cancellationToken)));
        }
        finally
        {
            _oneJobAtATime.Release();
        }
        return $"{workers} worker{(workers == 1 ? "" : "s")} (pids {string.Join(", ", WorkerProcessIds)})";
    }

    public async Task<DiceHistogram> RunAsync(DiceJob job, int workers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        await _oneJobAtATime.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            int slots = (int)Math.Min(workers, job.ChunkCount);
            EnsureSlots(slots);
            var units = new UnitDispenser(job.ChunkCount, UnitSize(job.ChunkCount, slots));
            using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // one slot runs on the caller, which may then take a short answer without a thread hop; more start on the
            // pool, since a slot whose answers come within the spin never yields and would take every unit itself
            var parts = await WorkerGang.WhenAllFirstHandAsync(
                [.. Enumerable.Range(0, slots).Select(slot => slots == 1 ? RunSlotAsync(slot, job, units, failFast) : Task.Run(() => RunSlotAsync(slot, job, units, failFast)))],
                cancellationToken);

            var total = DiceHistogram.For(job);
            foreach (long[] part in parts)
                total.Add(part);
            return total;
        }
        finally
        {
            _oneJobAtATime.Release();
        }
    }

    /// <summary>Chunks per unit: about eight units per slot so that slots finish together, at most <see cref="MaxChunksPerUnit"/>.</summary>
    internal static int UnitSize(long chunkCount, int slots) =>
        (int)Math.Clamp((chunkCount + (8L * slots) - 1) / (8L * slots), 1, MaxChunksPerUnit);

    private async Task<long[]> RunSlotAsync(int slot, DiceJob job, UnitDispenser units, CancellationTokenSource failFast)
    {
        var counts = new long[job.BinCount];
        var cancellationToken = failFast.Token;
        try
        {
            while (units.TryTake(out long first, out long count))
            {
                for (int attempt = 1; ; attempt++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var worker = await WorkerInAsync(slot, cancellationToken);
                    try
                    {
                        double dice = (double)job.ThrowsInChunks(first, count) * job.Dice;
                        int kernel = (int)job.Kernel;
                        bool dueSoon = dice * Volatile.Read(ref _nanosecondsPerDie[kernel]) < PoolProtocol.Spin.TotalNanoseconds;
                        long asked = Stopwatch.GetTimestamp();
                        await worker.RollAsync(job, first, count, counts, dueSoon, cancellationToken);
                        Volatile.Write(ref _nanosecondsPerDie[kernel], Stopwatch.GetElapsedTime(asked).TotalNanoseconds / dice);
                        UnitDone?.Invoke(this, new PoolProgressEventArgs(worker.ProcessId, first, count));
                        break;
                    }
                    catch (Exception ex)
                    {
                        Retire(slot, worker); // dead, broken, or killed to stop it
                        if (ex is not PoolWorkerDiedException)
                            throw;
                        cancellationToken.ThrowIfCancellationRequested(); // it died because it was stopped
                        Interlocked.Increment(ref _replaced);
                        WorkerReplaced?.Invoke(this, new PoolWorkerReplacedEventArgs(worker.ProcessId, ex.Message, first, count));
                        if (attempt == MaxAttemptsPerUnit)
                            throw new WorkerFailedException($"chunks [{first}, {first + count}) were lost with {attempt} workers in a row; the last: {ex.Message}", ex);
                    }
                }
            }
            return counts;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await failFast.CancelAsync();
            throw;
        }
    }

    private void EnsureSlots(int count)
    {
        lock (_workers)
        {
            while (_workers.Count < count)
                _workers.Add(null);
        }
    }

    /// <summary>The worker of <paramref name="slot"/>, started if the slot is empty.</summary>
    private async Task<PoolWorker> WorkerInAsync(int slot, CancellationToken cancellationToken)
    {
        PoolWorker? worker;
        lock (_workers)
            worker = _workers[slot];
        if (worker is not null)
            return worker;
        worker = await PoolWorker.StartAsync(_launch ?? WorkerLaunch.Default, $"pool worker {slot + 1}", cancellationToken);
        lock (_workers)
            _workers[slot] = worker;
        return worker;
    }

    private void Retire(int slot, PoolWorker worker)
    {
        lock (_workers)
        {
            if (ReferenceEquals(_workers[slot], worker))
                _workers[slot] = null;
        }
        worker.Dispose();
    }

    /// <summary>Stops every worker: stdin closed so that each exits by itself, killed if it has not within two seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        await _oneJobAtATime.WaitAsync();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            PoolWorker[] live;
            lock (_workers)
            {
                live = [.. _workers.OfType<PoolWorker>()];
                _workers.Clear();
            }
            await Task.WhenAll(live.Select(w => w.StopAsync()));
        }
        finally
        {
            _oneJobAtATime.Release();
        }
    }

    /// <summary>Hands out consecutive units of whole chunks to the slots.</summary>
    private sealed class UnitDispenser(long totalChunks, int unitSize)
    {
        private long _nextUnit = -1;

        public bool TryTake(out long firstChunk, out long chunkCount)
        {
            long unit = Interlocked.Increment(ref _nextUnit);
            firstChunk = unit * unitSize;
            chunkCount = Math.Min(unitSize, totalChunks - firstChunk);
            return firstChunk < totalChunks;
        }
    }
}

/// <summary>A pool worker answered for chunks [<see cref="FirstChunk"/>, +<see cref="ChunkCount"/>).</summary>
public sealed class PoolProgressEventArgs(int processId, long firstChunk, long chunkCount) : EventArgs
{
    public int ProcessId { get; } = processId;
    public long FirstChunk { get; } = firstChunk;
    public long ChunkCount { get; } = chunkCount;
}

/// <summary>A pool worker died during a job; <see cref="Reason"/> says how, the unit goes to its replacement.</summary>
public sealed class PoolWorkerReplacedEventArgs(int processId, string reason, long firstChunk, long chunkCount) : EventArgs
{
    public int ProcessId { get; } = processId;
    public string Reason { get; } = reason;
    public long FirstChunk { get; } = firstChunk;
    public long ChunkCount { get; } = chunkCount;
}
