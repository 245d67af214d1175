using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DiceOffload.Processes;
using DiceOffload.Server;
using DiceOffload.Strategies;
using DiceOffload.Tests.Strategies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DiceOffload.Tests.Server;

/// <summary>serve's endpoints in process, on the test server: answers, every bad input, 429, 503, and a client that leaves.</summary>
public sealed class ServeEndpointTests : IAsyncLifetime
{
    // a job no test lets finish: far beyond what any machine throws before its test ends
    private const string Endless = "1e13";
    private readonly string _marker = Guid.NewGuid().ToString("N");
    private WebApplication? _app;
    private HttpClient? _client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        await ChildProcesses.AssertNoneAliveAsync(_marker);
    }

    private async Task<HttpClient> ServerAsync(long maxThrows = 100_000_000_000_000, int maxJobs = 4, double timeoutSeconds = 30, int queueJobs = 0, int consumers = 0)
    {
        var options = new StrategyOptions(ChildProcesses.Marked(WorkerLaunch.Default, _marker));
        _app = DiceServer.Build(new ServeSettings(maxThrows, maxJobs, TimeSpan.FromSeconds(timeoutSeconds), options, QueueJobs: queueJobs, Consumers: consumers), builder => builder.WebHost.UseTestServer());
        await _app.StartAsync();
        _client = _app.GetTestClient();
        return _client;
    }

    [Fact]
    public async Task Ping_AnswersPong()
    {
        var client = await ServerAsync();

        Assert.Equal("pong\n", await client.GetStringAsync(new Uri("/ping", UriKind.Relative)));
    }

    [Theory]
    [InlineData("thread", 2)]
    [InlineData("process", 2)]
    [InlineData("process-pool", 2)]
    public async Task Roll_AnswersTheJobsHistogram_TheSameAsInline(string strategy, int workers)
    {
        var client = await ServerAsync();
        var expected = await new InlineStrategy().RunAsync(new DiceJob(1_000_000, 3, 8, 7), 1);

        using var answer = await client.GetAsync(new Uri($"/roll?throws=1e6&dice=3&sides=8&seed=7&strategy={strategy}&workers={workers}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal(strategy, json.RootElement.GetProperty("strategy").GetString());
        Assert.Equal(workers, json.RootElement.GetProperty("workers").GetInt32());
        Assert.True(json.RootElement.GetProperty("elapsedMs").GetDouble() > 0);
        var histogram = json.RootElement.GetProperty("histogram").EnumerateObject().ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => p.Value.GetInt64());
        Assert.Equal(expected.Bins().ToDictionary(b => b.Key, b => b.Value), histogram);
    }

    [Theory]
    [InlineData("thread")]
    [InlineData("process-pool")]
    public async Task Roll_VectorKernel_AnswersTheVectorKernelsHistogram(string strategy)
    {
        var client = await ServerAsync();
        var expected = await new InlineStrategy().RunAsync(new DiceJob(1_000_000, 3, 8, 7, DiceKernel.Vector), 1);

        using var answer = await client.GetAsync(new Uri($"/roll?throws=1e6&dice=3&sides=8&seed=7&kernel=vector&strategy={strategy}&workers=2", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal("vector", json.RootElement.GetProperty("kernel").GetString());
        var histogram = json.RootElement.GetProperty("histogram").EnumerateObject().ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => p.Value.GetInt64());
        Assert.Equal(expected.Bins().ToDictionary(b => b.Key, b => b.Value), histogram);
    }

    [Theory]
    [InlineData("thread")]
    [InlineData("process-pool")]
    public async Task Roll_LoweredPriority_RunsTheJobAndSaysSo(string strategy)
    {
        var client = await ServerAsync();

        using var answer = await client.GetAsync(new Uri($"/roll?throws=1e6&strategy={strategy}&workers=2&priority=lowered", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal("lowered", json.RootElement.GetProperty("priority").GetString());
        Assert.Equal(1_000_000, json.RootElement.GetProperty("histogram").EnumerateObject().Sum(p => p.Value.GetInt64()));
    }

    [Theory]
    [InlineData("strategy=thread", "throws", "throws is required")]
    [InlineData("throws=abc&strategy=thread", "throws", "throws must be a whole number")]
    [InlineData("throws=0&strategy=thread", "throws", "throws must be a whole number from 1")]
    [InlineData("throws=1e9&strategy=thread", "throws", "--max-throws is 100,000,000")]
    [InlineData("throws=1e6", "strategy", "strategy must be one of inline, thread")]
    [InlineData("throws=1e6&strategy=fork", "strategy", "got 'fork'")]
    [InlineData("throws=1e6&strategy=thread&workers=0", "workers", "workers must be a whole number from 1")]
    [InlineData("throws=1e6&strategy=thread&sides=1", "sides", "sides must be a whole number from 2")]
    [InlineData("throws=1e6&strategy=thread&seed=-1", "seed", "seed must be a whole number")]
    [InlineData("throws=1e6&strategy=thread&dice=2&dice=3", "dice", "dice is given 2 times")]
    [InlineData("throws=1e6&strategy=thread&colour=red", "colour", "'colour' is not a parameter of /roll")]
    [InlineData("throws=1e6&strategy=thread&priority=high", "priority", "priority must be normal or lowered")]
    [InlineData("throws=1e6&strategy=thread&kernel=avx", "kernel", "kernel must be scalar or vector; got 'avx'")]
    [InlineData("throws=1e6&strategy=thread&kernel=Vector", "kernel", "kernel must be scalar or vector")]
    [InlineData("throws=1e6&strategy=inline&priority=lowered", "priority", "is for thread and process-pool on Linux")]
    public async Task Roll_BadInput_Is400WithAProblemNamingTheParameter(string query, string parameter, string detail)
    {
        var client = await ServerAsync(maxThrows: 100_000_000);

        using var answer = await client.GetAsync(new Uri("/roll?" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal(parameter, json.RootElement.GetProperty("parameter").GetString());
        Assert.Contains(detail, json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roll_MoreJobsThanAllowed_Is429WithRetryAfter()
    {
        var client = await ServerAsync(maxJobs: 1);
        using var leave = new CancellationTokenSource();
        var first = client.GetAsync(new Uri($"/roll?throws={Endless}&strategy=thread&workers=1", UriKind.Relative), leave.Token);
        // the first job takes the only slot once its request is in; until then a second request may still get it
        using var second = await SmallJobUntilAsync(client, HttpStatusCode.TooManyRequests);

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("1", second.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        using (var json = JsonDocument.Parse(await second.Content.ReadAsStringAsync()))
            Assert.Contains("at most 1 job(s) at once (--max-jobs)", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        // the job that left gave its place back: the next one runs
        using var third = await SmallJobUntilAsync(client, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Roll_QueueJobs_HoldsAJobUntilAPlaceIsFree_AndRefusesOneMore()
    {
        var client = await ServerAsync(maxJobs: 1, queueJobs: 1);
        using var leave = new CancellationTokenSource();
        var running = await EndlessThreadJobAsync(client, leave.Token);

        // one small job waits in the limiter's queue; the other finds the queue full
        var (waiting, refused) = await OneWaitingOneRefusedAsync(client);
        using (refused)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("1", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Contains("holds 1 more waiting (--queue-jobs)", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        using var answer = await waiting;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task Roll_Consumers_RunTheQueuedJobs_AndAFullQueueIs429()
    {
        var client = await ServerAsync(consumers: 1, queueJobs: 1);
        using var leave = new CancellationTokenSource();
        var running = await EndlessThreadJobAsync(client, leave.Token);

        var (waiting, refused) = await OneWaitingOneRefusedAsync(client);
        using (refused)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            using var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Contains("its queue of 1 job(s) is full (--consumers, --queue-jobs)", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        using var answer = await waiting;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task Roll_Consumers_AQueuedJobWhoseClientLeaves_GivesItsPlaceBack()
    {
        var client = await ServerAsync(consumers: 1, queueJobs: 1);
        using var leave = new CancellationTokenSource();
        var running = await EndlessThreadJobAsync(client, leave.Token);
        var consumers = _app!.Services.GetRequiredService<JobConsumers>();
        using var gone = new CancellationTokenSource();
        var queued = client.GetAsync(new Uri("/roll?throws=1&strategy=inline", UriKind.Relative), gone.Token);
        for (int i = 0; i < 400 && consumers.Waiting == 0; i++)
            await Task.Delay(25);
        Assert.Equal(1, consumers.Waiting);

        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);

        // the place it held is free at once, while the first job still runs: the next job waits rather than being refused
        var next = client.GetAsync(new Uri("/roll?throws=1&strategy=inline", UriKind.Relative));
        await Task.WhenAny(next, Task.Delay(1000));
        Assert.False(next.IsCompleted, "the next job was answered while the consumer was busy: its place was not given back");
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        using var answer = await next;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task Stop_WithAJobRunningAndOneWaiting_EndsEveryConsumerThreadAndAnswersTheWaitingOne()
    {
        var client = await ServerAsync(consumers: 2, queueJobs: 2);
        var consumers = _app!.Services.GetRequiredService<JobConsumers>();
        // the host starts a hosted service's ExecuteAsync in the background
        for (int i = 0; i < 200 && consumers.AliveConsumers < 2; i++)
            await Task.Delay(25);
        Assert.Equal(2, consumers.AliveConsumers);
        var first = await EndlessThreadJobAsync(client, CancellationToken.None);
        var second = await EndlessThreadJobAsync(client, CancellationToken.None);
        var waiting = client.GetAsync(new Uri("/roll?throws=1&strategy=inline", UriKind.Relative));
        for (int i = 0; i < 400 && consumers.Waiting == 0; i++)
            await Task.Delay(25);
        Assert.Equal(1, consumers.Waiting);

        await _app.StopAsync();

        Assert.Equal(0, consumers.AliveConsumers);
        foreach (var request in new[] { first, second, waiting })
            Assert.True(await Task.WhenAny(request, Task.Delay(TimeSpan.FromSeconds(10))) == request, "a request was still unanswered after the server stopped");
    }

    // an endless job on one dedicated thread, returned once its worker thread is seen running (this process's threads
    // are counted, as the tests of this assembly run one at a time)
    private static async Task<Task<HttpResponseMessage>> EndlessThreadJobAsync(HttpClient client, CancellationToken cancellationToken)
    {
        int before = DiceWorkerThreads();
        var request = client.GetAsync(new Uri($"/roll?throws={Endless}&strategy=thread&workers=1", UriKind.Relative), cancellationToken);
        for (int i = 0; i < 400 && DiceWorkerThreads() <= before && !request.IsCompleted; i++)
            await Task.Delay(25, CancellationToken.None);
        Assert.True(DiceWorkerThreads() > before, "the endless job's worker thread never started");
        return request;
    }

    private static int DiceWorkerThreads() => ThreadNames.Count("dice worker");

    // with the only place taken: two small jobs; whichever reaches the queue first waits, and the other is refused at
    // once. The refused one is the first of the two to be answered (within 10 s)
    private static async Task<(Task<HttpResponseMessage> Waiting, HttpResponseMessage Refused)> OneWaitingOneRefusedAsync(HttpClient client)
    {
        var a = client.GetAsync(new Uri("/roll?throws=1&strategy=inline", UriKind.Relative));
        await Task.WhenAny(a, Task.Delay(300));
        var b = client.GetAsync(new Uri("/roll?throws=1&strategy=inline", UriKind.Relative));
        var answered = await Task.WhenAny(a, b, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(answered == a || answered == b, "neither small job was answered: none was refused");
        var other = answered == a ? b : a;
        await Task.Delay(300);
        Assert.False(other.IsCompleted, "both small jobs were answered while the only place was taken");
        return (other, await (Task<HttpResponseMessage>)answered);
    }

    // a one-throw job every 50 ms until one is answered with the status, for at most 5 s; the last answer
    private static async Task<HttpResponseMessage> SmallJobUntilAsync(HttpClient client, HttpStatusCode status)
    {
        HttpResponseMessage? answer = null;
        for (int attempt = 0; attempt < 100 && answer?.StatusCode != status; attempt++)
        {
            answer?.Dispose();
            await Task.Delay(50);
            answer = await client.GetAsync(new Uri("/roll?throws=1&strategy=inline", UriKind.Relative));
        }
        return answer!;
    }

    [Theory]
    [InlineData("thread")]
    [InlineData("process")]
    public async Task Roll_OverTheTimeout_Is503AndTheJobIsStopped(string strategy)
    {
        var client = await ServerAsync(timeoutSeconds: 0.5);

        using var answer = await client.GetAsync(new Uri($"/roll?throws={Endless}&strategy={strategy}&workers=2", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("--timeout of 0.5 s", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ChildProcesses.AssertNoneAliveAsync(_marker, failure: "the timed-out job's worker processes are still alive");
    }

    [Theory]
    [InlineData("process")]
    [InlineData("shared-memory")]
    public async Task Roll_ClientLeaves_StopsItsJobAndItsWorkers(string strategy)
    {
        var client = await ServerAsync();
        using var leave = new CancellationTokenSource();

        var request = client.GetAsync(new Uri($"/roll?throws={Endless}&strategy={strategy}&workers=2", UriKind.Relative), leave.Token);
        for (int i = 0; i < 200 && ChildProcesses.WithMarker(_marker).Count == 0; i++)
            await Task.Delay(25);
        Assert.NotEmpty(ChildProcesses.WithMarker(_marker));
        await leave.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await ChildProcesses.AssertNoneAliveAsync(_marker, failure: "the job of a client that left still has worker processes");
    }
}
