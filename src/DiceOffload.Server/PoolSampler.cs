namespace DiceOffload.Server;

/// <summary>The thread pool's threads and queued work items every 10 ms, read on a dedicated thread so that a starved
/// pool is still sampled; <see cref="Take"/> hands over what was gathered and starts afresh.</summary>
public sealed class PoolSampler
{
    private readonly List<PoolSampleAt> _samples = [];

    /// <param name="AtUnixMs">Wall-clock time in Unix milliseconds, so that another process on the machine can line the samples up with its own.</param>
    public sealed record PoolSampleAt(double AtUnixMs, int Threads, long Queued);

    public static PoolSampler Start(CancellationToken stop)
    {
        var sampler = new PoolSampler();
        var thread = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var sample = new PoolSampleAt((DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds,
                    ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount);
                lock (sampler._samples)
                    sampler._samples.Add(sample);
                Thread.Sleep(10);
            }
        })
        { IsBackground = true, Name = "pool sampler" };
        thread.Start();
        return sampler;
    }

    public IReadOnlyList<PoolSampleAt> Take()
    {
        lock (_samples)
        {
            var taken = _samples.ToList();
            _samples.Clear();
            return taken;
        }
    }
}
