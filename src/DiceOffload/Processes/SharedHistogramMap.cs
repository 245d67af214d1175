using System.IO.MemoryMappedFiles;

namespace DiceOffload.Processes;

/// <summary>
/// A histogram in a memory-mapped file that several processes add into with atomic adds.
/// Layout: 8-byte magic <c>DICEMAP1</c>, the bin count as a 64-bit integer, then one 64-bit count per bin.
/// </summary>
/// <remarks>
/// Linux does not support named maps in .NET, so the map is backed by a file; the parent creates it in a private
/// temporary folder and deletes the folder when the job ends. Counts are read and written through a pointer so that
/// <see cref="Interlocked.Add(ref long, long)"/> works on the shared memory itself: nothing is copied or serialized.
/// </remarks>
public sealed unsafe class SharedHistogramMap : IDisposable
{
    private const ulong Magic = 0x3150414D45434944; // "DICEMAP1" little-endian
    private const int HeaderBytes = 16;
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;

    private SharedHistogramMap(MemoryMappedFile file, int bins)
    {
        _file = file;
        _view = file.CreateViewAccessor(0, HeaderBytes + (bins * sizeof(long)), MemoryMappedFileAccess.ReadWrite);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
        Bins = bins;
    }

    public int Bins { get; }

    private long* Counts => (long*)(_base + HeaderBytes);

    /// <summary>Creates the file at <paramref name="path"/> (which must not exist) holding an empty histogram.</summary>
    public static SharedHistogramMap Create(string path, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        long bytes = HeaderBytes + ((long)bins * sizeof(long));
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.CreateNew, mapName: null, bytes, MemoryMappedFileAccess.ReadWrite);
        var map = new SharedHistogramMap(file, bins);
        *(long*)(map._base + 8) = bins;
        Volatile.Write(ref *(ulong*)map._base, Magic);
        return map;
    }

    /// <summary>Opens a map made by <see cref="Create"/>, checking its header against <paramref name="expectedBins"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not such a map, or is for another number of bins.</exception>
    public static SharedHistogramMap Open(string path, int expectedBins)
    {
        long expectedBytes = HeaderBytes + ((long)expectedBins * sizeof(long));
        long length = new FileInfo(path).Length;
        if (length != expectedBytes)
            throw new InvalidDataException($"map '{path}' has {length} bytes where {expectedBins} bins need {expectedBytes}.");
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.ReadWrite);
        var map = new SharedHistogramMap(file, expectedBins);
        if (Volatile.Read(ref *(ulong*)map._base) != Magic || *(long*)(map._base + 8) != expectedBins)
        {
            map.Dispose();
            throw new InvalidDataException($"map '{path}' does not start with the DICEMAP1 header for {expectedBins} bins.");
        }
        return map;
    }

    /// <summary>Adds <paramref name="counts"/> into the shared bins, each with one atomic add.</summary>
    public void AddAtomic(ReadOnlySpan<long> counts)
    {
        if (counts.Length != Bins)
            throw new ArgumentException($"expected {Bins} counts, got {counts.Length}.", nameof(counts));
        long* shared = Counts;
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] != 0)
                Interlocked.Add(ref shared[i], counts[i]);
        }
    }

    /// <summary>Reads the bins as they are now.</summary>
    public long[] ReadCounts()
    {
        var counts = new long[Bins];
        long* shared = Counts;
        for (int i = 0; i < counts.Length; i++)
            counts[i] = Volatile.Read(ref shared[i]);
        return counts;
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
