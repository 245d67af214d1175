using System.Numerics;
using System.Runtime.CompilerServices;

namespace DiceOffload;

/// <summary>
/// xoshiro256** (Blackman and Vigna): a small, fast generator with 256 bits of state, seeded through SplitMix64.
/// </summary>
/// <remarks>
/// A mutable struct on purpose: the dice loop keeps it in registers, with no allocation and no virtual call per draw.
/// <see cref="System.Random"/> is not used because its algorithm and seeding are not guaranteed across .NET versions,
/// and every strategy must reproduce the same draws.
/// </remarks>
public struct Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>The generator for chunk <paramref name="chunkIndex"/> of a job seeded with <paramref name="seed"/>.</summary>
    public static Xoshiro256StarStar ForChunk(ulong seed, long chunkIndex)
    {
        // Mixing the seed and the index separately keeps (seed, i) and (seed + 1, i - 1) apart.
        ulong state = SplitMix64.Mix(seed) ^ SplitMix64.Mix(unchecked((ulong)chunkIndex + 0x632BE59BD9B4E019UL));
        var rng = default(Xoshiro256StarStar);
        rng._s0 = SplitMix64.Next(ref state);
        rng._s1 = SplitMix64.Next(ref state);
        rng._s2 = SplitMix64.Next(ref state);
        rng._s3 = SplitMix64.Next(ref state);
        return rng;
    }

    /// <summary>The generator of lane <paramref name="lane"/> of chunk <paramref name="chunkIndex"/>, for the vector kernel (<see cref="VectorDice"/>).</summary>
    /// <remarks>The chunk's own seed mixed with the lane's, whose constant differs from the chunk's: no lane replays the scalar kernel's stream.</remarks>
    public static Xoshiro256StarStar ForChunkLane(ulong seed, long chunkIndex, int lane)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lane);
        ulong state = SplitMix64.Mix(seed) ^ SplitMix64.Mix(unchecked((ulong)chunkIndex + 0x632BE59BD9B4E019UL))
            ^ SplitMix64.Mix(unchecked((ulong)lane + 0xD1B54A32D192ED03UL));
        var rng = default(Xoshiro256StarStar);
        rng._s0 = SplitMix64.Next(ref state);
        rng._s1 = SplitMix64.Next(ref state);
        rng._s2 = SplitMix64.Next(ref state);
        rng._s3 = SplitMix64.Next(ref state);
        return rng;
    }

    /// <summary>A generator with the given raw state (not all zero), for checking against the reference implementation.</summary>
    public static Xoshiro256StarStar FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
            throw new ArgumentException("xoshiro256** state must not be all zero.");
        return new Xoshiro256StarStar { _s0 = s0, _s1 = s1, _s2 = s2, _s3 = s3 };
    }

    /// <summary>The raw state, for loading the generator into a lane of a vector register.</summary>
    public readonly void Deconstruct(out ulong s0, out ulong s1, out ulong s2, out ulong s3)
    {
        s0 = _s0;
        s1 = _s1;
        s2 = _s2;
        s3 = _s3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }
}

/// <summary>SplitMix64 (Steele, Lea and Flood), used only to expand a seed into generator state.</summary>
public static class SplitMix64
{
    public static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
