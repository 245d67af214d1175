using System.Text.Json;
using DiceOffload.Bench.Scenarios;
using DiceOffload.Bench.Scenarios.LoopWaits;
using DiceOffload.ResultFiles;

namespace DiceOffload.Tests.Scenarios;

public sealed class ResponsivenessScenarioTests
{
    [Fact]
    public async Task RunAsync_WritesTheDocumentedFormat()
    {
        // 3 ms at a given 1 ns a throw: 46 chunks, about 7 ms inline here, so several 1 ms heartbeats are missed while the loop is blocked
        var settings = new ScenarioSettings("test", TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(3), [1, 2], 2, 1000, TimeSpan.FromMilliseconds(1)).SizedFor(1.0);
        string folder = Directory.CreateTempSubdirectory("dice-scenario-").FullName;
        try
        {
            var result = await ResponsivenessScenario.RunAsync(settings, ["inline", "thread"], TextWriter.Null);
            string path = Path.Combine(folder, ResultsLayout.ResponsivenessFile);
            ScenarioFiles.Write(path, result);

            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var root = json.RootElement;
            Assert.Equal(2, root.GetProperty("schemaVersion").GetInt32());
            Assert.Equal(1, root.GetProperty("heartbeatIntervalMs").GetDouble());
            Assert.Equal(46 * 65_536, root.GetProperty("throws").GetInt64());
            var sizing = root.GetProperty("environment").GetProperty("sizing");
            Assert.Equal(1.0, sizing.GetProperty("nanosecondsPerThrow").GetDouble());
            Assert.Equal(3.0, sizing.GetProperty("jobMs").GetDouble());
            Assert.Equal(46 * 65_536, sizing.GetProperty("jobThrows").GetInt64());
            Assert.Equal("monitor", root.GetProperty("defaultWait").GetString());
            Assert.Equal("test", root.GetProperty("environment").GetProperty("mode").GetString());
            var runs = root.GetProperty("runs").EnumerateArray().ToList();
            var plain = runs.Where(r => r.GetProperty("wait").GetString() == "monitor" && r.GetProperty("remedy").GetString() == "none").ToList();
            Assert.Equal(["inline", "thread", "inline", "thread"], plain.Select(r => r.GetProperty("strategy").GetString()));
            Assert.Equal([1, 1, 2, 2], plain.Select(r => r.GetProperty("workers").GetInt32()));
            Assert.Equal(LoopWait.Names.Order(), runs.Select(r => r.GetProperty("wait").GetString()!).Distinct().Order());
            Assert.Equal(["nice+10", "none", "one-core-free"], runs.Select(r => r.GetProperty("remedy").GetString()).Distinct().Order());
            foreach (var run in runs)
            {
                Assert.True(run.GetProperty("elapsedMs").GetDouble() > 0);
                double p50 = run.GetProperty("p50LatenessMs").GetDouble(), p99 = run.GetProperty("p99LatenessMs").GetDouble();
                double p999 = run.GetProperty("p999LatenessMs").GetDouble(), max = run.GetProperty("maxLatenessMs").GetDouble();
                Assert.True(p50 <= p99 && p99 <= p999 && p999 <= max, $"percentiles out of order: {p50}, {p99}, {p999}, {max}");
                Assert.Equal(2, run.GetProperty("repetitions").GetArrayLength());
                Assert.True(run.GetProperty("latenessSamples").GetInt64() >= run.GetProperty("heartbeats").GetInt64());
            }
            // inline blocks the loop: the beats it missed are filled in, and the worst is about the job's length late
            foreach (var inline in plain.Where(r => r.GetProperty("strategy").GetString() == "inline"))
            {
                Assert.True(inline.GetProperty("latenessSamples").GetInt64() > inline.GetProperty("heartbeats").GetInt64());
                Assert.True(inline.GetProperty("maxLatenessMs").GetDouble() >= 0.5 * inline.GetProperty("elapsedMs").GetDouble() - 1);
            }
            var tick = plain[3].GetProperty("timeline").EnumerateArray().First();
            Assert.True(tick.TryGetProperty("atMs", out _));
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Waits))]
    public async Task EventLoop_EachWait_RunsPostedWorkAndBeats(string wait)
    {
        using var loop = new EventLoop(TimeSpan.FromMilliseconds(2), wait: wait);
        int ran = 0;

        for (int i = 0; i < 20; i++)
            await loop.RunAsync(() => Task.FromResult(Interlocked.Increment(ref ran)));
        // it beats: five beats, however long a busy machine makes them take (bounded, so a loop that never beats fails)
        for (int i = 0; i < 1000 && loop.Ticks.Count < 5; i++)
            await Task.Delay(10);

        Assert.Equal(20, ran);
        Assert.True(loop.Ticks.Count >= 5, $"{wait}: only {loop.Ticks.Count} heartbeats in 10 s at a 2 ms interval");
    }

    public static TheoryData<string> Waits() => [.. LoopWait.Names];

    [Fact]
    public async Task EventLoop_BlockedCallback_DelaysTheHeartbeatByTheBlock()
    {
        using var loop = new EventLoop(TimeSpan.FromMilliseconds(10));
        await Task.Delay(50);

        await loop.RunAsync(() =>
        {
            Thread.Sleep(300);
            return Task.CompletedTask;
        });
        await Task.Delay(50);

        // the loop could not beat while the callback slept, so one heartbeat ran at least that late, less one interval
        Assert.Contains(loop.Ticks, t => t.LatenessMs >= 290);
    }

    [Fact]
    public async Task EventLoop_Await_ResumesOnTheLoopThread()
    {
        using var loop = new EventLoop(TimeSpan.FromMilliseconds(10));
        int before = 0, after = 0;

        await loop.RunAsync(async () =>
        {
            before = Environment.CurrentManagedThreadId;
            await Task.Run(() => Thread.Sleep(20));
            after = Environment.CurrentManagedThreadId;
        });

        Assert.Equal(before, after);
    }
}
