namespace DiceOffload.ResultFiles;

/// <summary>
/// The experiments as BenchmarkDotNet's exports name them: each a benchmark class of the study (the export's
/// <c>Type</c>) and its methods. Benchmark names are permanent ids (the regression check and the stability reruns key
/// on them), so the report finds them here, and a test holds this list against the benchmark classes themselves.
/// </summary>
public static class Experiments
{
    public const string Throughput = "Throughput";
    public const string BreakEven = "BreakEven";
    public const string Dispatch = "Dispatch";
    public const string Scaling = "Scaling";
    public const string Transfer = "Transfer";
    public const string PriorityEffect = "PriorityEffect";
    public const string WorkerStartup = "WorkerStartup";
    public const string DynamicPgo = "DynamicPgo";

    /// <summary>Every benchmark class of the study.</summary>
    public static IReadOnlyList<string> All { get; } = [Throughput, BreakEven, Dispatch, Scaling, Transfer, PriorityEffect, WorkerStartup, DynamicPgo];

    /// <summary>The baseline method of every experiment but <see cref="WorkerStartup"/>: the loop on the calling thread.</summary>
    public const string Inline = "Inline";

    // WorkerStartup's methods, one per worker form; Dll is its baseline
    public const string Dll = "Dll";
    public const string AppHost = "AppHost";
    public const string Aot = "Aot";
}
