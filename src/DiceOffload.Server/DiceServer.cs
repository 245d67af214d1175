using System.Diagnostics;
using System.Threading.RateLimiting;
using DiceOffload.Processes;
using DiceOffload.Strategies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiceOffload.Server;

/// <summary>
/// The web server of the article's scenario, as an ASP.NET Core minimal API: <c>GET /ping</c> answers at once (the
/// other users), <c>GET /roll</c> runs a dice job under the strategy the request names and answers its histogram.
/// </summary>
/// <remarks>
/// <para>Kestrel serves each request on a thread-pool thread, so a job run inline in a handler blocks one pool thread,
/// not the server; jobs that take the pool's threads can starve it. The server does nothing to hide that: it is what
/// the study measures.</para>
/// <para>The process pool is shared by every request and started at its first use, as a server would keep it; every
/// other strategy is made for its job and disposed after it.</para>
/// </remarks>
public sealed class DiceServer : IAsyncDisposable
{
    /// <summary>The rate-limiting policy on <c>/roll</c>: ASP.NET Core's concurrency limiter at <c>--max-jobs</c>.</summary>
    public const string JobsPolicy = "jobs";

    private readonly ServeSettings _settings;
    private readonly Lazy<IDiceStrategy> _pool;
    // a pool whose workers run at nice +10: a lowered worker cannot be raised again, so it is a pool of its own
    private readonly Lazy<IDiceStrategy> _loweredPool;

    private readonly JobConsumers? _consumers;

