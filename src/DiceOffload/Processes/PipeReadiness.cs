using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DiceOffload.Processes;

/// <summary>
/// Whether a pipe has something to read, asked with poll(2) and never with a read: the process pool and its workers
/// wait for each other's lines with it, so that a line due within microseconds is taken by a thread that never slept.
/// </summary>
/// <remarks>
/// <para>Why not an awaited read: on Unix the runtime registers a pipe read with its epoll thread once and for good, and
/// from then on every line the other side writes wakes that thread, which hands it to a thread-pool thread, which wakes
/// the caller. On a virtual machine each of those wake-ups of an idle core is an interrupt to the hypervisor
/// (about 20 µs here, the floors' two-core pipe round trip against the one-core one).</para>
/// <para>Linux and macOS only (<see cref="IsSupported"/>); elsewhere the pool awaits its reads.</para>
/// </remarks>
public static partial class PipeReadiness
{
    private const short PollIn = 0x1, PollErr = 0x8, PollHup = 0x10, PollNval = 0x20;
    private const int Interrupted = 4; // EINTR on Linux and macOS

    /// <summary>Whether pipes can be polled here (Linux and macOS).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>What <paramref name="fd"/> has now, without waiting: data or end-of-file (or an error) to read, and whether its writers are gone (or it is not open).</summary>
    public static (bool Readable, bool Hangup) Peek(int fd)
    {
        if (!IsSupported)
            return (false, false);
        var poll = new PollFd { Fd = fd, Events = PollIn };
        int ready = Poll(ref poll, 1, 0);
        return ready == 1 ? (true, (poll.Revents & (PollHup | PollErr | PollNval)) != 0) : (false, false);
    }

    /// <summary>
    /// Asks <paramref name="fd"/> again and again, for at most <paramref name="budget"/>, whether it has something to
    /// read; the thread gives its core away between two asks, so a process it shares the core with still runs.
    /// </summary>
    /// <returns>True when the next read will not block; false when the budget ran out first (or polling is not supported).</returns>
    public static bool SpinUntilReadable(int fd, TimeSpan budget)
    {
        if (!IsSupported || budget <= TimeSpan.Zero)
            return false;
        long deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (Peek(fd).Readable)
                return true;
            if (Stopwatch.GetTimestamp() >= deadline)
                return false;
            Thread.Yield();
        }
    }

    /// <summary>Blocks the calling thread until <paramref name="fd"/> has something to read: data, end-of-file or an error.</summary>
    /// <exception cref="IOException">poll(2) failed for another reason than a signal.</exception>
    public static void BlockUntilReadable(int fd)
    {
        if (!IsSupported)
            throw new PlatformNotSupportedException("pipes are polled on Linux and macOS only.");
        var poll = new PollFd { Fd = fd, Events = PollIn };
        while (Poll(ref poll, 1, -1) < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            if (error != Interrupted)
                throw new IOException($"poll(2) on descriptor {fd} failed with errno {error}.");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMilliseconds);
}
