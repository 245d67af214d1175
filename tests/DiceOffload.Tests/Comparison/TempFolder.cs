namespace DiceOffload.Tests.Comparison;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dice-compare-" + Guid.NewGuid().ToString("N"));

    public string Sub(string name)
    {
        string folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}

/// <summary>A test of a bench command run in-process: a temporary folder for its files, and what it writes to stdout and stderr.</summary>
public abstract class CommandTestBase : IDisposable
{
    private protected TempFolder Temp { get; } = new();

    private protected StringWriter Output { get; } = new();

    private protected StringWriter Error { get; } = new();

    public void Dispose()
    {
        Temp.Dispose();
        Output.Dispose();
        Error.Dispose();
        GC.SuppressFinalize(this);
    }
}
