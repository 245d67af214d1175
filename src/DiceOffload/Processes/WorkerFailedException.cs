namespace DiceOffload.Processes;

/// <summary>A worker process failed: it could not start, exited non-zero, crashed, or wrote output that breaks the protocol.</summary>
public sealed class WorkerFailedException : Exception
{
    public WorkerFailedException()
    {
    }

    public WorkerFailedException(string message)
        : base(message)
    {
    }

    public WorkerFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The last lines a worker wrote to stderr, on one line and cut to a readable length.</summary>
    internal static string Quote(string stderr)
    {
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
            return "(nothing on stderr)";
        string joined = string.Join(" | ", lines.TakeLast(5));
        return joined.Length <= 400 ? joined : string.Concat("…", joined.AsSpan(joined.Length - 400));
    }
}
