using System.Diagnostics.CodeAnalysis;

namespace DiceOffload;

/// <summary>Which dice loop a job runs. The two draw different streams, so a histogram is reproducible for one kernel only.</summary>
public enum DiceKernel
{
    /// <summary>One xoshiro256** stream per chunk, a 64-bit Lemire draw per die (<see cref="DiceRoller"/>): the study's original kernel and the default.</summary>
    Scalar,

    /// <summary>Eight xoshiro256** lanes per chunk, two 32-bit Lemire draws per output, run in SIMD registers (<see cref="VectorDice"/>).</summary>
    Vector,
}

/// <summary>The kernels' names on command lines, in queries and on the wire.</summary>
public static class DiceKernels
{
    /// <summary>Every name, in the order help texts and errors list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["scalar", "vector"];

    public static string Name(this DiceKernel kernel) => kernel switch
    {
        DiceKernel.Scalar => "scalar",
        DiceKernel.Vector => "vector",
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "not a dice kernel."),
    };

    /// <summary>Reads a kernel's name, exactly as <see cref="Names"/> spells it.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out DiceKernel kernel)
    {
        switch (text)
        {
            case "scalar":
                kernel = DiceKernel.Scalar;
                return true;
            case "vector":
                kernel = DiceKernel.Vector;
                return true;
            default:
                kernel = default;
                return false;
        }
    }
}
