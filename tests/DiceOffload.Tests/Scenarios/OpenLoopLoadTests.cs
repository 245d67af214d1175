using DiceOffload.Bench.Scenarios;

namespace DiceOffload.Tests.Scenarios;

/// <summary>The load generator's arithmetic on a fake clock: latencies run from the intended send time.</summary>
public sealed class OpenLoopLoadTests
{
    /// <summary>Virtual time: it moves only when the generator waits, and then answers what the fake server has due.</summary>
    private sealed class FakeClock(double lateAtMs, double lagMs) : ILoadClock
    {
        private readonly List<(double At, TaskCompletionSource<bool> Answer)> _pending = [];

        public double NowMs { get; private set; }

        public Task DelayUntilAsync(double ms, CancellationToken cancellationToken)
        {
            // the generator oversleeps once, by lagMs, at the request due at lateAtMs
            double until = ms == lateAtMs ? ms + lagMs : ms;
            foreach (var (at, answer) in _pending.Where(p => p.At <= until).OrderBy(p => p.At).ToList())
            {
                NowMs = Math.Max(NowMs, at);
                _pending.RemoveAll(p => p.Answer == answer);
                answer.SetResult(true);
            }
            NowMs = Math.Max(NowMs, until);
            return Task.CompletedTask;
        }

        /// <summary>A server stalled until <paramref name="stallEndMs"/>: what arrives before is answered then, the rest at once.</summary>
        public Task<bool> Send(double stallEndMs)
        {
            if (NowMs >= stallEndMs)
                return Task.FromResult(true);
            var answer = new TaskCompletionSource<bool>(TaskCreationOptions.None);
            _pending.Add((stallEndMs, answer));
            return answer.Task;
        }
    }

    [Fact]
    public async Task Latency_RunsFromTheIntendedSendTime_NotFromWhenTheRequestLeft()
    {
        // 1,000 requests a second for 20 ms: due at 0, 1, …, 19 ms; the server stalls until 10 ms; the request due at
        // 5 ms leaves 0.5 ms late
        var clock = new FakeClock(lateAtMs: 5, lagMs: 0.5);
        var load = new OpenLoopLoad(_ => clock.Send(stallEndMs: 10), 1000, TimeSpan.FromMilliseconds(20), clock);

        var samples = await load.RunAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(20, samples.Count);
        Assert.Equal([.. Enumerable.Range(0, 20).Select(i => (double)i)], samples.Select(s => s.IntendedMs));
        // stalled requests wait for the stall's end, counted from when they were due: 10, 9, …, 1 ms
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => 10.0 - i)], samples.Take(10).Select(s => s.LatencyMs));
        Assert.Equal(0.5, samples[5].SendLagMs);
        Assert.Equal(5, samples[5].LatencyMs);   // not 4.5: the generator's own lateness is part of what a user waits
        Assert.All(samples.Skip(10), s => Assert.Equal(0, s.LatencyMs));
        Assert.All(samples, s => Assert.True(s.Ok));
    }

    [Fact]
    public async Task Schedule_KeepsSendingWhileTheServerDoesNotAnswer()
    {
        // a closed-loop client would send one request and wait; the open loop sends all 20 during the stall
        var clock = new FakeClock(lateAtMs: -1, lagMs: 0);
        int sent = 0;
        var load = new OpenLoopLoad(_ => { sent++; return clock.Send(stallEndMs: 19); }, 1000, TimeSpan.FromMilliseconds(20), clock);

        var samples = await load.RunAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(20, sent);
        Assert.Equal(19, samples[0].LatencyMs);
    }

    [Fact]
    public async Task FailedRequest_CountsAsAnErrorWithItsLatency()
    {
        var clock = new FakeClock(lateAtMs: -1, lagMs: 0);
        var load = new OpenLoopLoad(_ => throw new HttpRequestException("refused"), 1000, TimeSpan.FromMilliseconds(3), clock);

        var samples = await load.RunAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(3, samples.Count);
        Assert.All(samples, s => Assert.False(s.Ok));
    }
}
