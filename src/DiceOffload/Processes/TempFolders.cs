namespace DiceOffload.Processes;

/// <summary>
/// Where the strategies put their memory maps: a private folder per run, under <c>DICE_OFFLOAD_TEMP</c> when it is
/// set (the folder must exist), else under <see cref="DefaultRoot"/>.
/// </summary>
/// <remarks>
/// <para>The study sets <c>DICE_OFFLOAD_TEMP</c> to a folder of its own, which BenchmarkDotNet's benchmark processes
/// inherit, and deletes that folder when it ends or is interrupted: a benchmark process killed before it could clean
/// up leaves nothing behind.</para>
/// <para>A map in a folder on disk can be written back to the disk while it is measured (a 64 MB transfer map, say);
/// on Linux the maps therefore go to <c>/dev/shm</c>, which is memory, unless <c>TMPDIR</c> names another folder.</para>
/// </remarks>
public static class TempFolders
{
    public const string RootVariable = "DICE_OFFLOAD_TEMP";

    private const string SharedMemoryFolder = "/dev/shm";

    /// <summary>Where private folders go when neither a root nor <see cref="RootVariable"/> is given: <c>TMPDIR</c> when it is set, else <c>/dev/shm</c> where it exists, else the system's temporary folder.</summary>
    public static string DefaultRoot =>
        Environment.GetEnvironmentVariable("TMPDIR") is not { Length: > 0 } && Directory.Exists(SharedMemoryFolder)
            ? SharedMemoryFolder
            : Path.GetTempPath();

    /// <summary>The folder new maps go under now: <see cref="RootVariable"/> when set, else <see cref="DefaultRoot"/>.</summary>
    public static string CurrentRoot => Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultRoot;

    /// <summary>The kind of file system <paramref name="folder"/> is on (<c>tmpfs</c>, <c>ext4</c>, ...), from <c>/proc/mounts</c>; null where that cannot be read.</summary>
    public static string? FileSystemOf(string folder) => MountOf(folder)?[2];

    /// <summary>Whether programs may be started from <paramref name="folder"/>: false when its mount has <c>noexec</c>
    /// (as containers often mount <c>/dev/shm</c>); true where <c>/proc/mounts</c> cannot say.</summary>
    public static bool AllowsPrograms(string folder) =>
        MountOf(folder) is not { Length: > 3 } mount || !mount[3].Split(',').Contains("noexec", StringComparer.Ordinal);

    // the /proc/mounts line of the longest mount point that holds the folder (the one it is on), split into its fields
    private static string[]? MountOf(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        try
        {
            string full = Path.GetFullPath(folder);
            return File.ReadLines("/proc/mounts")
                .Select(line => line.Split(' '))
                .Where(f => f.Length > 2 && (full == f[1] || full.StartsWith(f[1].TrimEnd('/') + "/", StringComparison.Ordinal)))
                .OrderByDescending(f => f[1].Length)
                .FirstOrDefault();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Creates a folder only the current user can open (mode 0700 on Unix), named <paramref name="prefix"/> and a random part.</summary>
    /// <param name="root">The folder to create it in; <see cref="RootVariable"/> or <see cref="DefaultRoot"/> when null.</param>
    public static DirectoryInfo CreatePrivate(string prefix, string? root = null)
    {
        if (root is null && Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } fromEnvironment)
        {
            // the study deletes its folder when it is interrupted; a map made elsewhere then would never be deleted
            root = Directory.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new DirectoryNotFoundException($"{RootVariable} names the folder '{fromEnvironment}', which does not exist (deleted by an interrupted study?).");
        }
        string path = Path.Combine(root ?? DefaultRoot, prefix + Path.GetRandomFileName());
        return OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
