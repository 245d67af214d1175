using DiceOffload.Processes;

namespace DiceOffload.Strategies;

/// <summary>
/// Worker processes that add their counts straight into one memory-mapped histogram
/// (<see cref="SharedHistogramMap"/>): the article's <c>SharedArrayBuffer</c>. Nothing is serialized; the parent
/// reads the histogram out of the mapping once every worker has exited cleanly.
/// </summary>
/// <remarks>
/// The map's file lives in a private temporary folder (owner-only on Unix, see <see cref="TempFolders"/>) that is
/// deleted when the run ends, whether it succeeded, failed or was cancelled.
/// </remarks>
public sealed class SharedMemoryStrategy(WorkerLaunch? worker = null, string? tempRoot = null) : IDiceStrategy
{
    /// <summary>This strategy in the catalog.</summary>
    public static StrategyEntry Entry { get; } = new(
        "shared-memory",
        "SharedMemory",
        "#e377c2",
        new StrategyFeatures("yes", "with one process per core", "only the mapped histogram", "the processes are stopped (stdin closed, killed after 0.5 s) and the map deleted, at any moment", "the job fails with the worker's exit code and stderr (its partial counts are discarded with the map); the caller carries on"),
        options => new SharedMemoryStrategy(options.Worker)) { StartsWorkerProcesses = true };

    public string Name => Entry.Name;

    public Task<string?> StartAsync(int workers, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public async Task<DiceHistogram> RunAsync(DiceJob job, int workers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var folder = TempFolders.CreatePrivate("dice-offload-", tempRoot);
        try
        {
            string mapPath = Path.Combine(folder.FullName, "histogram.map");
            using var map = SharedHistogramMap.Create(mapPath, job.BinCount);
            var ranges = WorkerGang.Partition(job.ChunkCount, workers);
            var requests = ranges.Select(r => WorkerProtocol.SharedArguments(job, r.FirstChunk, r.ChunkCount, mapPath)).ToArray();
            await WorkerGang.RunAsync(worker ?? WorkerLaunch.Default, requests, (_, _) => true, cancellationToken);

            var histogram = new DiceHistogram(job.Dice, job.Sides, map.ReadCounts());
            if (histogram.Total != job.Throws)
                throw new WorkerFailedException($"the workers exited cleanly but the shared map counts {histogram.Total} throws, not {job.Throws}.");
            return histogram;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
