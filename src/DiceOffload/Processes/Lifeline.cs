namespace DiceOffload.Processes;

/// <summary>
/// A worker's stdin as its lifeline: the parent holds it open, and the worker exits as soon as it reaches
/// end-of-file, because then the parent has closed it to stop the worker, or has died and will never read an answer.
/// </summary>
/// <remarks>
/// The parent's side is <see cref="WorkerProcess"/>, which keeps every worker's stdin open and closes it to stop one.
/// The worker's side reads stdin on a background thread, so that end-of-file ends the worker even in the middle of
/// a request.
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
    public static void ExitWhenParentCloses() => Watch(_ => { }, StoppedExitCode);

    /// <summary>The lines of stdin, one request each, for a long-lived worker; when stdin ends the process exits with code 0 at once.</summary>
    public static IEnumerable<string> RequestsUntilParentCloses()
    {
        var requests = new System.Collections.Concurrent.BlockingCollection<string>();
        Watch(requests.Add, exitCode: 0);
        return requests.GetConsumingEnumerable();
    }

    private static void Watch(Action<string> onLine, int exitCode)
    {
        var watcher = new Thread(() =>
        {
            using var input = new StreamReader(Console.OpenStandardInput());
            while (input.ReadLine() is { } line)
                onLine(line);
            Environment.Exit(exitCode);
        })
        { IsBackground = true, Name = "parent lifeline" };
        watcher.Start();
    }
}
