namespace DiceOffload.Strategies;

/// <summary>
/// Shares one job among in-process workers: each takes the next chunk until none is left, counts into its
/// own histogram, and merges once at the end. Completes <see cref="Result"/> when the last worker is done.
/// </summary>
/// <remarks>
/// Handing out chunks one at a time balances uneven workers; merging once per worker keeps the hot loop
/// free of shared writes. The first exception stops the other workers at their next chunk and faults the task.
/// </remarks>
internal sealed class ChunkDispenser
{
    private readonly DiceJob _job;
    private readonly ChunkWork _work;
    private readonly CancellationToken _cancellationToken;
    private readonly DiceHistogram _total;
    private readonly TaskCompletionSource<DiceHistogram> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _mergeLock = new();
    private long _nextChunk = -1;
    private int _runningWorkers;
    private Exception? _failure;

    public ChunkDispenser(DiceJob job, int workers, ChunkWork work, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _job = job;
        _work = work;
        _cancellationToken = cancellationToken;
        _total = DiceHistogram.For(job);
        _runningWorkers = workers;
    }

    public Task<DiceHistogram> Result => _result.Task;

    /// <summary>
    /// Shares <paramref name="job"/> among at most <paramref name="workers"/> workers (no more than its chunks), each
    /// started by <paramref name="start"/> with the dispenser and its 0-based index; the strategies differ only there.
    /// </summary>
    public static Task<DiceHistogram> Share(DiceJob job, int workers, ChunkWork work, Action<ChunkDispenser, int, int> start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        int count = (int)Math.Min(workers, job.ChunkCount);
        var dispenser = new ChunkDispenser(job, count, work, cancellationToken);
        for (int i = 0; i < count; i++)
            start(dispenser, i, count);
        return dispenser.Result;
    }

    /// <summary>The body of one worker; call it exactly once per worker announced to the constructor.</summary>
    public void RunWorker()
    {
        var local = new long[_job.BinCount];
        try
        {
            long chunk;
            while (Volatile.Read(ref _failure) is null && (chunk = Interlocked.Increment(ref _nextChunk)) < _job.ChunkCount)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                _work(_job, chunk, local);
            }
            lock (_mergeLock)
                _total.Add(local);
        }
#pragma warning disable CA1031 // a worker's failure is handed to the caller's task, never left to crash the process
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _failure, ex, null);
        }
#pragma warning restore CA1031
        finally
        {
            if (Interlocked.Decrement(ref _runningWorkers) == 0)
                Complete();
        }
    }

    private void Complete()
    {
        if (_failure is OperationCanceledException && _cancellationToken.IsCancellationRequested)
            _result.SetCanceled(_cancellationToken);
        else if (_failure is not null)
            _result.SetException(_failure);
        else
            _result.SetResult(_total);
    }
}
