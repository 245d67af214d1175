using System.Runtime.InteropServices;

namespace DiceOffload;

/// <summary>The operating system's view of a thread: its id and its nice value (Linux, where both are per thread).</summary>
public static partial class ThreadNice
{
    /// <summary>The calling thread's id in the operating system; null where there is none to read (not Linux).</summary>
    public static int? CurrentThreadId() => OperatingSystem.IsLinux() ? GetTid() : null;

    /// <summary>Sets the nice value of one thread (Linux: <paramref name="threadId"/> is the thread's id; a process id sets its main thread); false where that failed or is not possible.</summary>
    /// <remarks>An unprivileged process can lower a priority (raise the nice value) but never raise it again.</remarks>
    public static bool Set(int threadId, int nice) => OperatingSystem.IsLinux() && SetPriority(0 /* PRIO_PROCESS: one thread on Linux */, threadId, nice) == 0;

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
