using System.Runtime.CompilerServices;

namespace DiceOffload;

/// <summary>The dice loop: throws the dice of one chunk and adds the sums into a histogram span. The scalar kernel lives
/// here; a job with the vector kernel is handed to <see cref="VectorDice"/>.</summary>
public static class DiceRoller
{
    /// <summary>Adds the sums of chunk <paramref name="chunkIndex"/> of <paramref name="job"/> into <paramref name="counts"/>, with the job's kernel.</summary>
    /// <param name="counts">One bin per sum, bin 0 being the smallest sum (<see cref="DiceJob.BinCount"/> bins).</param>
    public static void RollChunk(DiceJob job, long chunkIndex, Span<long> counts)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Kernel == DiceKernel.Vector)
        {
            VectorDice.RollChunk(job, chunkIndex, counts);
            return;
        }
        if (counts.Length != job.BinCount)
            throw new ArgumentException($"expected {job.BinCount} bins, got {counts.Length}.", nameof(counts));
        var rng = Xoshiro256StarStar.ForChunk(job.Seed, chunkIndex);
        int throws = job.ThrowsInChunk(chunkIndex);
        if (job.Dice == 2)
            RollPairs(ref rng, throws, (ulong)job.Sides, counts);
        else
            RollMany(ref rng, throws, job.Dice, (ulong)job.Sides, counts);
    }

    /// <summary>Adds chunks [<paramref name="firstChunk"/>, <paramref name="firstChunk"/> + <paramref name="chunkCount"/>) into <paramref name="counts"/>.</summary>
    public static void RollChunks(DiceJob job, long firstChunk, long chunkCount, Span<long> counts, CancellationToken cancellationToken = default)
    {
        for (long chunk = firstChunk; chunk < firstChunk + chunkCount; chunk++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RollChunk(job, chunk, counts);
        }
    }

    // Two dice is the article's case; unrolling it keeps both draws in one iteration.
    private static void RollPairs(ref Xoshiro256StarStar rng, int throws, ulong sides, Span<long> counts)
    {
        ulong threshold = (0UL - sides) % sides;
        ref long bin0 = ref counts[0];
        for (int t = 0; t < throws; t++)
        {
            int a = Die(ref rng, sides, threshold);
            int b = Die(ref rng, sides, threshold);
            Unsafe.Add(ref bin0, a + b)++;
        }
    }

    private static void RollMany(ref Xoshiro256StarStar rng, int throws, int dice, ulong sides, Span<long> counts)
    {
        ulong threshold = (0UL - sides) % sides;
        for (int t = 0; t < throws; t++)
        {
            int sum = 0;
            for (int d = 0; d < dice; d++)
                sum += Die(ref rng, sides, threshold);
            counts[sum]++;
        }
    }

    /// <summary>
    /// A die face minus one, in [0, sides), without modulo bias: Lemire's multiply-and-reject
    /// ("Fast random integer generation in an interval", 2019).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Die(ref Xoshiro256StarStar rng, ulong sides, ulong threshold)
    {
        ulong high = Math.BigMul(rng.NextUInt64(), sides, out ulong low);
        while (low < threshold)
            high = Math.BigMul(rng.NextUInt64(), sides, out low);
        return (int)high;
    }
}
