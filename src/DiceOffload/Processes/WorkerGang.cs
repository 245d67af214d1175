using System.Runtime.ExceptionServices;

namespace DiceOffload.Processes;

/// <summary>Starts one worker process per request, waits for all of them, and stops the rest as soon as one fails.</summary>
internal static class WorkerGang
{
    /// <summary>Runs the workers and turns each one's exit into a result with <paramref name="readResult"/>.</summary>
    /// <exception cref="WorkerFailedException">A worker could not start, exited non-zero, or its answer was malformed.</exception>
    public static async Task<T[]> RunAsync<T>(
        WorkerLaunch launch,
        IReadOnlyList<IReadOnlyList<string>> requests,
        Func<int, WorkerExit, T> readResult,
        CancellationToken cancellationToken)
    {
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = new List<WorkerProcess>(requests.Count);
        try
        {
            for (int i = 0; i < requests.Count; i++)
                workers.Add(WorkerProcess.Start(launch, requests[i], $"worker {i + 1} of {requests.Count}"));

            return await WhenAllFirstHandAsync([.. workers.Select((worker, i) => WaitOneAsync(worker, i))], cancellationToken);
        }
        finally
        {
            foreach (var worker in workers)
                worker.Dispose();
        }

        async Task<T> WaitOneAsync(WorkerProcess worker, int index)
        {
            try
            {
                var exit = await worker.WaitAsync(failFast.Token);
                if (exit.ExitCode != 0)
                    throw new WorkerFailedException($"{worker.Label} exited with code {exit.ExitCode}: {WorkerFailedException.Quote(exit.StandardError)}");
                try
                {
                    return readResult(index, exit);
                }
                catch (FormatException ex)
                {
                    throw new WorkerFailedException($"{worker.Label} broke the worker protocol: {ex.Message}. stderr: {WorkerFailedException.Quote(exit.StandardError)}", ex);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await failFast.CancelAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Waits for every task of a group whose members stop the others when they fail; on failure rethrows the one that
    /// failed first-hand, not the ones stopped because of it (unless <paramref name="cancellationToken"/> stopped them all).
    /// </summary>
    public static async Task<T[]> WhenAllFirstHandAsync<T>(Task<T>[] tasks, CancellationToken cancellationToken)
    {
        try
        {
            return await Task.WhenAll(tasks);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault(e => e is not OperationCanceledException);
            if (failure is not null)
                ExceptionDispatchInfo.Throw(failure);
            throw;
        }
    }

    /// <summary>Cuts <paramref name="chunkCount"/> chunks into at most <paramref name="workers"/> contiguous, non-empty ranges.</summary>
    public static IReadOnlyList<(long FirstChunk, long ChunkCount)> Partition(long chunkCount, int workers)
    {
        int parts = (int)Math.Min(workers, chunkCount);
        var ranges = new (long, long)[parts];
        for (int i = 0; i < parts; i++)
        {
            long first = chunkCount * i / parts;
            long end = chunkCount * (i + 1) / parts;
            ranges[i] = (first, end - first);
        }
        return ranges;
    }
}
