namespace DiceOffload.Bench;

/// <summary>The worker counts the study compares.</summary>
public static class StudyWorkers
{
    /// <summary>1 answers "offload" (the caller is free, the work is not faster); every core answers "parallelize".</summary>
    public static IReadOnlyList<int> OffloadAndParallel { get; } = [.. new[] { 1, Environment.ProcessorCount }.Distinct()];

    /// <summary>1 to twice the cores: past the core count, more workers can only add overhead.</summary>
    public static IReadOnlyList<int> UpToTwiceTheCores { get; } = [.. Enumerable.Range(1, 2 * Environment.ProcessorCount)];

    public static IReadOnlyList<int> AllCores { get; } = [Environment.ProcessorCount];
}
