using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiceOffload;

/// <summary>How the vector kernel runs on this machine. Every path yields the same histogram.</summary>
public enum VectorPath
{
    /// <summary>The eight lanes one after another in scalar code: the stream's reference, and the fallback without SIMD.</summary>
    Scalar,

    /// <summary>Lanes 0–3 and 4–7 in two <see cref="Vector256{T}"/> registers (AVX2).</summary>
    Vector256,

    /// <summary>All eight lanes in one <see cref="Vector512{T}"/> register (AVX-512).</summary>
    Vector512,
}

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
/// of its own (<c>1 &lt;&lt; 8 × bin</c>), emptied into the histogram every 255 steps; with more bins the eight sums of a
/// step are added one after another.</para>
/// </remarks>
public static class VectorDice
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

    private static void Steps512(Span<ulong> state, int steps, DiceSpec dice, Span<long> counts)
    {
        ref ulong s = ref MemoryMarshal.GetReference(state);
        var s0 = Vector512.LoadUnsafe(ref s, 0);
        var s1 = Vector512.LoadUnsafe(ref s, Lanes);
        var s2 = Vector512.LoadUnsafe(ref s, 2 * Lanes);
        var s3 = Vector512.LoadUnsafe(ref s, 3 * Lanes);
        // as 32-bit lanes: sides and the threshold in the even ones (the low halves of the products), 0 in the odd ones
        var sides = Vector512.Create((ulong)dice.Sides).AsUInt32();
        var threshold = Vector512.Create((ulong)dice.Threshold).AsUInt32();
        bool oneHot = counts.Length <= OneHotBins;
        var low = Vector512<ulong>.Zero;
        var high = Vector512<ulong>.Zero;
        int sinceFlush = 0;
        int pairs = dice.Count / 2;
        bool odd = (dice.Count & 1) != 0;
        Span<ulong> scratch = stackalloc ulong[2 * Lanes];
        for (int step = 0; step < steps; step++)
        {
            var (o0, o1, o2, o3) = (s0, s1, s2, s3);
            // 32-bit lanes of the products: the odd ones add up the faces, the even ones keep the smallest low half
            Vector512<uint> faces, smallest;
            {
                // the first pair of dice (or the only die) starts the sums
                var x = Next(ref s0, ref s1, ref s2, ref s3);
                var a = Avx512F.Multiply(x.AsUInt32(), sides).AsUInt32();
                if (pairs == 0)
                {
                    faces = a;
                    smallest = a;
                }
                else
                {
                    var b = Avx512F.Multiply((x >>> 32).AsUInt32(), sides).AsUInt32();
                    faces = a + b;
                    smallest = Vector512.Min(a, b);
                }
            }
            for (int pair = 1; pair < pairs; pair++)
            {
                var x = Next(ref s0, ref s1, ref s2, ref s3);
                var a = Avx512F.Multiply(x.AsUInt32(), sides).AsUInt32();
                var b = Avx512F.Multiply((x >>> 32).AsUInt32(), sides).AsUInt32();
                faces += a + b;
                smallest = Vector512.Min(smallest, Vector512.Min(a, b));
            }
            if (odd && pairs > 0)
            {
                var a = Avx512F.Multiply(Next(ref s0, ref s1, ref s2, ref s3).AsUInt32(), sides).AsUInt32();
                faces += a;
                smallest = Vector512.Min(smallest, a);
            }
            if (Vector512.LessThanAny(smallest, threshold))
            {
                o0.StoreUnsafe(ref s, 0);
                o1.StoreUnsafe(ref s, Lanes);
                o2.StoreUnsafe(ref s, 2 * Lanes);
                o3.StoreUnsafe(ref s, 3 * Lanes);
                RedoStep(state, dice, counts);
                s0 = Vector512.LoadUnsafe(ref s, 0);
                s1 = Vector512.LoadUnsafe(ref s, Lanes);
                s2 = Vector512.LoadUnsafe(ref s, 2 * Lanes);
                s3 = Vector512.LoadUnsafe(ref s, 3 * Lanes);
                continue;
            }
            var bins = faces.AsUInt64() >>> 32;
            if (oneHot)
            {
                // a shift of 64 or more gives 0, so each counter only takes the bins of its fields
                var shift = bins << 3;
                low += Avx512F.ShiftLeftLogicalVariable(Vector512<ulong>.One, shift);
                high += Avx512F.ShiftLeftLogicalVariable(Vector512<ulong>.One, shift - Vector512.Create(64UL));
                if (++sinceFlush == StepsPerFlush)
                {
                    Flush512(low, high, scratch, counts);
                    (low, high, sinceFlush) = (Vector512<ulong>.Zero, Vector512<ulong>.Zero, 0);
                }
            }
            else
            {
                bins.StoreUnsafe(ref MemoryMarshal.GetReference(scratch));
                foreach (ulong bin in scratch[..Lanes])
                    counts[(int)bin]++;
            }
        }
        if (oneHot)
            Flush512(low, high, scratch, counts);
        s0.StoreUnsafe(ref s, 0);
        s1.StoreUnsafe(ref s, Lanes);
        s2.StoreUnsafe(ref s, 2 * Lanes);
        s3.StoreUnsafe(ref s, 3 * Lanes);
    }

    private static void Flush512(Vector512<ulong> low, Vector512<ulong> high, Span<ulong> scratch, Span<long> counts)
    {
        low.StoreUnsafe(ref MemoryMarshal.GetReference(scratch));
        high.StoreUnsafe(ref MemoryMarshal.GetReference(scratch), Lanes);
        Flush(scratch[..Lanes], 0, counts);
        if (counts.Length > FieldsPerCounter)
            Flush(scratch[Lanes..], FieldsPerCounter, counts);
    }

    /// <summary>xoshiro256** in eight lanes; × 5 and × 9 as shift-and-add, so no 64-bit vector multiply is needed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Next(ref Vector512<ulong> s0, ref Vector512<ulong> s1, ref Vector512<ulong> s2, ref Vector512<ulong> s3)
    {
        var r = Avx512F.RotateLeft((s1 << 2) + s1, 7);
        r = (r << 3) + r;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Avx512F.RotateLeft(s3, 45);
        return r;
    }

    private static void Steps256(Span<ulong> state, int steps, DiceSpec dice, Span<long> counts)
    {
        // lanes 0–3 in the "a" registers, 4–7 in the "b" ones
        ref ulong s = ref MemoryMarshal.GetReference(state);
        var a0 = Vector256.LoadUnsafe(ref s, 0);
        var b0 = Vector256.LoadUnsafe(ref s, 4);
        var a1 = Vector256.LoadUnsafe(ref s, Lanes);
        var b1 = Vector256.LoadUnsafe(ref s, Lanes + 4);
        var a2 = Vector256.LoadUnsafe(ref s, 2 * Lanes);
        var b2 = Vector256.LoadUnsafe(ref s, (2 * Lanes) + 4);
        var a3 = Vector256.LoadUnsafe(ref s, 3 * Lanes);
        var b3 = Vector256.LoadUnsafe(ref s, (3 * Lanes) + 4);
        var sides = Vector256.Create((ulong)dice.Sides).AsUInt32();
        var threshold = Vector256.Create((ulong)dice.Threshold).AsUInt32();
        bool oneHot = counts.Length <= OneHotBins;
        var lowA = Vector256<ulong>.Zero;
        var highA = Vector256<ulong>.Zero;
        var lowB = Vector256<ulong>.Zero;
        var highB = Vector256<ulong>.Zero;
        int sinceFlush = 0;
        int pairs = dice.Count / 2;
        bool odd = (dice.Count & 1) != 0;
        Span<ulong> scratch = stackalloc ulong[2 * Lanes];
        for (int step = 0; step < steps; step++)
        {
            var (oa0, oa1, oa2, oa3) = (a0, a1, a2, a3);
            var (ob0, ob1, ob2, ob3) = (b0, b1, b2, b3);
            Vector256<uint> facesA, facesB, smallest;
            {
                var x = Next(ref a0, ref a1, ref a2, ref a3);
                var y = Next(ref b0, ref b1, ref b2, ref b3);
                var xa = Avx2.Multiply(x.AsUInt32(), sides).AsUInt32();
                var ya = Avx2.Multiply(y.AsUInt32(), sides).AsUInt32();
                if (pairs == 0)
                {
                    (facesA, facesB) = (xa, ya);
                    smallest = Vector256.Min(xa, ya);
                }
                else
                {
                    var xb = Avx2.Multiply((x >>> 32).AsUInt32(), sides).AsUInt32();
                    var yb = Avx2.Multiply((y >>> 32).AsUInt32(), sides).AsUInt32();
                    facesA = xa + xb;
                    facesB = ya + yb;
                    smallest = Vector256.Min(Vector256.Min(xa, xb), Vector256.Min(ya, yb));
                }
            }
            for (int pair = 1; pair < pairs; pair++)
            {
                var x = Next(ref a0, ref a1, ref a2, ref a3);
                var y = Next(ref b0, ref b1, ref b2, ref b3);
                var xa = Avx2.Multiply(x.AsUInt32(), sides).AsUInt32();
                var xb = Avx2.Multiply((x >>> 32).AsUInt32(), sides).AsUInt32();
                var ya = Avx2.Multiply(y.AsUInt32(), sides).AsUInt32();
                var yb = Avx2.Multiply((y >>> 32).AsUInt32(), sides).AsUInt32();
                facesA += xa + xb;
                facesB += ya + yb;
                smallest = Vector256.Min(smallest, Vector256.Min(Vector256.Min(xa, xb), Vector256.Min(ya, yb)));
            }
            if (odd && pairs > 0)
            {
                var xa = Avx2.Multiply(Next(ref a0, ref a1, ref a2, ref a3).AsUInt32(), sides).AsUInt32();
                var ya = Avx2.Multiply(Next(ref b0, ref b1, ref b2, ref b3).AsUInt32(), sides).AsUInt32();
                facesA += xa;
                facesB += ya;
                smallest = Vector256.Min(smallest, Vector256.Min(xa, ya));
            }
            if (Vector256.LessThanAny(smallest, threshold))
            {
                oa0.StoreUnsafe(ref s, 0);
                ob0.StoreUnsafe(ref s, 4);
                oa1.StoreUnsafe(ref s, Lanes);
                ob1.StoreUnsafe(ref s, Lanes + 4);
                oa2.StoreUnsafe(ref s, 2 * Lanes);
                ob2.StoreUnsafe(ref s, (2 * Lanes) + 4);
                oa3.StoreUnsafe(ref s, 3 * Lanes);
                ob3.StoreUnsafe(ref s, (3 * Lanes) + 4);
                RedoStep(state, dice, counts);
                a0 = Vector256.LoadUnsafe(ref s, 0);
                b0 = Vector256.LoadUnsafe(ref s, 4);
                a1 = Vector256.LoadUnsafe(ref s, Lanes);
                b1 = Vector256.LoadUnsafe(ref s, Lanes + 4);
                a2 = Vector256.LoadUnsafe(ref s, 2 * Lanes);
                b2 = Vector256.LoadUnsafe(ref s, (2 * Lanes) + 4);
                a3 = Vector256.LoadUnsafe(ref s, 3 * Lanes);
                b3 = Vector256.LoadUnsafe(ref s, (3 * Lanes) + 4);
                continue;
            }
            var binsA = facesA.AsUInt64() >>> 32;
            var binsB = facesB.AsUInt64() >>> 32;
            if (oneHot)
            {
                var shiftA = binsA << 3;
                var shiftB = binsB << 3;
                var sixtyFour = Vector256.Create(64UL);
                lowA += Avx2.ShiftLeftLogicalVariable(Vector256<ulong>.One, shiftA);
                highA += Avx2.ShiftLeftLogicalVariable(Vector256<ulong>.One, shiftA - sixtyFour);
                lowB += Avx2.ShiftLeftLogicalVariable(Vector256<ulong>.One, shiftB);
                highB += Avx2.ShiftLeftLogicalVariable(Vector256<ulong>.One, shiftB - sixtyFour);
                if (++sinceFlush == StepsPerFlush)
                {
                    Flush256(lowA, lowB, highA, highB, scratch, counts);
                    (lowA, lowB, highA, highB, sinceFlush) = (Vector256<ulong>.Zero, Vector256<ulong>.Zero, Vector256<ulong>.Zero, Vector256<ulong>.Zero, 0);
                }
            }
            else
            {
                binsA.StoreUnsafe(ref MemoryMarshal.GetReference(scratch));
                binsB.StoreUnsafe(ref MemoryMarshal.GetReference(scratch), 4);
                foreach (ulong bin in scratch[..Lanes])
                    counts[(int)bin]++;
            }
        }
        if (oneHot)
            Flush256(lowA, lowB, highA, highB, scratch, counts);
        a0.StoreUnsafe(ref s, 0);
        b0.StoreUnsafe(ref s, 4);
        a1.StoreUnsafe(ref s, Lanes);
        b1.StoreUnsafe(ref s, Lanes + 4);
        a2.StoreUnsafe(ref s, 2 * Lanes);
        b2.StoreUnsafe(ref s, (2 * Lanes) + 4);
        a3.StoreUnsafe(ref s, 3 * Lanes);
        b3.StoreUnsafe(ref s, (3 * Lanes) + 4);
    }

    private static void Flush256(Vector256<ulong> lowA, Vector256<ulong> lowB, Vector256<ulong> highA, Vector256<ulong> highB, Span<ulong> scratch, Span<long> counts)
    {
        ref ulong at = ref MemoryMarshal.GetReference(scratch);
        lowA.StoreUnsafe(ref at);
        lowB.StoreUnsafe(ref at, 4);
        highA.StoreUnsafe(ref at, Lanes);
        highB.StoreUnsafe(ref at, Lanes + 4);
        Flush(scratch[..Lanes], 0, counts);
        if (counts.Length > FieldsPerCounter)
            Flush(scratch[Lanes..], FieldsPerCounter, counts);
    }

    /// <summary>xoshiro256** in four lanes, as <see cref="Next(ref Vector512{ulong}, ref Vector512{ulong}, ref Vector512{ulong}, ref Vector512{ulong})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Next(ref Vector256<ulong> s0, ref Vector256<ulong> s1, ref Vector256<ulong> s2, ref Vector256<ulong> s3)
    {
        var five = (s1 << 2) + s1;
        // one instruction where AVX-512 is there (the path runs when only Vector512 is switched off); two shifts and an or on AVX2
        var r = Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(five, 7) : (five << 7) | (five >>> 57);
        r = (r << 3) + r;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(s3, 45) : (s3 << 45) | (s3 >>> 19);
        return r;
    }
}
