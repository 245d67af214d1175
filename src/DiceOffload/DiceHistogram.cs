using System.Globalization;

namespace DiceOffload;

/// <summary>How often each sum came up: bin <c>i</c> counts the sum <c>MinSum + i</c>, in 64-bit counts.</summary>
public sealed class DiceHistogram : IEquatable<DiceHistogram>
{
    private readonly long[] _counts;

    public DiceHistogram(int dice, int sides)
    {
        Dice = dice;
        Sides = sides;
        _counts = new long[(dice * sides) - dice + 1];
    }

    public DiceHistogram(int dice, int sides, ReadOnlySpan<long> counts)
        : this(dice, sides)
    {
        if (counts.Length != _counts.Length)
            throw new ArgumentException($"expected {_counts.Length} counts for {dice}d{sides}, got {counts.Length}.", nameof(counts));
        counts.CopyTo(_counts);
    }

    public static DiceHistogram For(DiceJob job) => new(job.Dice, job.Sides);

    public int Dice { get; }
    public int Sides { get; }
    public int MinSum => Dice;
    public int MaxSum => Dice * Sides;

    /// <summary>The counts, bin 0 being <see cref="MinSum"/>. Writable so that strategies can merge into it.</summary>
    public Span<long> Counts => _counts;

    /// <summary>The count of <paramref name="sum"/>.</summary>
    public long this[int sum] => _counts[sum - MinSum];

    public long Total
    {
        get
        {
            long total = 0;
            foreach (long count in _counts)
                total += count;
            return total;
        }
    }

    /// <summary>Adds another histogram of the same dice into this one.</summary>
    public void Add(ReadOnlySpan<long> counts)
    {
        if (counts.Length != _counts.Length)
            throw new ArgumentException($"expected {_counts.Length} counts, got {counts.Length}.", nameof(counts));
        for (int i = 0; i < counts.Length; i++)
            _counts[i] += counts[i];
    }

    /// <summary>The (sum, count) pairs in ascending sum order.</summary>
    public IEnumerable<KeyValuePair<int, long>> Bins()
    {
        for (int i = 0; i < _counts.Length; i++)
            yield return new(MinSum + i, _counts[i]);
    }

    public bool Equals(DiceHistogram? other) =>
        other is not null && other.Dice == Dice && other.Sides == Sides && other._counts.AsSpan().SequenceEqual(_counts);

    public override bool Equals(object? obj) => Equals(obj as DiceHistogram);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Dice);
        hash.Add(Sides);
        foreach (long count in _counts)
            hash.Add(count);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Dice}d{Sides}: {Total:N0} throws");
}
