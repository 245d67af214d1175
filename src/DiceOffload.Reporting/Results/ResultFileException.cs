namespace DiceOffload.Reporting.Results;

/// <summary>A results folder or export file that cannot be read; the message is one sentence for the person who pointed at it.</summary>
public sealed class ResultFileException : Exception
{
    public ResultFileException() { }

    public ResultFileException(string message) : base(message) { }

    public ResultFileException(string message, Exception innerException) : base(message, innerException) { }

    public ResultFileException(string path, string message, Exception? innerException = null) : base(message, innerException) => Path = path;

    /// <summary>The folder or file at fault.</summary>
    public string? Path { get; }
}
