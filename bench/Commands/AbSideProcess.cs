using System.Diagnostics;
using System.Globalization;
using DiceOffload.Processes;

namespace DiceOffload.Bench.Commands;

/// <summary>A side's study program that one side of <c>ab</c>'s paired iterations talks to (<see cref="AbSideCommand"/>):
/// started, asked one line at a time, and stopped with everything it started, however the run ends.</summary>
internal sealed class AbSideProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string _label;

    private AbSideProcess(Process process, StreamWriter log, string label)
    {
        _process = process;
        _log = log;
        _label = label;
    }

    /// <summary>Starts <c>dotnet <paramref name="program"/> ab-side</c> in <paramref name="workingDirectory"/>, its stderr into
    /// <paramref name="logPath"/>, and waits for it to say it is ready.</summary>
    /// <param name="label">The side, as messages name it: "the base (A)".</param>
    public static async Task<AbSideProcess> StartAsync(string program, string workingDirectory, string logPath, string label, CancellationToken cancel)
    {
        var startInfo = new ProcessStartInfo(WorkerLaunch.DotnetHostPath())
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(program);
        startInfo.ArgumentList.Add("ab-side");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = startInfo };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (log)
                    log.WriteLine(e.Data);
        };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            await log.DisposeAsync();
            process.Dispose();
            throw new AbSideException($"{label}'s study program could not be started: {ex.Message}");
        }
        process.BeginErrorReadLine();
        var side = new AbSideProcess(process, log, label);
        try
        {
            string? hello = await side.ReadAsync(cancel);
            if (hello != $"{AbSideProtocol.Ready} {AbSideProtocol.Version}")
                throw new AbSideException($"{label}'s study program does not time paired iterations ({(hello is null ? "it exited" : $"it said '{hello}'")}; a commit from before them needs --pairing rounds); its log is {logPath}.");
            return side;
        }
        catch
        {
            await side.DisposeAsync();
            throw;
        }
    }

    /// <summary>The cases the side's study selects with <paramref name="glob"/>: those it can time, and those it cannot with why.</summary>
    public async Task<(List<string> Cases, List<(string Name, string Why)> Skipped)> ListAsync(string glob, CancellationToken cancel)
    {
        await SendAsync($"{AbSideProtocol.List} {glob}", cancel);
        var cases = new List<string>();
        var skipped = new List<(string, string)>();
        while (true)
        {
            string line = await ReadAsync(cancel) ?? throw new AbSideException($"{_label}'s study program exited in the middle of its list of cases; its log says why.");
            if (line == AbSideProtocol.End)
                break;
            string[] parts = line.Split('\t');
            if (parts is [AbSideProtocol.Case, var name])
                cases.Add(name);
            else if (parts is [AbSideProtocol.Skip, var skippedName, var why])
                skipped.Add((skippedName, why));
            else
                throw new AbSideException($"{_label} answered the list with '{line}'.");
        }
        return (cases, skipped);
    }

    /// <summary>Sets <paramref name="name"/> up; null when done, else what went wrong.</summary>
    public async Task<string?> SetupAsync(string name, CancellationToken cancel) => Failure(await AskAsync($"{AbSideProtocol.Setup} {name}", cancel));

    public async Task<string?> CleanupAsync(CancellationToken cancel) => Failure(await AskAsync(AbSideProtocol.Cleanup, cancel));

    /// <summary>Times one iteration of <paramref name="invocations"/> invocations of the case set up: nanoseconds per
    /// operation and per invocation (they differ where a case does several operations per invocation), or what went wrong.</summary>
    public async Task<SideTime> TimeAsync(long invocations, CancellationToken cancel)
    {
        string answer = await AskAsync($"{AbSideProtocol.Run} {invocations.ToString(CultureInfo.InvariantCulture)}", cancel);
        if (answer.Split(' ') is [var perOperation, var perInvocation]
            && double.TryParse(perOperation, NumberStyles.Float, CultureInfo.InvariantCulture, out double operationNs)
            && double.TryParse(perInvocation, NumberStyles.Float, CultureInfo.InvariantCulture, out double invocationNs))
            return new SideTime(operationNs, invocationNs, null);
        return new SideTime(double.NaN, double.NaN, Failure(answer) ?? $"it answered '{answer}'");
    }

    private static string? Failure(string answer) =>
        answer == AbSideProtocol.Ok ? null
        : answer.StartsWith(AbSideProtocol.Error + " ", StringComparison.Ordinal) ? answer[(AbSideProtocol.Error.Length + 1)..]
        : $"it answered '{answer}'";

    private async Task<string> AskAsync(string request, CancellationToken cancel)
    {
        await SendAsync(request, cancel);
        return await ReadAsync(cancel) ?? throw new AbSideException($"{_label}'s study program exited while asked '{request}'; its log says why.");
    }

    private async Task SendAsync(string request, CancellationToken cancel)
    {
        try
        {
            await _process.StandardInput.WriteLineAsync(request.AsMemory(), cancel);
            await _process.StandardInput.FlushAsync(cancel);
        }
        catch (IOException)
        {
            throw new AbSideException($"{_label}'s study program exited before it was asked '{request}'; its log says why.");
        }
    }

    private async Task<string?> ReadAsync(CancellationToken cancel) => await _process.StandardOutput.ReadLineAsync(cancel);

    /// <summary>Closes the side's stdin, which makes it clean its case up and exit; kills it, with what it started, if
    /// it has not within 30 seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // it is gone already
        }
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        _process.WaitForExit();
        _process.Dispose();
        lock (_log)
            _log.Dispose();
    }
}

/// <summary>One iteration as a side timed it: nanoseconds per operation and per invocation, or what went wrong.</summary>
internal readonly record struct SideTime(double OperationNs, double InvocationNs, string? Error);

/// <summary>A side of the paired iterations that could not be started or stopped answering; the message is one sentence.</summary>
internal sealed class AbSideException(string message) : Exception(message);
