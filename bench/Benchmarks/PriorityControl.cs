using System.Diagnostics;
using System.Globalization;

namespace DiceOffload.Bench.Benchmarks;

/// <summary>
/// Undoes the priority BenchmarkDotNet gives its benchmark process, so that every strategy competes on equal terms.
/// </summary>
/// <remarks>
/// BenchmarkDotNet raises the benchmark process to High and its thread to Highest before the global setup. On Linux
/// the nice value belongs to each thread: the raise reaches the benchmark thread (which runs <c>inline</c> and takes
/// part in <c>Parallel.For</c>) and whatever it starts afterwards (dedicated threads, worker processes), but not the
/// pool threads that other threads start. The study therefore resets every thread of the process to normal
/// priority in each global setup; the <see cref="PriorityEffect"/> experiment measures what that changes.
/// </remarks>
public static class PriorityControl
{
    public static void ApplyStudyPolicy() => ResetToNormal();

    public static void ResetToNormal()
    {
        try
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            self.PriorityClass = ProcessPriorityClass.Normal;
            System.Threading.Thread.CurrentThread.Priority = ThreadPriority.Normal;
            if (OperatingSystem.IsLinux())
            {
                foreach (int tid in ThreadIds())
                    _ = ThreadNice.Set(tid, 0);
            }
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            Console.WriteLine($"// could not reset the priority: {ex.Message}");
        }
    }

    /// <summary>How many threads have each nice value, e.g. <c>-11 ×1, 0 ×12</c> (Linux); the process priority class elsewhere.</summary>
    public static string NiceValues()
    {
        if (!OperatingSystem.IsLinux())
            return $"process priority {System.Diagnostics.Process.GetCurrentProcess().PriorityClass}";
        var nice = ThreadIds().Select(ReadNice).Where(n => n is not null).GroupBy(n => n!.Value).OrderBy(g => g.Key);
        return string.Join(", ", nice.Select(g => $"{g.Key} ×{g.Count()}"));
    }

    private static IEnumerable<int> ThreadIds() =>
        Directory.EnumerateDirectories("/proc/self/task").Select(d => int.Parse(Path.GetFileName(d), CultureInfo.InvariantCulture));

    private static int? ReadNice(int tid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
            // fields after the parenthesised name start with field 3 (state); nice is field 19
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[16], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
