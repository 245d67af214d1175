using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

using DiceOffload.Cgroups;
using DiceOffload.ResultFiles;
using DiceOffload.Server;
using DiceOffload.Strategies;
using HdrHistogram;

namespace DiceOffload.Bench.Scenarios;

/// <summary>How big the server scenario is.</summary>
/// <param name="Throws">The heavy job: the scenario settings' server job, sized in time on this machine.</param>
/// <param name="PingRate">The open-loop <c>/ping</c> load, requests per second.</param>
/// <param name="Load">How long the load runs in each case; the heavy jobs start <paramref name="JobStart"/> into it.</param>
/// <param name="Cases">Worker count and heavy clients of each case, for every strategy.</param>
internal sealed record ServerSettings(long Throws, double PingRate, TimeSpan Load, TimeSpan JobStart, IReadOnlyList<(int Workers, int Clients)> Cases)
{
    /// <summary>One heavy client at 1, cores − 1 and cores workers; one per core at cores workers (every core busy many times over).</summary>
    /// <param name="sized">False for the plan alone, before the jobs are sized: their throws are then 0.</param>
    public static ServerSettings For(ScenarioSettings settings, bool sized = true)
    {
        long throws = sized ? settings.ServerThrows : 0;
        int cores = Environment.ProcessorCount;
        (int, int)[] one = [.. new[] { 1, cores - 1, cores }.Where(w => w >= 1).Distinct().Select(w => (w, 1))];
        return settings.Mode == "study"
            ? new(throws, 500, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(0.5), [.. one, .. cores > 1 ? [(cores, cores)] : Array.Empty<(int, int)>()])
            : new(throws, 200, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.1), [(cores, 1)]);
    }
}

/// <summary>
/// The article's real question with a real server: <c>serve</c> in its own process, <c>/ping</c> at a fixed rate from
/// an open-loop generator (latency from each request's intended send time), and heavy <c>/roll</c> jobs under each
/// strategy and worker count, one client and then one per core. The server samples its thread pool meanwhile, so
/// starvation shows. Then the cluster drill: <c>serve --instances cores</c> under the same load, one instance killed.
/// </summary>
internal static partial class ServerScenario
{
    private const int BucketMs = 50;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// About how long the scenario takes: each case's load, or its heavy jobs if they end later, shared among the cores
    /// they may use, and about a second to start and warm its server; the cluster drill's load; the cross-check left out.
    /// </summary>
    public static TimeSpan Planned(ScenarioSettings scenario)
    {
        var settings = ServerSettings.For(scenario, sized: false);
        int cores = Environment.ProcessorCount;
        TimeSpan Case(int workers, int clients) => TimeSpan.FromSeconds(1)
            + TimeSpan.FromTicks(Math.Max(settings.Load.Ticks, (settings.JobStart + scenario.ServerJobTime * clients / Math.Min(workers * clients, cores)).Ticks));
        int lowered = OperatingSystem.IsLinux() && cores > 1 ? LoweredPriority.Strategies.Count : 0;
        var total = settings.Cases.Aggregate(TimeSpan.Zero, (sum, c) => sum + Case(c.Workers, c.Clients) * StrategyCatalog.Names.Count);
        var remedies = StarvingCase.For(cores, scenario.Mode != "study")
            .SelectMany(c => c.Remedies.Select(r => Case(Math.Max(1, r.Workers ?? c.Workers), c.Clients)))
            .Aggregate(TimeSpan.FromSeconds(1) + settings.Load, (sum, one) => sum + one) * scenario.Repetitions;
        return total + Case(cores, 1) * lowered + remedies + settings.Load;
    }

