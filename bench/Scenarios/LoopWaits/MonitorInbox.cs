namespace DiceOffload.Bench.Scenarios.LoopWaits;

/// <summary>
/// A queue under a lock, waited on with <see cref="Monitor.Wait(object, TimeSpan)"/>: one blocking wait with a
/// timeout and no spin phase, as Node's loop blocks once in <c>epoll_wait</c>. With <c>yieldsFirst</c> above zero it
/// first yields its core that many times, as spin-then-block primitives do, and then blocks the same way.
/// </summary>
public sealed class MonitorInbox(int yieldsFirst) : ILoopInbox
{
    private readonly Queue<Action> _items = new();
    private readonly object _lock = new();
    private bool _completed;

    public bool IsCompleted
    {
        get
        {
            lock (_lock)
                return _completed && _items.Count == 0;
        }
    }

    public void Add(Action item)
    {
        lock (_lock)
        {
            _items.Enqueue(item);
            Monitor.Pulse(_lock);
        }
    }

    public bool TryTake(TimeSpan timeout, out Action? item)
    {
        for (int i = 0; i < yieldsFirst && !HasItem(); i++)
            Thread.Yield();
        lock (_lock)
        {
            if (_items.Count == 0 && !_completed)
                Monitor.Wait(_lock, timeout);
            return _items.TryDequeue(out item);
        }
    }

    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            Monitor.PulseAll(_lock);
        }
    }

    private bool HasItem()
    {
        lock (_lock)
            return _items.Count > 0 || _completed;
    }

    public void Dispose()
    {
    }
}
