using System.Diagnostics;

namespace DiceOffload.Bench.Scenarios;

/// <summary>The time source of <see cref="OpenLoopLoad"/>: the stopwatch, or a fake one in tests.</summary>
internal interface ILoadClock
{
    /// <summary>Milliseconds since the clock started.</summary>
    double NowMs { get; }

    /// <summary>Returns at <paramref name="ms"/> or later.</summary>
    Task DelayUntilAsync(double ms, CancellationToken cancellationToken);
}

/// <summary>The stopwatch: sleeps whole milliseconds, rounded up, and never spins (a spinning generator would take
/// CPU from the server it measures on a small machine), so a request may leave a timer tick late; that lag is
/// measured (<see cref="LoadSample.SendLagMs"/>) and is part of every latency.</summary>
internal sealed class StopwatchClock : ILoadClock
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public double NowMs => _clock.Elapsed.TotalMilliseconds;

    public async Task DelayUntilAsync(double ms, CancellationToken cancellationToken)
    {
        double wait = ms - NowMs;
        if (wait > 0)
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait)), cancellationToken);
    }
}

/// <summary>One request of an open-loop run.</summary>
/// <param name="IntendedMs">When the schedule said to send it, from the run's start.</param>
/// <param name="SendLagMs">How late the generator actually sent it: the instrument's own delay.</param>
/// <param name="LatencyMs">From the intended send time to the answer: a stalled server cannot hide its stall.</param>
/// <param name="Ok">A 2xx answer; false for an error status, a refused connection or a timeout.</param>
internal sealed record LoadSample(double IntendedMs, double SendLagMs, double LatencyMs, bool Ok);

/// <summary>
/// An open-loop load generator: request <c>i</c> is due at <c>i / rate</c> from the start and is sent then, whether or
/// not earlier requests have been answered, and its latency runs from that intended time, not from when it left. A
/// closed-loop client that waits for each answer before the next request sends nothing while the server stalls, and
/// so never measures the stall (coordinated omission); this one keeps to its schedule.
/// </summary>
internal sealed class OpenLoopLoad(Func<CancellationToken, Task<bool>> send, double ratePerSecond, TimeSpan duration, ILoadClock clock)
{
    /// <summary>Sends every request of the schedule and waits for all answers (or <paramref name="requestTimeout"/> each).</summary>
    public async Task<IReadOnlyList<LoadSample>> RunAsync(TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        int count = (int)Math.Round(ratePerSecond * duration.TotalSeconds);
        double interval = 1000 / ratePerSecond;
        double start = clock.NowMs;
        var requests = new List<Task<LoadSample>>(count);
        for (int i = 0; i < count; i++)
        {
            double intended = start + i * interval;
            await clock.DelayUntilAsync(intended, cancellationToken);
            requests.Add(SendAsync(intended, start, requestTimeout, cancellationToken));
        }
        return await Task.WhenAll(requests);
    }

    private async Task<LoadSample> SendAsync(double intended, double start, TimeSpan timeout, CancellationToken cancellationToken)
    {
        double lag = clock.NowMs - intended;
        bool ok;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            ok = await send(limit.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            ok = false;
        }
        // from the intended send time: the generator's lag and the server's whole delay
        return new LoadSample(intended - start, lag, clock.NowMs - intended, ok);
    }
}
