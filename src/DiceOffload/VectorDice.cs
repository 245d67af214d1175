using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiceOffload;

/// <summary>The vector kernel (<see cref="DiceKernel.Vector"/>): eight xoshiro256** generators per chunk, run in the lanes of SIMD registers.</summary>
/// <remarks>
/// <para>The stream, which every <see cref="VectorPath"/> reproduces bit for bit:</para>
/// <list type="number">
/// <item>Lane <c>l</c> (0–7) of chunk <c>i</c> is the generator <see cref="Xoshiro256StarStar.ForChunkLane"/>(seed, i, l).</item>
/// <item>Of a chunk's <c>n</c> throws, throw <c>8k + l</c> belongs to lane <c>l</c> for <c>k &lt; n / 8</c>; the last
/// <c>n mod 8</c> throws go to lanes 0, 1, … one each. A lane throws its throws in order.</item>
/// <item>A throw starts at its lane's next 64-bit output <c>x</c> and reads 32-bit values from it low half first,
/// <c>(uint)x</c> then <c>(uint)(x &gt;&gt; 32)</c>, then from the next output in the same way, and so on.</item>
/// <item>Each die takes the next value <c>u</c>: <c>m = (ulong)u × sides</c>; the die shows <c>m &gt;&gt; 32</c> (counted from 0).
/// If <c>(uint)m &lt; (2^32 − sides) mod sides</c> the value is rejected and the die takes the next one (Lemire's method,
/// exact: no face is favoured).</item>
/// <item>Once the throw has all its dice, an unread high half of its last output is dropped, so every throw starts at a
/// fresh output (a throw of an odd number of dice drops one half when nothing was rejected).</item>
/// </list>
/// <para>The vector paths throw one throw in all eight lanes at once, assuming no rejection (probability below
/// sides / 2^32 per value). When any lane read a value it must reject, that step is thrown again lane by lane in scalar
/// code from the state it started with, which follows the rules above exactly.</para>
/// <para>Sums are counted without scatter conflicts: with up to 16 bins each lane sets one 8-bit field of two counters
/// of its own (<c>1 &lt;&lt; 8 × bin</c>), emptied into the histogram after at most 255 steps and at each rejection; with more bins the eight sums of a
/// step are added one after another.</para>
/// </remarks>
public static partial class VectorDice
{
    /// <summary>Generators per chunk.</summary>
    public const int Lanes = 8;

    // one-hot counting: 8-bit fields in two 64-bit counters per lane, emptied before a field can overflow
    private const int FieldBits = 8;
    private const int FieldsPerCounter = 64 / FieldBits;
    private const int OneHotBins = 2 * FieldsPerCounter;
    private const int StepsPerFlush = (1 << FieldBits) - 1;

    /// <summary>The path this process takes: the widest one the runtime accelerates on this machine.</summary>
    /// <remarks>The runtime's switches can narrow it: <c>DOTNET_EnableAVX512=0</c> gives <see cref="VectorPath.Vector256"/>,
    /// <c>DOTNET_EnableHWIntrinsic=0</c> gives <see cref="VectorPath.Scalar"/>.</remarks>
    public static VectorPath Path { get; } =
        IsSupported(VectorPath.Vector512) ? VectorPath.Vector512 : IsSupported(VectorPath.Vector256) ? VectorPath.Vector256 : VectorPath.Scalar;

    /// <summary>Whether <paramref name="path"/> can run in this process.</summary>
    public static bool IsSupported(VectorPath path) => path switch
    {
        VectorPath.Scalar => true,
        VectorPath.Vector256 => Vector256.IsHardwareAccelerated && Avx2.IsSupported,
        VectorPath.Vector512 => Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
        _ => false,
    };

    /// <summary>Lemire's rejection threshold for 32-bit values: <c>(2^32 − sides) mod sides</c>.</summary>
    public static uint Threshold(uint sides) => (0u - sides) % sides;

    /// <summary>Adds the sums of chunk <paramref name="chunkIndex"/> of <paramref name="job"/> into <paramref name="counts"/> on <see cref="Path"/>.</summary>
    public static void RollChunk(DiceJob job, long chunkIndex, Span<long> counts) => RollChunk(job, chunkIndex, counts, Path);

    /// <summary>Adds the sums of chunk <paramref name="chunkIndex"/> of <paramref name="job"/> into <paramref name="counts"/> on <paramref name="path"/>.</summary>
    /// <exception cref="PlatformNotSupportedException"><paramref name="path"/> cannot run here (<see cref="IsSupported"/>).</exception>
    public static void RollChunk(DiceJob job, long chunkIndex, Span<long> counts, VectorPath path)
    {
        ArgumentNullException.ThrowIfNull(job);
        RollChunk(job, chunkIndex, counts, path, Threshold((uint)job.Sides));
    }