    public static async Task<ServerResult> RunAsync(ScenarioSettings scenario, TextWriter log, CancellationToken cancellationToken = default)
    {
        var settings = ServerSettings.For(scenario);
        var environment = ScenarioSettings.Environment(scenario);
        var runs = new List<ServerRun>();
        foreach (string strategy in StrategyCatalog.Names)
        {
            // the lowered workers at every core with one heavy client, where the responsiveness scenario found nice +10 matters
            bool lowerable = OperatingSystem.IsLinux() && LoweredPriority.Strategies.Contains(strategy) && Environment.ProcessorCount > 1;
            var cases = settings.Cases.Select(c => (c.Workers, c.Clients, Lowered: false))
                .Concat(lowerable ? [(Environment.ProcessorCount, 1, true)] : Array.Empty<(int, int, bool)>());
            foreach (var (workers, clients, lowered) in cases)
            {
                var run = await RunCaseAsync(settings, strategy, workers, clients, lowered, cancellationToken);
                runs.Add(run);
                await log.WriteLineAsync($"server: {run.Label,-13} workers {workers}, {clients} heavy client(s): /ping p50 {run.P50Ms:0.00} p99 {run.P99Ms:0.00} p99.9 {run.P999Ms:0.00} max {run.MaxMs:0.0} ms, "
                    + $"{run.Errors} errors, {run.AchievedRatePerSecond:0}/s; /roll {string.Join(", ", run.RollMs.Select(ms => ms.ToString("0", CultureInfo.InvariantCulture)))} ms ({string.Join(", ", run.RollStatus)})");
            }
        }
        var remedies = await RemediesAsync(settings, scenario, log, cancellationToken);
        var drill = await DrillAsync(settings, log, cancellationToken);
        var crossCheck = new ServerCrossCheck(null, null, null, null, "skipped: neither wrk nor bombardier is on the PATH");
        if (ProgramsOnPath.Find("wrk") is { } wrk)
            crossCheck = await WrkAsync(wrk, settings, runs, cancellationToken);
        await log.WriteLineAsync(crossCheck.P99Ms is { } theirs
            ? $"server: cross-check: {crossCheck.Tool} p99 {theirs:0.00} ms against the open-loop generator's {crossCheck.OurP99Ms:0.00} ms ({crossCheck.Configuration}); {crossCheck.Note}"
            : $"server: cross-check: {crossCheck.Note}");
        return new ServerResult(ServerResult.CurrentSchemaVersion, environment, settings.PingRate, settings.Load.TotalMilliseconds, settings.JobStart.TotalMilliseconds,
            settings.Throws, RollQuery.DefaultDice, RollQuery.DefaultSides, RollQuery.DefaultSeed, runs, drill, crossCheck, remedies);
    }

    private static async Task<ServerRun> RunCaseAsync(ServerSettings settings, string strategy, int workers, int clients, bool lowered, CancellationToken cancellationToken)
    {
        string priority = lowered ? ServerRun.Lowered : ServerRun.Normal;
        var measured = await MeasureAsync(settings, ServerRemedy.None.ServeOptions, ServerRemedy.None.Environment, strategy, workers, clients, priority, cancellationToken);
        var samples = measured.Samples;
        var (p50, p99, p999, max) = Percentiles(samples);
        int ok = samples.Count(s => s.Ok);
        return new ServerRun(strategy, workers, clients, samples.Count, samples.Count - ok, ok / settings.Load.TotalSeconds, p50, p99, p999, max,
            Math.Round(samples.Max(s => s.SendLagMs), 3), [.. measured.Answers.Select(a => Math.Round(a.Ms, 1))], [.. measured.Answers.Select(a => a.Status)], Buckets(samples), measured.Pool, priority);
    }

    internal sealed record Measured(IReadOnlyList<LoadSample> Samples, IReadOnlyList<(double Ms, int Status)> Answers, IReadOnlyList<PoolSample> Pool, string Gc, int ProcessorCount, int MinThreads, CpuStat? Throttling)
    {
        /// <summary>The most pool threads the server's sampler saw during the load.</summary>
        public int PeakThreads => Pool.Count == 0 ? 0 : Pool.Max(x => x.Threads);

        /// <summary>The most work items queued for the pool the sampler saw during the load.</summary>
        public long PeakQueued => Pool.Count == 0 ? 0 : Pool.Max(x => x.Queued);
    }

