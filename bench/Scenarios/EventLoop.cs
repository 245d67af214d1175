using System.Collections.Concurrent;
using System.Diagnostics;
using DiceOffload.Reporting.Results;

namespace DiceOffload.Bench.Scenarios;

/// <summary>
/// A stand-in for Node's event loop: one dedicated thread runs posted callbacks one at a time and a heartbeat
/// every interval, and is the <see cref="SynchronizationContext"/> of that thread, so an <c>await</c> started on the
/// loop resumes on it. Whatever blocks a callback delays the heartbeat; the loop records by how much.
/// </summary>
/// <remarks>
/// Like Node's <c>setInterval</c>, a late heartbeat is not made up for: the next one is due an interval after
/// the late one ran.
/// </remarks>
public sealed class EventLoop : SynchronizationContext, IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];
    private readonly ConcurrentQueue<HeartbeatTick> _ticks = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _interval;
    private readonly Action<HeartbeatTick>? _onHeartbeat;
    private readonly Thread _thread;

    /// <param name="onHeartbeat">Runs on the loop at each heartbeat, like a <c>setInterval</c> callback.</param>
    public EventLoop(TimeSpan heartbeatInterval, Action<HeartbeatTick>? onHeartbeat = null)
    {
        _interval = heartbeatInterval;
        _onHeartbeat = onHeartbeat;
        _thread = new Thread(Run) { IsBackground = true, Name = "event loop" };
        _thread.Start();
    }

    /// <summary>Milliseconds since the loop started, on the loop's clock.</summary>
    public double NowMs => _clock.Elapsed.TotalMilliseconds;

    /// <summary>Every heartbeat so far, with <see cref="HeartbeatTick.AtMs"/> on the loop's clock.</summary>
    public IReadOnlyList<HeartbeatTick> Ticks => [.. _ticks];

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

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
            if (_queue.TryTake(out var item, due - now))
                item.Callback(item.State);
        }
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }
}
