namespace DiceOffload.Processes;

/// <summary>
/// Where the strategies put their memory maps: a private folder per run, under <c>DICE_OFFLOAD_TEMP</c> when it is
/// set (the folder must exist), else under the system's temporary folder.
/// </summary>
/// <remarks>
/// The study sets <c>DICE_OFFLOAD_TEMP</c> to a folder of its own, which BenchmarkDotNet's benchmark processes
/// inherit, and deletes that folder when it ends or is interrupted: a benchmark process killed before it could clean
/// up leaves nothing behind.
/// </remarks>
public static class TempFolders
{
    public const string RootVariable = "DICE_OFFLOAD_TEMP";

    /// <summary>Creates a folder only the current user can open (mode 0700 on Unix), named <paramref name="prefix"/> and a random part.</summary>
    /// <param name="root">The folder to create it in; <see cref="RootVariable"/> or the system's temporary folder when null.</param>
    public static DirectoryInfo CreatePrivate(string prefix, string? root = null)
    {
        if (root is null && Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } fromEnvironment)
        {
            // the study deletes its folder when it is interrupted; a map made elsewhere then would never be deleted
            root = Directory.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new DirectoryNotFoundException($"{RootVariable} names the folder '{fromEnvironment}', which does not exist (deleted by an interrupted study?).");
        }
        if (root is null)
            return Directory.CreateTempSubdirectory(prefix);
        string path = Path.Combine(root, prefix + Path.GetRandomFileName());
        return OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
