namespace DiceOffload.Processes;

/// <summary>
/// A worker's stdin as its lifeline: the parent holds it open, and the worker exits as soon as it reaches
/// end-of-file, because then the parent has closed it to stop the worker, or has died and will never read an answer.
/// </summary>
/// <remarks>
/// The parent's side is <see cref="WorkerProcess"/>, which keeps every worker's stdin open and closes it to stop one.
/// A one-shot worker reads stdin on a background thread, so that end-of-file ends it in the middle of its job. A
/// long-lived pool worker reads its requests on its main thread (a request then wakes the thread that runs it, with
/// no hand-over between threads) and, while it runs one, asks <see cref="ParentGone"/> between chunks.
/// </remarks>
public static class Lifeline
{
    /// <summary>The arguments that ask the one-shot modes (<c>roll</c>, <c>shared</c>) to watch their stdin.</summary>
    public static IReadOnlyList<string> Arguments { get; } = [Option, Stdin];

    internal const string Option = "--lifeline";
    internal const string Stdin = "stdin";

    /// <summary>The exit code of a one-shot worker stopped by its parent before it finished.</summary>
    public const int StoppedExitCode = 3;

    /// <summary>Exits the process with <see cref="StoppedExitCode"/> as soon as stdin ends; whatever arrives on it is ignored.</summary>
    public static void ExitWhenParentCloses()
    {
        var watcher = new Thread(() =>
        {
            using var input = new StreamReader(Console.OpenStandardInput());
            while (input.ReadLine() is not null)
            {
            }
            Environment.Exit(StoppedExitCode);
        })
        { IsBackground = true, Name = "parent lifeline" };
        watcher.Start();
    }

    /// <summary>
    /// Whether the parent has closed stdin (or died), without reading it: a request the parent has already sent stays
    /// there for the next read. Linux and macOS report a pipe whose writers are all gone as POLLHUP; false where stdin
    /// cannot be polled.
    /// </summary>
    public static bool ParentGone() => PipeReadiness.Peek(0).Hangup;
}
