using System.Runtime.Intrinsics;

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
