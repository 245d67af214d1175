namespace DiceOffload.Bench;

/// <summary>The worker counts the study compares.</summary>
public static class StudyWorkers
{
    /// <summary>1 answers "offload" (the caller is free, the work is not faster); every core answers "parallelize".</summary>
    public static IReadOnlyList<int> OffloadAndParallel { get; } = [.. new[] { 1, Environment.ProcessorCount }.Distinct()];

    /// <summary>1 to twice the cores by doublings, with the core count itself: past the core count, more workers can only
    /// add overhead. On 2 cores 1, 2 and 4; on 16, 1 to 32 in seven cases rather than 32.</summary>
    public static IReadOnlyList<int> UpToTwiceTheCores { get; } = Doublings(Environment.ProcessorCount);

    /// <summary>Every count from 1 to 4 that the cores allow (a scalability fit needs three counts above one, so a
    /// four-core machine keeps 2, 3 and 4), then doublings below <paramref name="cores"/>, the cores and twice them.</summary>
    public static IReadOnlyList<int> Doublings(int cores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        var counts = new SortedSet<int>(Enumerable.Range(1, Math.Min(cores, 4)));
        for (int n = 1; n < cores; n *= 2)
            counts.Add(n);
        counts.Add(cores);
        counts.Add(2 * cores);
        return [.. counts];
    }

    public static IReadOnlyList<int> AllCores { get; } = [Environment.ProcessorCount];
}
