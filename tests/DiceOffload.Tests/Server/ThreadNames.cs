namespace DiceOffload.Tests.Server;

/// <summary>This process's threads by name, as the kernel has them (truncated to 15 characters), for tests that look for a thread a strategy or the server started.</summary>
internal static class ThreadNames
{
    /// <summary>How many of this process's threads have a name starting with <paramref name="prefix"/> now.</summary>
    public static int Count(string prefix) => Current().Count(name => name.StartsWith(prefix, StringComparison.Ordinal));

    private static IEnumerable<string> Current() =>
        Directory.GetDirectories("/proc/self/task").Select(task =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(task, "comm")).TrimEnd();
            }
            catch (IOException)
            {
                return "";   // the thread ended while it was read
            }
        });
}
