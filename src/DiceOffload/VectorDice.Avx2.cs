using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiceOffload;

// the Vector256 path (AVX2): lanes 0–3 and 4–7 in two registers each
public static partial class VectorDice
{
    private static void Steps256(Span<ulong> state, int steps, DiceSpec dice, Span<long> counts)
    {
        ref ulong s = ref MemoryMarshal.GetReference(state);
        var sides = Vector256.Create((ulong)dice.Sides).AsUInt32();
        var threshold = Vector256.Create((ulong)dice.Threshold).AsUInt32();
        bool oneHot = counts.Length <= OneHotBins;
        int pairs = dice.Count / 2;
        bool odd = (dice.Count & 1) != 0;
        Span<ulong> scratch = stackalloc ulong[2 * Lanes];
        // batches whose loop calls nothing, with the states in registers for a batch, as in Steps512: lanes 0–3 in the
        // "a" registers, 4–7 in the "b" ones
        for (int step = 0; step < steps;)
        {
            var a0 = Vector256.LoadUnsafe(ref s, 0);
            var b0 = Vector256.LoadUnsafe(ref s, 4);
            var a1 = Vector256.LoadUnsafe(ref s, Lanes);
            var b1 = Vector256.LoadUnsafe(ref s, Lanes + 4);
            var a2 = Vector256.LoadUnsafe(ref s, 2 * Lanes);
            var b2 = Vector256.LoadUnsafe(ref s, (2 * Lanes) + 4);
            var a3 = Vector256.LoadUnsafe(ref s, 3 * Lanes);
            var b3 = Vector256.LoadUnsafe(ref s, (3 * Lanes) + 4);
            int batchEnd = Math.Min(steps, step + StepsPerFlush);
            var lowA = Vector256<ulong>.Zero;
            var highA = Vector256<ulong>.Zero;
            var lowB = Vector256<ulong>.Zero;
            var highB = Vector256<ulong>.Zero;
            bool rejected = false;
            for (; step < batchEnd; step++)
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
                    // redone lane by lane after the batch, from the states before it
                    (a0, a1, a2, a3) = (oa0, oa1, oa2, oa3);
                    (b0, b1, b2, b3) = (ob0, ob1, ob2, ob3);
                    rejected = true;
                    break;
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
                }
                else
                {
                    binsA.StoreUnsafe(ref MemoryMarshal.GetReference(scratch));
                    binsB.StoreUnsafe(ref MemoryMarshal.GetReference(scratch), 4);
                    foreach (ulong bin in scratch[..Lanes])
                        counts[(int)bin]++;
                }
            }
            a0.StoreUnsafe(ref s, 0);
            b0.StoreUnsafe(ref s, 4);
            a1.StoreUnsafe(ref s, Lanes);
            b1.StoreUnsafe(ref s, Lanes + 4);
            a2.StoreUnsafe(ref s, 2 * Lanes);
            b2.StoreUnsafe(ref s, (2 * Lanes) + 4);
            a3.StoreUnsafe(ref s, 3 * Lanes);
            b3.StoreUnsafe(ref s, (3 * Lanes) + 4);
            if (oneHot)
                Flush256(lowA, lowB, highA, highB, scratch, counts);
            if (rejected)
            {
                RedoStep(state, dice, counts);
                step++;
            }
        }
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
