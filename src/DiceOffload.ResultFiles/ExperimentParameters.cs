namespace DiceOffload.ResultFiles;

/// <summary>The <c>[Params]</c> of the study's benchmark classes as the exports name them, and the values the report picks out.</summary>
public static class ExperimentParameters
{
    /// <summary>Throughput, BreakEven: the job's size.</summary>
    public const string Throws = "Throws";

    /// <summary>Throughput, Scaling: threads or processes per strategy.</summary>
    public const string Workers = "Workers";

    /// <summary>Throughput, BreakEven: the dice loop; a case without the parameter ran <see cref="ScalarKernel"/>.</summary>
    public const string Kernel = "Kernel";

    public const string ScalarKernel = "Scalar";
    public const string VectorKernel = "Vector";

    /// <summary>Transfer: the payload's size.</summary>
    public const string SizeBytes = "SizeBytes";

    /// <summary>PriorityEffect: the priorities the benchmark process runs under.</summary>
    public const string Priority = "Priority";

    /// <summary>As BenchmarkDotNet raised them.</summary>
    public const string RaisedPriority = "BenchmarkDotNet";

    /// <summary>Reset to normal, the study's policy.</summary>
    public const string NormalPriority = "Normal";

    /// <summary>Every parameter of the study's benchmark classes.</summary>
    public static IReadOnlyList<string> All { get; } = [Throws, Workers, Kernel, SizeBytes, Priority];
}
