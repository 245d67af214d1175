using DiceOffload.Cgroups;
using DiceOffload.Tests.Comparison;

namespace DiceOffload.Tests.Cgroups;

/// <summary>A file system root of fixture files laid out as the kernel lays out /proc and /sys/fs/cgroup.</summary>
public abstract class CgroupFixture : IDisposable
{
    private readonly TempFolder _root = new();

    private protected string Root => _root.Path;

    /// <summary>Writes <paramref name="text"/> at <paramref name="absolute"/> under the fixture's root; its path there.</summary>
    private protected string Write(string absolute, string text)
    {
        string path = CpuCgroup.Under(_root.Path, absolute);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        _root.Dispose();
        GC.SuppressFinalize(this);
    }
}
