using System.Threading.Channels;
using Microsoft.Extensions.Hosting;

namespace DiceOffload.Server;

/// <summary>
/// <c>serve --consumers N</c>: the hosted-service pattern of the ASP.NET Core documentation for long work, a
/// <see cref="Channel{T}"/> of at most <c>capacity</c> waiting jobs read by N dedicated threads. <c>/roll</c> hands its job over and awaits it; the job's
/// caller is a consumer thread, never a pool thread Kestrel serves requests on. A full queue refuses the job at once
/// (<see cref="TryEnqueue"/>), which <c>/roll</c> answers with 429.
/// </summary>
/// <remarks>
/// <para>The consumers block on the channel rather than await it: an awaiting consumer would need a pool thread to
/// resume, and the pool is what starves. The channel completes a blocked reader on the writer's thread
/// (<see cref="ChannelOptions.AllowSynchronousContinuations"/>), so a consumer wakes without the pool. A strategy whose
/// job ends on threads of its own (thread, the process strategies) still hands its result back through the pool, as
/// any awaited task does; inline and parallel-for end on the consumer itself.</para>
/// <para>The bound counts the jobs still waiting: a job whose request times out or leaves gives its place back at once
/// and is never started. (A bounded channel would hold its slot until a consumer reached it, refusing live requests
/// meanwhile; so the channel is unbounded and the bound is kept here.) When the
/// server begins to stop (<see cref="Stop"/>, on <c>ApplicationStopping</c>), the queue closes, running jobs are
/// cancelled, waiting ones are cancelled unstarted, and <see cref="StopAsync"/> returns once every consumer thread
/// has ended.</para>
/// </remarks>
public sealed class JobConsumers : BackgroundService
{
    private readonly Channel<QueuedJob> _channel;
    private readonly int _consumers;
    private readonly int _capacity;
    private int _waiting;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Thread> _threads = [];
    private int _alive;

    /// <param name="consumers">Dedicated threads that run the jobs, at least one.</param>
    /// <param name="capacity">Jobs that may wait for a consumer, at least one.</param>
    public JobConsumers(int consumers, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consumers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _consumers = consumers;
        _capacity = capacity;
        _channel = Channel.CreateUnbounded<QueuedJob>(new UnboundedChannelOptions
        {
            SingleReader = consumers == 1,
            AllowSynchronousContinuations = true,
        });
    }

    /// <summary>Consumer threads alive now: <c>N</c> while the host runs, 0 once it has stopped.</summary>
    public int AliveConsumers => Volatile.Read(ref _alive);

    /// <summary>Jobs waiting for a consumer now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Whether the queue has closed: the server is stopping.</summary>
    public bool Closed => _stopping.IsCancellationRequested;

    /// <summary>Queues <paramref name="run"/> for a consumer; false, with nothing queued, when the queue is full or closed.</summary>
    /// <param name="run">The job, given a token that is cancelled when <paramref name="cancellationToken"/> is or the server stops.</param>
    /// <param name="cancellationToken">The request's: cancelled while the job waits, the job is dropped unstarted and <paramref name="result"/> cancelled.</param>
    public bool TryEnqueue(Func<CancellationToken, Task<DiceHistogram>> run, CancellationToken cancellationToken, out Task<DiceHistogram> result)
    {
        var job = new QueuedJob(run, new TaskCompletionSource<DiceHistogram>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        result = job.Result.Task;
        int waiting;
        do
        {
            waiting = Volatile.Read(ref _waiting);
            if (waiting >= _capacity || Closed)
                return false;
        }
        while (Interlocked.CompareExchange(ref _waiting, waiting + 1, waiting) != waiting);
        if (!_channel.Writer.TryWrite(job))
        {
            Interlocked.Decrement(ref _waiting);
            return false;
        }
        // a job that waits gives its place back and is answered as soon as its request gives up, not when a consumer reaches it
        var registration = cancellationToken.Register(static state =>
        {
            var (consumers, waitingJob) = ((JobConsumers, QueuedJob))state!;
            if (consumers.Claim(waitingJob))
                waitingJob.Result.TrySetCanceled();
        }, (this, job));
        _ = job.Result.Task.ContinueWith(static (_, state) => ((CancellationTokenRegistration)state!).Dispose(), registration,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    /// <summary>Closes the queue and cancels every job, running or waiting; the consumers then end. Idempotent.</summary>
    public void Stop()
    {
        _channel.Writer.TryComplete();
        _stopping.Cancel();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int running = _consumers;
        Interlocked.Add(ref _alive, _consumers);
        lock (_threads)
        {
            for (int i = 0; i < _consumers; i++)
            {
                var thread = new Thread(() =>
                {
                    try
                    {
                        Consume();
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _alive);
                        if (Interlocked.Decrement(ref running) == 0)
                            ended.TrySetResult();
                    }
                })
                {
                    IsBackground = true,
                    Name = $"job consumer {i + 1}/{_consumers}",
                };
                _threads.Add(thread);
                thread.Start();
            }
        }
        stoppingToken.Register(Stop);
        return ended.Task;
    }

    /// <summary>Stops the consumers (<see cref="Stop"/>) and returns when every consumer thread has ended, whatever the host's shutdown token says.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        Stop();
        await base.StopAsync(CancellationToken.None);
        Thread[] threads;
        lock (_threads)
            threads = [.. _threads];
        foreach (var thread in threads)
            thread.Join();
    }

    public override void Dispose()
    {
        Stop();
        _stopping.Dispose();
        base.Dispose();
    }

    private void Consume()
    {
        var reader = _channel.Reader;
        // WaitToReadAsync answers false once the channel is closed and empty
        while (reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            if (!reader.TryRead(out var job) || !Claim(job))
                continue;   // taken by another consumer, or its request gave up while it waited
            using var either = CancellationTokenSource.CreateLinkedTokenSource(job.CancellationToken, _stopping.Token);
            if (either.IsCancellationRequested)
            {
                job.Result.TrySetCanceled(either.Token);
                continue;
            }
            try
            {
                job.Result.TrySetResult(job.Run(either.Token).GetAwaiter().GetResult());
            }
            catch (OperationCanceledException ex)
            {
                job.Result.TrySetCanceled(ex.CancellationToken);
            }
#pragma warning disable CA1031 // a job's failure belongs to its request, never to the consumer thread
            catch (Exception ex)
#pragma warning restore CA1031
            {
                job.Result.TrySetException(ex);
            }
        }
    }

    /// <summary>Takes <paramref name="job"/> out of the waiting ones, for a consumer or for its request that gave up: true for exactly one of them.</summary>
    private bool Claim(QueuedJob job)
    {
        if (Interlocked.Exchange(ref job.Claimed, 1) != 0)
            return false;
        Interlocked.Decrement(ref _waiting);
        return true;
    }

    private sealed class QueuedJob(Func<CancellationToken, Task<DiceHistogram>> run, TaskCompletionSource<DiceHistogram> result, CancellationToken cancellationToken)
    {
        public int Claimed;

        public Func<CancellationToken, Task<DiceHistogram>> Run { get; } = run;

        public TaskCompletionSource<DiceHistogram> Result { get; } = result;

        public CancellationToken CancellationToken { get; } = cancellationToken;
    }
}
