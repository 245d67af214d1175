namespace DiceOffload.Bench.Scenarios;

/// <summary>The programs the scenarios use when the machine has them (a C compiler, wrk).</summary>
internal static class ProgramsOnPath
{
    /// <summary>The first file named <paramref name="name"/> in the PATH's folders that may be run; null when there is none.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(path => File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0));
}
