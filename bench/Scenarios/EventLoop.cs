using System.Collections.Concurrent;
using System.Diagnostics;
using DiceOffload.Bench.Scenarios.LoopWaits;
using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Scenarios;

/// <summary>
/// A stand-in for Node's event loop: one dedicated thread runs posted callbacks one at a time and a heartbeat
/// every interval, and is the <see cref="SynchronizationContext"/> of that thread, so an <c>await</c> started on the
/// loop resumes on it. Whatever blocks a callback delays the heartbeat; the loop records by how much.
/// </summary>
/// <remarks>
/// <para>The heartbeat keeps a fixed schedule, one interval apart; a beat more than a whole interval late is not made up
/// for: the next one is due an interval after it ran, as with Node's <c>setInterval</c>.</para>
/// <para>Between callbacks the thread waits for the next one or for the next heartbeat through a
/// <see cref="ILoopInbox"/>; by default <see cref="MonitorInbox"/>, one blocking wait with a timeout, as Node's loop
/// blocks in <c>epoll_wait</c>. Primitives that spin and yield before they block make the heartbeat far later when
/// every core is busy (the responsiveness scenario measures each).</para>
/// </remarks>
public sealed class EventLoop : SynchronizationContext, IDisposable
{
    private readonly ILoopInbox _queue;
    private readonly ConcurrentQueue<HeartbeatTick> _ticks = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _interval;
    private readonly Action<HeartbeatTick>? _onHeartbeat;
    private readonly Thread _thread;
    private readonly TaskCompletionSource<int?> _threadId = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="onHeartbeat">Runs on the loop at each heartbeat, like a <c>setInterval</c> callback.</param>
    /// <param name="wait">How the loop's thread waits: a name of <see cref="LoopWait.Names"/>.</param>
    public EventLoop(TimeSpan heartbeatInterval, Action<HeartbeatTick>? onHeartbeat = null, string wait = LoopWait.Default)
    {
        _interval = heartbeatInterval;
        _onHeartbeat = onHeartbeat;
        _queue = LoopWait.Create(wait);
        _thread = new Thread(Run) { IsBackground = true, Name = "event loop" };
        _thread.Start();
    }

    /// <summary>Milliseconds since the loop started, on the loop's clock.</summary>
    public double NowMs => _clock.Elapsed.TotalMilliseconds;

    /// <summary>Every heartbeat so far, with <see cref="HeartbeatTick.AtMs"/> on the loop's clock.</summary>
    public IReadOnlyList<HeartbeatTick> Ticks => [.. _ticks];

    /// <summary>What the scheduler has done with the loop's thread so far; null where that cannot be read.</summary>
    public ThreadSchedule? Schedule => ThreadSchedule.Read(_threadId.Task.GetAwaiter().GetResult());

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add(() => d(state));

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("the event loop only takes posted work.");

    /// <summary>Runs <paramref name="work"/> on the loop and completes when the task it starts completes.</summary>
    public Task RunAsync(Func<Task> work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(async _ =>
        {
            try
            {
                await work();
                done.SetResult();
            }
#pragma warning disable CA1031 // handed to the caller's task
            catch (Exception ex)
            {
                done.SetException(ex);
            }
#pragma warning restore CA1031
        }, null);
        return done.Task;
    }

    private void Run()
    {
        SetSynchronizationContext(this);
        _threadId.SetResult(ThreadSchedule.CurrentThreadId());
        TimeSpan due = _interval;
        while (!_queue.IsCompleted)
        {
            TimeSpan now = _clock.Elapsed;
            if (now >= due)
            {
                var tick = new HeartbeatTick(now.TotalMilliseconds, (now - due).TotalMilliseconds);
                _ticks.Enqueue(tick);
                _onHeartbeat?.Invoke(tick);
                due = now - due > _interval ? now + _interval : due + _interval;
                continue;
            }
            // whole milliseconds, rounded up, as epoll_wait takes them: the primitives round a shorter wait down to
            // zero, and the loop would spin through the last fraction of every interval
            var wait = TimeSpan.FromMilliseconds(Math.Ceiling((due - now).TotalMilliseconds));
            if (_queue.TryTake(wait, out var item))
                item!();
        }
    }

    public void Dispose()
    {
        _queue.Complete();
        _thread.Join();
        _queue.Dispose();
    }
}
