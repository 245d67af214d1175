using System.Threading.Channels;
using Microsoft.Extensions.Hosting;

namespace DiceOffload.Server;

/// <summary>
/// <c>serve --consumers N</c>: the hosted-service pattern of the ASP.NET Core documentation for long work, a bounded
/// <see cref="Channel{T}"/> read by N dedicated threads. <c>/roll</c> hands its job over and awaits it; the job runs
/// on a consumer thread, never on a pool thread Kestrel serves requests on (unless the strategy itself uses the pool).
/// A full queue refuses the job at once (<see cref="TryEnqueue"/>), which <c>/roll</c> answers with 429.
/// </summary>
/// <remarks>
/// The consumers block on the channel rather than await it: an awaiting consumer would need a pool thread to resume,
/// and the pool is what starves. The channel completes a blocked reader on the writer's thread
/// (<see cref="ChannelOptions.AllowSynchronousContinuations"/>), so a consumer wakes without the pool. When the host
/// stops, the channel is closed, running jobs are cancelled, waiting ones are cancelled unstarted, and every consumer
/// thread has ended before <see cref="BackgroundService.StopAsync"/> returns.
/// </remarks>
public sealed class JobConsumers : BackgroundService
{
    private readonly Channel<QueuedJob> _channel;
    private readonly int _consumers;
    private int _alive;

    /// <param name="consumers">Dedicated threads that run the jobs, at least one.</param>
    /// <param name="capacity">Jobs that may wait for a consumer, at least one.</param>
    public JobConsumers(int consumers, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consumers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _consumers = consumers;
        _channel = Channel.CreateBounded<QueuedJob>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,   // TryWrite answers false when full; nothing is dropped silently
            SingleReader = consumers == 1,
            AllowSynchronousContinuations = true,
        });
    }

    /// <summary>Consumer threads alive now: <c>N</c> while the host runs, 0 once it has stopped.</summary>
    public int AliveConsumers => Volatile.Read(ref _alive);

    /// <summary>Queues <paramref name="run"/> for a consumer; false, with nothing queued, when the queue is full or closed.</summary>
    /// <param name="run">The job, given a token that is cancelled when <paramref name="cancellationToken"/> is or the host stops.</param>
    public bool TryEnqueue(Func<CancellationToken, Task<DiceHistogram>> run, CancellationToken cancellationToken, out Task<DiceHistogram> result)
    {
        var job = new QueuedJob(run, new TaskCompletionSource<DiceHistogram>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        result = job.Result.Task;
        return _channel.Writer.TryWrite(job);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int running = _consumers;
        Interlocked.Add(ref _alive, _consumers);
        for (int i = 0; i < _consumers; i++)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    Consume(stoppingToken);
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
            thread.Start();
        }
        stoppingToken.Register(() => _channel.Writer.TryComplete());
        return ended.Task;
    }

    private void Consume(CancellationToken stopping)
    {
        var reader = _channel.Reader;
        // WaitToReadAsync answers false once the channel is closed and empty
        while (reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            if (!reader.TryRead(out var job))
                continue;
            using var either = CancellationTokenSource.CreateLinkedTokenSource(job.CancellationToken, stopping);
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

    private sealed record QueuedJob(Func<CancellationToken, Task<DiceHistogram>> Run, TaskCompletionSource<DiceHistogram> Result, CancellationToken CancellationToken);
}
