using DiceOffload.Workers;

namespace DiceOffload.Bench.Commands;

/// <summary>On Ctrl+C during the study, stops every worker process before the program ends.</summary>
internal sealed class Interrupt : IDisposable
{
    public Interrupt() => Console.CancelKeyPress += OnCancel;

    private static void OnCancel(object? sender, ConsoleCancelEventArgs e) => WorkerProcess.KillAll();

    public void Dispose() => Console.CancelKeyPress -= OnCancel;
}
