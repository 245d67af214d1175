using DiceOffload.ResultFiles;
using DiceOffload.Tests.Comparison;

namespace DiceOffload.Tests.ResultFiles;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void WriteAllText_ExistingFile_ReplacesItAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_temp.Path, "summary.md");
        File.WriteAllText(path, "old");

        AtomicFile.WriteAllText(path, "new ✓");

        Assert.Equal("new ✓", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_temp.Path));
        Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]); // no byte-order mark
    }

    [Fact]
    public void Write_WriterThrowsHalfway_LeavesTheOldFileIntact()
    {
        string path = Path.Combine(_temp.Path, "summary.md");
        File.WriteAllText(path, "old");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, writer =>
        {
            writer.Write("half of the new");
            throw new IOException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void Write_WriterThrowsAndNoFileExisted_LeavesNothing()
    {
        string path = Path.Combine(_temp.Path, "report.md");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw new InvalidOperationException("no data")));

        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    public void Dispose() => _temp.Dispose();
}
