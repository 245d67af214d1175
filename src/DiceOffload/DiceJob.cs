namespace DiceOffload;

/// <summary>
/// One dice job: throw <see cref="Dice"/> dice of <see cref="Sides"/> sides <see cref="Throws"/> times
/// and count how often each sum comes up.
/// </summary>
/// <remarks>
/// The throws are cut into chunks of <see cref="ChunkSize"/>; chunk <c>i</c> draws from its own generator
/// seeded from (<see cref="Seed"/>, <c>i</c>). Whoever runs a chunk gets the same counts, so every strategy
/// at every worker count returns the bit-identical histogram. <see cref="Kernel"/> picks the dice loop that
/// every strategy runs; each kernel draws its own stream, so the histogram is reproducible per kernel.
/// </remarks>
public sealed record DiceJob
{
    /// <summary>Throws per chunk: small enough to balance two workers on a million throws, large enough that seeding is noise.</summary>
    public const int ChunkSize = 65_536;

    /// <summary>The largest number of dice a job may throw at once; keeps every sum inside an <see cref="int"/>.</summary>
    public const int MaxDice = 1_000_000;

    public DiceJob(long throws, int dice, int sides, ulong seed, DiceKernel kernel = DiceKernel.Scalar)
    {
        if (throws < 1)
            throw new ArgumentOutOfRangeException(nameof(throws), throws, "throws must be at least 1.");
        if (dice < 1 || dice > MaxDice)
            throw new ArgumentOutOfRangeException(nameof(dice), dice, $"dice must be between 1 and {MaxDice}.");
        if (sides < 2)
            throw new ArgumentOutOfRangeException(nameof(sides), sides, "sides must be at least 2.");
        if ((long)dice * sides > int.MaxValue / 2)
            throw new ArgumentOutOfRangeException(nameof(sides), sides, $"dice × sides must stay below {int.MaxValue / 2} so every sum fits.");
        if (!Enum.IsDefined(kernel))
            throw new ArgumentOutOfRangeException(nameof(kernel), kernel, $"kernel must be one of {string.Join(", ", DiceKernels.Names)}.");
        Throws = throws;
        Dice = dice;
        Sides = sides;
        Seed = seed;
        Kernel = kernel;
    }

    /// <summary>The article's job: 100 million throws of two six-sided dice.</summary>
    public static DiceJob Article(ulong seed = 42) => new(100_000_000, 2, 6, seed);

    public long Throws { get; }
    public int Dice { get; }
    public int Sides { get; }
    public ulong Seed { get; }

    /// <summary>The dice loop every strategy runs for this job; <see cref="DiceKernel.Scalar"/> unless named.</summary>
    public DiceKernel Kernel { get; }

    /// <summary>This job under another kernel.</summary>
    public DiceJob WithKernel(DiceKernel kernel) => new(Throws, Dice, Sides, Seed, kernel);

    /// <summary>How many chunks the throws are cut into; the last may be short.</summary>
    public long ChunkCount => (Throws + ChunkSize - 1) / ChunkSize;

    /// <summary>The smallest sum, <see cref="Dice"/>; histogram bin 0 counts it.</summary>
    public int MinSum => Dice;

    /// <summary>The largest sum, <see cref="Dice"/> × <see cref="Sides"/>.</summary>
    public int MaxSum => Dice * Sides;

    /// <summary>Number of histogram bins, one per possible sum.</summary>
    public int BinCount => MaxSum - MinSum + 1;

    /// <summary>Throws in chunk <paramref name="chunkIndex"/>.</summary>
    public int ThrowsInChunk(long chunkIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunkIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(chunkIndex, ChunkCount);
        return (int)Math.Min(ChunkSize, Throws - (chunkIndex * ChunkSize));
    }

    /// <summary>Throws in the chunk range [<paramref name="firstChunk"/>, <paramref name="firstChunk"/> + <paramref name="chunkCount"/>).</summary>
    public long ThrowsInChunks(long firstChunk, long chunkCount)
    {
        if (chunkCount == 0)
            return 0;
        long end = firstChunk + chunkCount;
        return Math.Min(end * ChunkSize, Throws) - (firstChunk * ChunkSize);
    }

    public override string ToString() =>
        Kernel == DiceKernel.Scalar ? $"{Throws:N0} throws of {Dice}d{Sides} (seed {Seed})" : $"{Throws:N0} throws of {Dice}d{Sides} (seed {Seed}, {Kernel.Name()} kernel)";
}
