using System.Runtime.InteropServices;

namespace DiceOffload.Processes;

/// <summary>
/// A thread of one pool worker's own that blocks in poll(2) until the worker's stdout has something to read, each time
/// the pool asks it to: the wait for an answer that takes longer than the pool polls for.
/// </summary>
/// <remarks>
/// The thread is started at the first wait and sleeps between waits, off the pipe's wait queue, so a line the pool
/// polls for itself wakes nobody. It holds a reference on the pipe's handle, so the descriptor it polls is never
/// closed (or reused) under it; it ends, and lets the handle go, when the waiter is disposed after its worker: the
/// worker's end (end-of-file) ends a wait under way.
/// </remarks>
internal sealed class ReadinessWaiter : IDisposable
{
    private readonly SafeHandle _pipe;
    private readonly string _name;
    private readonly SemaphoreSlim _asked = new(0);
    private readonly Lock _gate = new(); // the thread's start, the disposal and the handle's release
    private TaskCompletionSource? _pending;
    private Thread? _thread;
    private bool _holdsHandle;
    private volatile bool _disposed;

    public ReadinessWaiter(SafeHandle pipe, string name)
    {
        _pipe = pipe;
        _name = name;
        pipe.DangerousAddRef(ref _holdsHandle);
        Fd = (int)pipe.DangerousGetHandle();
    }

    /// <summary>The descriptor waited on.</summary>
    public int Fd { get; }

    /// <summary>Whether its thread has started and not yet ended.</summary>
    internal bool ThreadAlive => _thread?.IsAlive == true;

    /// <summary>Completes (on a thread-pool thread) once the pipe has something to read; one wait at a time.</summary>
    public Task WhenReadable()
    {
        var readable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (Interlocked.CompareExchange(ref _pending, readable, null) is not null)
                throw new InvalidOperationException("a wait is already under way.");
            if (_thread is null)
            {
                _thread = new Thread(WaitLoop) { IsBackground = true, Name = _name };
                _thread.Start();
            }
        }
        _asked.Release();
        return readable.Task;
    }

    private void WaitLoop()
    {
        try
        {
            while (true)
            {
                _asked.Wait();
                if (_disposed)
                    return;
                var readable = Volatile.Read(ref _pending)!;
                Exception? failure = null;
                try
                {
                    PipeReadiness.BlockUntilReadable(Fd);
                }
                catch (Exception ex)
                {
                    failure = ex; // the waiter's, never this background thread's to die of
                }
                Volatile.Write(ref _pending, null); // before the completion, whose continuation may wait again
                if (failure is null)
                    readable.SetResult();
                else
                    readable.SetException(failure);
            }
        }
        finally
        {
            // a wait asked for as the waiter was disposed: it is not waited for
            Interlocked.Exchange(ref _pending, null)?.TrySetException(new ObjectDisposedException(nameof(ReadinessWaiter)));
            ReleaseHandle();
        }
    }

    private void ReleaseHandle()
    {
        lock (_gate)
        {
            if (_holdsHandle)
                _pipe.DangerousRelease();
            _holdsHandle = false;
        }
    }

    /// <summary>Ends the thread once its wait, if any, is over; dispose the worker first, so that it is.</summary>
    public void Dispose()
    {
        bool threadStarted;
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            threadStarted = _thread is not null;
        }
        if (threadStarted)
            _asked.Release();
        else
            ReleaseHandle();
    }
}