    /// <summary>
    /// A server of its own (the study's settings, then <paramref name="serveOptions"/>, which override them), warmed;
    /// the <c>/ping</c> load, and <paramref name="clients"/> heavy jobs sent <see cref="ServerSettings.JobStart"/> into it;
    /// the answers once the load and the jobs are done, and the pool samples. With a <paramref name="group"/> the server
    /// runs inside it (the load does not); with <paramref name="workers"/> null the job gets the server's own
    /// <c>ProcessorCount</c>.
    /// </summary>
    internal static async Task<Measured> MeasureAsync(ServerSettings settings, IReadOnlyList<(string Option, string Value)> serveOptions, IReadOnlyDictionary<string, string> environment,
        string strategy, int? workers, int clients, string priority, CancellationToken cancellationToken, QuotaGroup? group = null)
    {
        // the study's own limits, each replaced where the remedy sets it (an option given twice is refused)
        var options = new Dictionary<string, string> { ["--max-jobs"] = "256", ["--timeout"] = "120s" };
        foreach (var (option, value) in serveOptions)
            options[option] = value;
        await using var server = await ServerProcess.StartAsync(["serve", "--port", "0", "--sample-pool", .. options.SelectMany(o => new[] { o.Key, o.Value })], cancellationToken, environment: environment, group: group);
        workers ??= server.ProcessorCount;
        using var http = NewClient();
        // warm: JIT on both sides, the connection, and a started process pool, as a server that has served before
        for (int i = 0; i < 20; i++)
            (await http.GetAsync(server.Url + "/ping", cancellationToken)).Dispose();
        (await http.GetAsync($"{server.Url}/roll?throws=1000000&strategy={strategy}&workers={workers}&priority={priority}", cancellationToken)).Dispose();
        (await http.GetAsync(server.Url + "/pool", cancellationToken)).Dispose();

        // what the group's quota did to the server while the load and the jobs ran
        var throttledBefore = group?.Files.ReadStat();
        double loadStartUnix = UnixMs();
        var load = new OpenLoopLoad(async token => (await http.GetAsync(server.Url + "/ping", token)).IsSuccessStatusCode, settings.PingRate, settings.Load, new StopwatchClock())
            .RunAsync(RequestTimeout, cancellationToken);
        await Task.Delay(settings.JobStart, cancellationToken);
        var rolls = Enumerable.Range(0, clients).Select(_ => RollAsync(http, $"{server.Url}/roll?throws={settings.Throws}&strategy={strategy}&workers={workers}&priority={priority}", cancellationToken)).ToList();
        var samples = await load;
        var answers = await Task.WhenAll(rolls);
        var throttling = throttledBefore is null ? null : group!.Files.ReadStat().Since(throttledBefore);
        var pool = await PoolAsync(http, server.Url, loadStartUnix, cancellationToken);
        return new Measured(samples, answers, pool, server.Gc, server.ProcessorCount, server.MinThreads, throttling);
    }

