namespace DiceOffload.Server;

/// <summary>The port the server was given cannot be had: taken, not allowed, or not shareable; the message names the address and why.</summary>
public sealed class PortUnavailableException : Exception
{
    public PortUnavailableException() { }

    public PortUnavailableException(string message) : base(message) { }

    public PortUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
