using System.Runtime.InteropServices;

namespace DiceOffload.Bench.Commands;

/// <summary>
/// While it lives, Ctrl+C and SIGTERM cancel <see cref="Token"/> instead of ending the process, so that a command
/// stops its workers and deletes its files before exiting; left to the runtime, the signal would end the process at
/// once and leave them behind.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _terminate;

    public StopSignals()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _stop.Cancel();
        });
    }

    public CancellationToken Token => _stop.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _stop.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _terminate.Dispose();
        _stop.Dispose();
    }
}
