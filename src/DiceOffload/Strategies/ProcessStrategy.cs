using DiceOffload.Processes;

namespace DiceOffload.Strategies;

/// <summary>
/// Separate OS processes, one per worker, each started for the job: the article's <c>child_process.spawn</c>.
/// The job goes in as arguments, the histogram comes back over stdout (<see cref="WorkerProtocol"/>).
/// </summary>
/// <remarks>Process start-up is part of every run; cancellation kills the workers.</remarks>
public sealed class ProcessStrategy(WorkerLaunch? worker = null) : IDiceStrategy
{
    /// <summary>This strategy in the catalog.</summary>
    public static StrategyEntry Entry { get; } = new(
        "process",
        "Process",
        "#8c564b",
        new StrategyFeatures("yes", "with one process per core", "no: arguments in, histogram out over a pipe", "the processes are stopped (stdin closed, killed after 0.5 s), at any moment", "the job fails with the worker's exit code and stderr; the other workers are killed; the caller carries on"),
        options => new ProcessStrategy(options.Worker)) { StartsWorkerProcesses = true };

    public string Name => Entry.Name;

    public Task<string?> StartAsync(int workers, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public async Task<DiceHistogram> RunAsync(DiceJob job, int workers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var ranges = WorkerGang.Partition(job.ChunkCount, workers);
        var requests = ranges.Select(r => WorkerProtocol.RollArguments(job, r.FirstChunk, r.ChunkCount)).ToArray();
        var parts = await WorkerGang.RunAsync(
            worker ?? WorkerLaunch.Default,
            requests,
            (i, exit) => WorkerProtocol.ReadHistogram(exit.StandardOutput, job, job.ThrowsInChunks(ranges[i].FirstChunk, ranges[i].ChunkCount)),
            cancellationToken);
        var total = DiceHistogram.For(job);
        foreach (long[] part in parts)
            total.Add(part);
        return total;
    }
}