    private static async Task<(double Ms, int Status)> RollAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var answer = await http.GetAsync(url, cancellationToken);
        await answer.Content.ReadAsByteArrayAsync(cancellationToken);
        return (clock.Elapsed.TotalMilliseconds, (int)answer.StatusCode);
    }

    private static async Task<IReadOnlyList<PoolSample>> PoolAsync(HttpClient http, string url, double loadStartUnix, CancellationToken cancellationToken)
    {
        var samples = JsonSerializer.Deserialize<List<PoolSampler.PoolSampleAt>>(await http.GetStringAsync(url + "/pool", cancellationToken), ScenarioFiles.Json) ?? [];
        return [.. samples.Where(s => s.AtUnixMs >= loadStartUnix).Select(s => new PoolSample(Math.Round(s.AtUnixMs - loadStartUnix, 1), s.Threads, s.Queued))];
    }

    /// <summary>The cluster: <c>serve --instances cores</c> under the load; one instance killed with SIGKILL a third into it.</summary>
    private static async Task<ServerDrill> DrillAsync(ServerSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        int instances = Environment.ProcessorCount;
        await using var server = await ServerProcess.StartAsync(["serve", "--port", "0", "--instances", instances.ToString(CultureInfo.InvariantCulture)], cancellationToken, instances);
        using var http = NewClient();
        for (int i = 0; i < 20 * instances; i++)
            (await http.GetAsync(server.Url + "/ping", cancellationToken)).Dispose();
        var load = new OpenLoopLoad(async token => (await http.GetAsync(server.Url + "/ping", token)).IsSuccessStatusCode, settings.PingRate, settings.Load, new StopwatchClock())
            .RunAsync(RequestTimeout, cancellationToken);
        var loadClock = Stopwatch.StartNew();
        await Task.Delay(settings.Load / 3, cancellationToken);
        int victim = server.InstancePids()[0];
        double killedAt = loadClock.Elapsed.TotalMilliseconds;
        var killed = Stopwatch.StartNew();
        int listeningBefore = server.ListeningLines;
        using (var process = Process.GetProcessById(victim))
            process.Kill();
        double? replacementAfter = null;
        while (killed.Elapsed < settings.Load && replacementAfter is null)
        {
            if (server.ListeningLines > listeningBefore)
                replacementAfter = Math.Round(killed.Elapsed.TotalMilliseconds, 1);
            else
                await Task.Delay(5, cancellationToken);
        }
        var samples = await load;
        var (p50, p99, _, max) = Percentiles(samples);
        var drill = new ServerDrill(instances, samples.Count, samples.Count(s => !s.Ok), Math.Round(killedAt, 1), replacementAfter, p50, p99, max);
        await log.WriteLineAsync($"server: cluster of {instances}, one killed at {drill.KilledAtMs:0} ms: {drill.Errors} of {drill.Requests} /ping failed, "
            + $"the replacement listened {(replacementAfter is { } after ? $"{after:0} ms" : "not within the run")} after the kill; p99 {p99:0.00} ms, max {max:0.0} ms");
        return drill;
    }

    // wrk, a closed-loop client nobody here wrote, against /ping beside the same heavy job as one of our cases
    private static async Task<ServerCrossCheck> WrkAsync(string wrk, ServerSettings settings, IReadOnlyList<ServerRun> runs, CancellationToken cancellationToken)
    {
        string strategy = ThreadPoolStrategy.Entry.Name;
        int workers = settings.Cases.Max(c => c.Workers);
        var ours = runs.FirstOrDefault(r => r.Strategy == strategy && r.Workers == workers && r.Clients == 1 && r.Priority == ServerRun.Normal);
        await using var server = await ServerProcess.StartAsync(["serve", "--port", "0", "--max-jobs", "256", "--timeout", "120s"], cancellationToken);
        using var http = NewClient();
        (await http.GetAsync($"{server.Url}/roll?throws=1000000&strategy={strategy}&workers={workers}", cancellationToken)).Dispose();
        var startInfo = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-t1", "-c4", $"-d{Math.Ceiling(settings.Load.TotalSeconds)}s", "--latency", server.Url + "/ping" })
            startInfo.ArgumentList.Add(argument);
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await Task.Delay(settings.JobStart, cancellationToken);
        await RollAsync(http, $"{server.Url}/roll?throws={settings.Throws}&strategy={strategy}&workers={workers}", cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        string text = await output;
        string configuration = $"{strategy}, {workers} workers, 1 heavy client";
        if (WrkP99().Match(text) is not { Success: true } match)
            return new ServerCrossCheck("wrk", configuration, null, ours?.P99Ms, $"wrk ran but printed no 99% latency: {text.Trim()}");
        double value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        double p99 = match.Groups["unit"].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        return new ServerCrossCheck("wrk", configuration, p99, ours?.P99Ms, "wrk -t1 -c4 --latency, closed loop: it waits for each answer before the next request");
    }

    private static HttpClient NewClient() => new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private static double UnixMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    internal static (double P50, double P99, double P999, double Max) Percentiles(IReadOnlyList<LoadSample> samples)
    {
        var histogram = new LongHistogram(TimeSpan.FromMinutes(5).Ticks / 10, 3);   // microseconds, 3 significant digits
        foreach (var sample in samples)
            histogram.RecordValue(Math.Max(0, (long)Math.Round(sample.LatencyMs * 1000)));
        double At(double percentile) => Math.Round(histogram.GetValueAtPercentile(percentile) / 1000.0, 3);
        return (At(50), At(99), At(99.9), Math.Round(samples.Max(s => s.LatencyMs), 3));
    }

    private static IReadOnlyList<LatencyBucket> Buckets(IReadOnlyList<LoadSample> samples) =>
        [.. samples.GroupBy(s => (int)(s.IntendedMs / BucketMs)).OrderBy(g => g.Key)
            .Select(g => new LatencyBucket(g.Key * BucketMs, Math.Round(g.Max(s => s.LatencyMs), 3), g.Count(), g.Count(s => !s.Ok)))];

    [GeneratedRegex(@"^\s*99%\s+(?<value>[\d.]+)(?<unit>us|ms|s)\s*$", RegexOptions.Multiline)]
    private static partial Regex WrkP99();
}