    private DiceServer(ServeSettings settings, JobConsumers? consumers)
    {
        _settings = settings;
        _consumers = consumers;
        _pool = new Lazy<IDiceStrategy>(() => StrategyCatalog.Create(ProcessPoolStrategy.Entry.Name, settings.Strategies), LazyThreadSafetyMode.ExecutionAndPublication);
        _loweredPool = new Lazy<IDiceStrategy>(() => StrategyCatalog.Create(ProcessPoolStrategy.Entry.Name, settings.Strategies), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Builds the server's web application; <paramref name="configure"/> says where it listens (Kestrel, or the test server).</summary>
    public static WebApplication Build(ServeSettings settings, Action<WebApplicationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();   // serve prints its own lines; a log line per request would be the load
        builder.Services.AddProblemDetails();
        // --max-jobs: the framework's concurrency limiter on /roll; --queue-jobs of them wait for a place, oldest first
        // (unless consumers hold the queue), and one more is answered at once with 429 and Retry-After
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddConcurrencyLimiter(JobsPolicy, jobs =>
            {
                // with consumers, their queue holds the waiting jobs: the limiter lets in at least what they can hold
                jobs.PermitLimit = settings.AdmittedJobs;
                jobs.QueueLimit = settings.LimiterQueue;
                jobs.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return new ValueTask(Problem(StatusCodes.Status429TooManyRequests, "Too many jobs at once.",
                    $"this server runs at most {settings.AdmittedJobs} job(s) at once (--max-jobs) and holds {settings.LimiterQueue} more waiting (--queue-jobs); retry later.").ExecuteAsync(context.HttpContext));
            };
        });
        // --consumers: a hosted service whose dedicated threads run the jobs, stopped with the host
        JobConsumers? consumers = settings.Consumers > 0 ? new JobConsumers(settings.Consumers, settings.ConsumerQueue) : null;
        if (consumers is not null)
        {
            builder.Services.AddSingleton(consumers);
            builder.Services.AddHostedService(_ => consumers);
        }
        configure(builder);
        var app = builder.Build();
        app.UseRateLimiter();
        var server = new DiceServer(settings, consumers);
        // the consumers' jobs are stopped as soon as the server begins to stop, so that Kestrel's wait for the requests
        // in flight is short (hosted services stop after Kestrel)
        if (consumers is not null)
            app.Lifetime.ApplicationStopping.Register(consumers.Stop);
        app.Lifetime.ApplicationStopped.Register(() => server.DisposeAsync().AsTask().GetAwaiter().GetResult());
        app.MapGet("/ping", () => Results.Text("pong\n"));
        if (settings.SamplePool)
        {
            var sampler = PoolSampler.Start(app.Lifetime.ApplicationStopping);
            app.MapGet("/pool", () => Results.Json(sampler.Take()));
        }
        app.MapGet("/roll", (Func<HttpContext, Task<IResult>>)server.RollAsync).RequireRateLimiting(JobsPolicy);
        return app;
    }

    private async Task<IResult> RollAsync(HttpContext http)
    {
        if (RollQuery.TryRead(http.Request.Query, _settings.MaxThrows, out var problem) is not { } roll)
            return Problem(StatusCodes.Status400BadRequest, "A parameter of /roll is missing or not allowed.", problem.Detail, problem.Parameter);
        using var timeout = new CancellationTokenSource(_settings.Timeout);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, http.RequestAborted);
        var clock = Stopwatch.StartNew();
        DiceHistogram histogram;
        try
        {
            if (_consumers is null)
            {
                histogram = await RunAsync(roll, either.Token);
            }
            else if (_consumers.TryEnqueue(token => RunAsync(roll, token), either.Token, out var queued))
            {
                histogram = await queued;
            }
            else if (_consumers.Closed)
            {
                return Problem(StatusCodes.Status503ServiceUnavailable, "The server is stopping.", "this server is stopping and takes no more jobs.");
            }
            else
            {
                http.Response.Headers.RetryAfter = "1";
                return Problem(StatusCodes.Status429TooManyRequests, "The job queue is full.",
                    $"this server's {_settings.Consumers} consumer(s) are busy and its queue of {_settings.ConsumerQueue} job(s) is full (--consumers, --queue-jobs); retry later.");
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "The job ran out of time.",
                $"the job {(_consumers is null ? "ran" : "waited and ran")} longer than this server's --timeout of {_settings.Timeout.TotalSeconds:0.###} s and was stopped.");
        }
        catch (OperationCanceledException) when (_consumers is { Closed: true } && !http.RequestAborted.IsCancellationRequested)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "The server is stopping.", "this server is stopping; the job was stopped with it.");
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;   // the client is gone; its job was stopped
        }
        catch (WorkerFailedException ex)
        {
            return Problem(StatusCodes.Status500InternalServerError, "A worker process failed.", ex.Message);
        }
        catch (InvalidOperationException ex) when (roll.Lowered)
        {
            return Problem(StatusCodes.Status500InternalServerError, "The workers could not be lowered.", ex.Message);
        }
        string? worker = StrategyCatalog.Find(roll.Strategy) is { StartsWorkerProcesses: true } ? (_settings.Strategies?.Worker ?? WorkerLaunch.Default).FormName : null;
        return Results.Json(new RollAnswer(roll.Strategy, roll.Workers, roll.Lowered ? RollQuery.LoweredPriority : RollQuery.Normal, roll.Job.Throws, roll.Job.Dice, roll.Job.Sides, roll.Job.Seed, roll.Job.Kernel.Name(),
            Math.Round(clock.Elapsed.TotalMilliseconds, 3), histogram.Bins().ToDictionary(b => b.Key, b => b.Value), worker));
    }

    private async Task<DiceHistogram> RunAsync(RollQuery roll, CancellationToken cancellationToken)
    {
        if (roll.Strategy == ProcessPoolStrategy.Entry.Name && !roll.Lowered)
            return await _pool.Value.RunAsync(roll.Job, roll.Workers, cancellationToken);
        if (roll.Strategy == ProcessPoolStrategy.Entry.Name)
        {
            var lowered = (ProcessPoolStrategy)_loweredPool.Value;
            await lowered.StartAsync(roll.Workers, cancellationToken);
            LoweredPriority.Lower(lowered);
            return await lowered.RunAsync(roll.Job, roll.Workers, cancellationToken);
        }
        await using var strategy = roll.Lowered ? LoweredPriority.Threads() : StrategyCatalog.Create(roll.Strategy, _settings.Strategies);
        await strategy.StartAsync(roll.Workers, cancellationToken);
        return await strategy.RunAsync(roll.Job, roll.Workers, cancellationToken);
    }

    private static IResult Problem(int status, string title, string detail, string? parameter = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title,
            extensions: parameter is null ? null : new Dictionary<string, object?> { ["parameter"] = parameter });

    public async ValueTask DisposeAsync()
    {
        if (_pool.IsValueCreated)
            await _pool.Value.DisposeAsync();
        if (_loweredPool.IsValueCreated)
            await _loweredPool.Value.DisposeAsync();
    }

    /// <summary>What <c>/roll</c> answers: the fields of <c>run --json</c> for one run, and the workers' priority.</summary>
    /// <param name="Worker">How the worker processes started (<c>dll</c>, <c>apphost</c>, <c>aot</c>); null for a strategy that starts none.</param>
    internal sealed record RollAnswer(string Strategy, int Workers, string Priority, long Throws, int Dice, int Sides, ulong Seed, string Kernel, double ElapsedMs, Dictionary<int, long> Histogram,
        string? Worker);
}
