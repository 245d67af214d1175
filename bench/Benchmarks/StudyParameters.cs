namespace DiceOffload.Bench;

/// <summary>The seed of every job in the study, so every experiment throws the same dice.</summary>
public static class StudySeed
{
    public const ulong Value = 42;
}

/// <summary>The worker counts the study compares.</summary>
public static class StudyWorkers
{
    /// <summary>1 answers "offload" (the caller is free, the work is not faster); every core answers "parallelize".</summary>
    public static IReadOnlyList<int> OffloadAndParallel { get; } = [.. new[] { 1, Environment.ProcessorCount }.Distinct()];

    /// <summary>1 to twice the cores: past the core count, more workers can only add overhead.</summary>
    public static IReadOnlyList<int> UpToTwiceTheCores { get; } = [.. Enumerable.Range(1, 2 * Environment.ProcessorCount)];

    public static IReadOnlyList<int> AllCores { get; } = [Environment.ProcessorCount];
}

/// <summary>Benchmark categories, one per experiment (filter with <c>--anyCategories</c>).</summary>
public static class Categories
{
    public const string Throughput = "Throughput";
    public const string BreakEven = "BreakEven";
    public const string Dispatch = "Dispatch";
    public const string Scaling = "Scaling";
    public const string Transfer = "Transfer";
    public const string Priority = "Priority";
}