    /// <summary>As the public overload, with a rejection threshold of the caller's choosing: tests raise it so that rejections are frequent.</summary>
    internal static void RollChunk(DiceJob job, long chunkIndex, Span<long> counts, VectorPath path, uint threshold)
    {
        if (counts.Length != job.BinCount)
            throw new ArgumentException($"expected {job.BinCount} bins, got {counts.Length}.", nameof(counts));
        if (!IsSupported(path))
            throw new PlatformNotSupportedException($"the {path} path of the vector kernel cannot run on this machine.");
        int throws = job.ThrowsInChunk(chunkIndex);

        // the eight generators' states, s0 of lanes 0–7, then s1, s2 and s3: one Vector512 or two Vector256 each
        Span<ulong> state = stackalloc ulong[4 * Lanes];
        for (int lane = 0; lane < Lanes; lane++)
            StoreLane(state, lane, Xoshiro256StarStar.ForChunkLane(job.Seed, chunkIndex, lane));

        var dice = new DiceSpec(job.Dice, (uint)job.Sides, threshold);
        int steps = throws / Lanes;
        switch (path)
        {
            case VectorPath.Vector512:
                Steps512(state, steps, dice, counts);
                break;
            case VectorPath.Vector256:
                Steps256(state, steps, dice, counts);
                break;
            default:
                StepsScalar(state, steps, dice, counts);
                break;
        }
        for (int lane = 0; lane < throws % Lanes; lane++)
        {
            var rng = LoadLane(state, lane);
            counts[Throw(ref rng, dice)]++;
        }
    }

    /// <summary>The dice of a job as the kernel reads them; <see cref="Threshold"/> is Lemire's unless a test raised it.</summary>
    private readonly record struct DiceSpec(int Count, uint Sides, uint Threshold);

    /// <summary>One throw of one lane, as the stream defines it; returns the sum of the faces counted from 0 (the bin).</summary>
    private static int Throw(ref Xoshiro256StarStar rng, DiceSpec dice)
    {
        int sum = 0, thrown = 0;
        while (true)
        {
            ulong x = rng.NextUInt64();
            ulong m = (ulong)(uint)x * dice.Sides;
            if ((uint)m >= dice.Threshold)
            {
                sum += (int)(m >> 32);
                if (++thrown == dice.Count)
                    return sum;
            }
            m = (x >> 32) * dice.Sides;
            if ((uint)m >= dice.Threshold)
            {
                sum += (int)(m >> 32);
                if (++thrown == dice.Count)
                    return sum;
            }
        }
    }

    private static void StepsScalar(Span<ulong> state, int steps, DiceSpec dice, Span<long> counts)
    {
        for (int lane = 0; lane < Lanes; lane++)
        {
            var rng = LoadLane(state, lane);
            for (int step = 0; step < steps; step++)
                counts[Throw(ref rng, dice)]++;
            StoreLane(state, lane, rng);
        }
    }

    /// <summary>Throws one step in every lane in scalar code, from the state in <paramref name="state"/>: the vector paths' way out when a lane rejected a value.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RedoStep(Span<ulong> state, DiceSpec dice, Span<long> counts) => StepsScalar(state, 1, dice, counts);

    private static Xoshiro256StarStar LoadLane(ReadOnlySpan<ulong> state, int lane) =>
        Xoshiro256StarStar.FromState(state[lane], state[Lanes + lane], state[(2 * Lanes) + lane], state[(3 * Lanes) + lane]);

    private static void StoreLane(Span<ulong> state, int lane, Xoshiro256StarStar rng)
    {
        var (s0, s1, s2, s3) = rng;
        state[lane] = s0;
        state[Lanes + lane] = s1;
        state[(2 * Lanes) + lane] = s2;
        state[(3 * Lanes) + lane] = s3;
    }

    /// <summary>Adds the 8-bit fields of one-hot counters into bins <paramref name="firstBin"/> onwards.</summary>
    private static void Flush(ReadOnlySpan<ulong> counters, int firstBin, Span<long> counts)
    {
        int fields = Math.Min(FieldsPerCounter, counts.Length - firstBin);
        foreach (ulong counter in counters)
        {
            for (int field = 0; field < fields; field++)
                counts[firstBin + field] += (long)((counter >> (field * FieldBits)) & ((1UL << FieldBits) - 1));
        }
    }
}
