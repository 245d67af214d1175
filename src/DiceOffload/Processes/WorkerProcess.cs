using System.Collections.Concurrent;
using System.Diagnostics;

namespace DiceOffload.Processes;

/// <summary>What a worker left behind: its exit code and everything it wrote.</summary>
public sealed record WorkerExit(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// One child process, started without a shell, with its stdout and stderr read as it runs.
/// Disposing it stops the process tree if it is still running; so does the end of the parent process.
/// </summary>
/// <remarks>
/// Its stdin stays open as the worker's <see cref="Lifeline"/>: a worker exits when it reads end-of-file there,
/// which also happens when the parent is killed without a chance to clean up.
/// </remarks>
public sealed class WorkerProcess : IDisposable
{
    private static readonly ConcurrentDictionary<int, WorkerProcess> Live = new();
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    static WorkerProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    private WorkerProcess(Process process, string label, bool readOutputToEnd)
    {
        _process = process;
        Label = label;
        Id = process.Id;
        // a streaming caller reads stdout itself; stderr is always drained so a chatty worker never blocks
        _stdout = readOutputToEnd ? process.StandardOutput.ReadToEndAsync() : Task.FromResult(string.Empty);
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>A name for messages, such as <c>worker 2 of 4 (pid 1234)</c>.</summary>
    public string Label { get; }

    public int Id { get; }

    public StreamWriter StandardInput => _process.StandardInput;

    public StreamReader StandardOutput => _process.StandardOutput;

    public static WorkerProcess Start(WorkerLaunch launch, IEnumerable<string> arguments, string name, bool readOutputToEnd = true)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var startInfo = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (string argument in launch.PrefixArguments.Concat(arguments))
            startInfo.ArgumentList.Add(argument);
        if (launch.Environment is not null)
        {
            foreach (var (key, value) in launch.Environment)
                startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or FileNotFoundException or InvalidOperationException)
        {
            process.Dispose();
            throw new WorkerFailedException($"{name} could not be started ({launch}): {ex.Message}", ex);
        }

        var worker = new WorkerProcess(process, $"{name} (pid {process.Id})", readOutputToEnd);
        Live[worker.Id] = worker;
        return worker;
    }

    /// <summary>Waits for the worker to exit; on cancellation kills it and waits for it to be gone before throwing.</summary>
    public async Task<WorkerExit> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }
        string stdout = await _stdout;
        string stderr = await _stderr;
        Live.TryRemove(Id, out _);
        return new WorkerExit(_process.ExitCode, stdout, stderr);
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Stops the worker and everything it started, and waits (briefly) until the OS has reaped it: first its stdin is
    /// closed, which ends a worker started with a lifeline cleanly (the runtime then removes its own diagnostic pipes
    /// from the temporary folder); whatever still runs after <see cref="GracefulStop"/> is killed.
    /// </summary>
    public void Kill()
    {
        BeginStop();
        FinishStop(Stopwatch.StartNew());
    }

    /// <summary>How long a worker has to exit after its stdin closes before it is killed.</summary>
    public static TimeSpan GracefulStop { get; } = TimeSpan.FromMilliseconds(500);

    private void BeginStop()
    {
        try
        {
            if (!_process.HasExited)
                _process.StandardInput.Close();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // exited, or its stdin is already closed
        }
    }

    private void FinishStop(Stopwatch since)
    {
        try
        {
            var left = GracefulStop - since.Elapsed;
            if (!_process.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero))
                _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5_000);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        Live.TryRemove(Id, out _);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>Stops every worker this process still has running, all at once; used on exit and on Ctrl+C.</summary>
    public static void KillAll()
    {
        var workers = Live.Values.ToArray();
        var since = Stopwatch.StartNew();
        foreach (var worker in workers)
            worker.BeginStop();
        foreach (var worker in workers)
            worker.FinishStop(since);
    }
}
