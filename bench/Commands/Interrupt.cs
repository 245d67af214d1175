using System.Runtime.InteropServices;
using DiceOffload.Workers;

namespace DiceOffload.Bench.Commands;

/// <summary>
/// Keeps the study's temporary files in one folder of its own and removes them, with every worker process,
/// when the study ends, on Ctrl+C or on SIGTERM.
/// </summary>
/// <remarks>
/// BenchmarkDotNet runs each benchmark in a child process and kills it when the study is interrupted, before that
/// child can delete its maps; the children find the folder through <see cref="TempFolders.RootVariable"/>, so
/// deleting it here removes whatever they left. Their worker processes exit by themselves when the child's end of
/// their stdin closes.
/// </remarks>
internal sealed class Interrupt : IDisposable
{
    private readonly DirectoryInfo _folder;
    private readonly PosixSignalRegistration _terminate;

    public Interrupt()
    {
        _folder = TempFolders.CreatePrivate("dice-offload-study-");
        Environment.SetEnvironmentVariable(TempFolders.RootVariable, _folder.FullName);
        Console.CancelKeyPress += OnCancel;
        // SIGTERM is not cancelled: after the clean-up the runtime ends the program as it would have
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => CleanUp());
    }

    /// <summary>The folder the study's maps go into while it runs.</summary>
    public string Folder => _folder.FullName;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e) => CleanUp();

    private void CleanUp()
    {
        WorkerProcess.KillAll();
        try
        {
            _folder.Refresh();
            if (_folder.Exists)
                _folder.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"study: could not delete the temporary folder {_folder.FullName}: {ex.Message}");
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _terminate.Dispose();
        CleanUp();
    }
}
