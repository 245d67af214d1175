using System.Text.Json;
using DiceOffload.Bench.Scenarios;
using DiceOffload.Reporting.Results;

namespace DiceOffload.Tests.Scenarios;

public sealed class ResponsivenessScenarioTests
{
    [Fact]
    public async Task RunAsync_WritesTheDocumentedFormat()
    {
        var settings = new ScenarioSettings("test", 200_000, [1, 2], 2, 1000);
        string folder = Directory.CreateTempSubdirectory("dice-scenario-").FullName;
        try
        {
            var result = await ResponsivenessScenario.RunAsync(settings, ["inline", "thread"], TextWriter.Null);
            string path = Path.Combine(folder, ScenarioFiles.ResponsivenessFile);
            ScenarioFiles.Write(path, result);

            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var root = json.RootElement;
            Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
            Assert.Equal(10, root.GetProperty("heartbeatIntervalMs").GetDouble());
            Assert.Equal(200_000, root.GetProperty("throws").GetInt64());
            Assert.Equal("test", root.GetProperty("environment").GetProperty("mode").GetString());
            var runs = root.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(["inline", "thread", "inline", "thread"], runs.Select(r => r.GetProperty("strategy").GetString()));
            Assert.Equal([1, 1, 2, 2], runs.Select(r => r.GetProperty("workers").GetInt32()));
            foreach (var run in runs)
            {
                Assert.True(run.GetProperty("elapsedMs").GetDouble() > 0);
                Assert.True(run.GetProperty("maxLatenessMs").GetDouble() >= run.GetProperty("p99LatenessMs").GetDouble());
                Assert.Equal(2, run.GetProperty("repetitions").GetArrayLength());
                var tick = run.GetProperty("timeline").EnumerateArray().First();
                Assert.True(tick.TryGetProperty("atMs", out _));
                Assert.True(tick.GetProperty("latenessMs").GetDouble() >= 0);
            }
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

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
