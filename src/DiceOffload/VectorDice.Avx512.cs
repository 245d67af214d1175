using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiceOffload;

// the Vector512 path (AVX-512): all eight lanes in one register
public static partial class VectorDice
{
    private static void Steps512(Span<ulong> state, int steps, DiceSpec dice, Span<long> counts)
    {
        ref ulong s = ref MemoryMarshal.GetReference(state);
        // as 32-bit lanes: sides and the threshold in the even ones (the low halves of the products), 0 in the odd ones
        var sides = Vector512.Create((ulong)dice.Sides).AsUInt32();
        var threshold = Vector512.Create((ulong)dice.Threshold).AsUInt32();
        bool oneHot = counts.Length <= OneHotBins;
        int pairs = dice.Count / 2;
        bool odd = (dice.Count & 1) != 0;
        Span<ulong> scratch = stackalloc ulong[2 * Lanes];
        // Batches of at most StepsPerFlush steps whose loop calls nothing: the counters are flushed, and a rejected step
        // redone, between batches. A call inside the loop made the JIT keep the one-hot counters in their stack slots
        // across every step (all vector registers are the caller's to save on Unix x64), and a 64-byte slot that the
        // stack's position left across two cache lines made a process 1.8x slower than another with the same code.
        // The generators' states are in registers for a batch and in `state` between batches, where RedoStep reads them.
        for (int step = 0; step < steps;)
        {
            var s0 = Vector512.LoadUnsafe(ref s, 0);
            var s1 = Vector512.LoadUnsafe(ref s, Lanes);
            var s2 = Vector512.LoadUnsafe(ref s, 2 * Lanes);
            var s3 = Vector512.LoadUnsafe(ref s, 3 * Lanes);
            int batchEnd = Math.Min(steps, step + StepsPerFlush);
            var low = Vector512<ulong>.Zero;
            var high = Vector512<ulong>.Zero;
            bool rejected = false;
            for (; step < batchEnd; step++)
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
                    // redone lane by lane after the batch, from the states before it
                    (s0, s1, s2, s3) = (o0, o1, o2, o3);
                    rejected = true;
                    break;
                }
                var bins = faces.AsUInt64() >>> 32;
                if (oneHot)
                {
                    // a shift of 64 or more gives 0, so each counter only takes the bins of its fields
                    var shift = bins << 3;
                    low += Avx512F.ShiftLeftLogicalVariable(Vector512<ulong>.One, shift);
                    high += Avx512F.ShiftLeftLogicalVariable(Vector512<ulong>.One, shift - Vector512.Create(64UL));
                }
                else
                {
                    bins.StoreUnsafe(ref MemoryMarshal.GetReference(scratch));
                    foreach (ulong bin in scratch[..Lanes])
                        counts[(int)bin]++;
                }
            }
            s0.StoreUnsafe(ref s, 0);
            s1.StoreUnsafe(ref s, Lanes);
            s2.StoreUnsafe(ref s, 2 * Lanes);
            s3.StoreUnsafe(ref s, 3 * Lanes);
            if (oneHot)
                Flush512(low, high, scratch, counts);
            if (rejected)
            {
                RedoStep(state, dice, counts);
                step++;
            }
        }
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
}
