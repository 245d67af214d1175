using System.Collections.Concurrent;
using System.Threading.Channels;

namespace DiceOffload.Bench.Scenarios.LoopWaits;

/// <summary><see cref="BlockingCollection{T}.TryTake(out T, TimeSpan)"/>, what many .NET work loops wait on (it waits on a <see cref="SemaphoreSlim"/>).</summary>
public sealed class BlockingCollectionInbox : ILoopInbox
{
    private readonly BlockingCollection<Action> _items = [];

    public bool IsCompleted => _items.IsCompleted;

    public void Add(Action item) => _items.Add(item);

    public bool TryTake(TimeSpan timeout, out Action? item) => _items.TryTake(out item, timeout);

    public void Complete() => _items.CompleteAdding();

    public void Dispose() => _items.Dispose();
}

/// <summary>A <see cref="ConcurrentQueue{T}"/> counted by a <see cref="SemaphoreSlim"/>, which spins before it blocks.</summary>
public sealed class SemaphoreSlimInbox : ILoopInbox
{
    private readonly ConcurrentQueue<Action> _items = new();
    private readonly SemaphoreSlim _count = new(0);
    private volatile bool _completed;

    public bool IsCompleted => _completed && _items.IsEmpty;

    public void Add(Action item)
    {
        _items.Enqueue(item);
        _count.Release();
    }

    public bool TryTake(TimeSpan timeout, out Action? item)
    {
        item = null;
        return _count.Wait(timeout) && _items.TryDequeue(out item);
    }

    public void Complete()
    {
        _completed = true;
        _count.Release();
    }

    public void Dispose() => _count.Dispose();
}

/// <summary>A <see cref="ConcurrentQueue{T}"/> signalled by a <see cref="ManualResetEventSlim"/>, which spins before it blocks.</summary>
public sealed class ManualResetEventSlimInbox : ILoopInbox
{
    private readonly ConcurrentQueue<Action> _items = new();
    private readonly ManualResetEventSlim _signal = new();
    private volatile bool _completed;

    public bool IsCompleted => _completed && _items.IsEmpty;

    public void Add(Action item)
    {
        _items.Enqueue(item);
        _signal.Set();
    }

    public bool TryTake(TimeSpan timeout, out Action? item)
    {
        if (_items.TryDequeue(out item))
            return true;
        _signal.Reset();
        // re-check after the reset: an item added between the two would otherwise wait for the next signal
        if (_items.TryDequeue(out item) || (_signal.Wait(timeout) && _items.TryDequeue(out item)))
            return true;
        return false;
    }

    public void Complete()
    {
        _completed = true;
        _signal.Set();
    }

    public void Dispose() => _signal.Dispose();
}

/// <summary>An unbounded <see cref="Channel{T}"/> whose reader the loop's thread blocks on, as a thread that owns a channel does.</summary>
public sealed class ChannelInbox : ILoopInbox
{
    private readonly Channel<Action> _items = Channel.CreateUnbounded<Action>();
    private Task<bool>? _pending;

    public bool IsCompleted => _items.Reader.Completion.IsCompleted;

    public void Add(Action item) => _items.Writer.TryWrite(item);

    public bool TryTake(TimeSpan timeout, out Action? item)
    {
        if (_items.Reader.TryRead(out item))
            return true;
        // the blocking wait a thread makes on a channel: Task.Wait with a timeout, which spins before it blocks;
        // a wait that timed out stays pending for the next call
        _pending ??= _items.Reader.WaitToReadAsync().AsTask();
        if (!_pending.Wait(timeout))
            return false;
        _pending = null;
        return _items.Reader.TryRead(out item);
    }

    public void Complete() => _items.Writer.TryComplete();

    public void Dispose()
    {
    }
}
