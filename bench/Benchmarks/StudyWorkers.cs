namespace DiceOffload.Bench;

/// <summary>The worker counts the study compares.</summary>
public static class StudyWorkers
{
    /// <summary>1 answers "offload" (the caller is free, the work is not faster); every core answers "parallelize".</summary>
    public static IReadOnlyList<int> OffloadAndParallel { get; } = [.. new[] { 1, Environment.ProcessorCount }.Distinct()];

    /// <summary>1 to twice the cores by doublings, with the core count itself: past the core count, more workers can only
    /// add overhead. On 2 cores 1, 2 and 4; on 16, 1 to 32 in six cases rather than 32.</summary>
    public static IReadOnlyList<int> UpToTwiceTheCores { get; } = Doublings(Environment.ProcessorCount);

    /// <summary>1, 2, 4 … below <paramref name="cores"/>, then the cores and twice the cores.</summary>
    public static IReadOnlyList<int> Doublings(int cores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        var counts = new List<int>();
        for (int n = 1; n < cores; n *= 2)
            counts.Add(n);
        return [.. counts, cores, 2 * cores];
    }

    public static IReadOnlyList<int> AllCores { get; } = [Environment.ProcessorCount];
}
