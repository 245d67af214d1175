using System.Globalization;

using DiceOffload.ResultFiles;
using DiceOffload.Strategies;

namespace DiceOffload.Bench.Scenarios;

/// <summary>One of the usual fixes: what it changes in <c>serve</c>, its environment, or the job.</summary>
/// <param name="Setting">As a reader would set it, for the tables.</param>
/// <param name="ServeOptions">Options of <c>serve</c>, each replacing the study's own where it sets one.</param>
/// <param name="Strategy">The strategy the fix runs the job under instead; null: the case's own.</param>
/// <param name="Workers">The workers it runs the job with instead; null: the case's own.</param>
internal sealed record ServerRemedy(string Name, string Setting, IReadOnlyList<(string Option, string Value)> ServeOptions, IReadOnlyDictionary<string, string> Environment, string? Strategy = null, int? Workers = null)
{
    private static readonly Dictionary<string, string> NoVariables = [];

    public static ServerRemedy None { get; } = new(ServerRemedyRun.None, "nothing done", [], NoVariables);

    /// <summary>A fix that is a setting of <c>serve</c>, named in the tables as its command line.</summary>
    public static ServerRemedy Serve(string name, params (string Option, string Value)[] options) =>
        new(name, "serve " + string.Join(' ', options.Select(o => $"{o.Option} {o.Value}")), options, NoVariables);

    /// <summary>A fix that changes the job: its strategy or its workers.</summary>
    public static ServerRemedy Job(string name, string setting, string? strategy = null, int? workers = null) =>
        new(name, setting, [], NoVariables, strategy, workers);
}

/// <summary>A case in which the heavy jobs starve the server's pool, and the remedies measured against it.</summary>
internal sealed record StarvingCase(string Name, string Strategy, int Workers, int Clients, IReadOnlyList<ServerRemedy> Remedies)
{
    /// <summary>
    /// Thread-pool and parallel-for on every core with one heavy client, and inline with one job per core; against
    /// each, the fixes that apply to it (a limit on jobs at once cannot bind on one client, so it is measured on the
    /// case with a job per core; the server GC, which a job that allocates nothing should not notice, once).
    /// </summary>
    public static IReadOnlyList<StarvingCase> For(int cores, bool dry)
    {
        string c(int n) => n.ToString(CultureInfo.InvariantCulture);
        int spare = Math.Max(1, cores - 1);
        var minThreads = ServerRemedy.Serve("min-threads", ("--min-threads", c(8 * cores)));
        // a lower floor, to find where the starvation ends: the job's threads and a few for the requests
        var fewerMinThreads = ServerRemedy.Serve($"min-threads-{c(2 * cores)}", ("--min-threads", c(2 * cores)));
        var consumers = ServerRemedy.Serve("consumers", ("--consumers", c(spare)), ("--queue-jobs", c(cores)));
        var limiter = ServerRemedy.Serve("limiter", ("--max-jobs", c(spare)), ("--queue-jobs", c(cores)));
        var serverGc = new ServerRemedy("server-gc", "DOTNET_gcServer=1", [], new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" });
        var longRunning = ServerRemedy.Job("long-running", "strategy=long-running", strategy: LongRunningStrategy.Entry.Name);
        var oneCoreFree = ServerRemedy.Job("one-core-free", $"workers={c(cores - 1)} (cores − 1)", workers: cores - 1);
        ServerRemedy[] free = cores > 1 ? [oneCoreFree] : [];
        string pool = ThreadPoolStrategy.Entry.Name, parallel = ParallelForStrategy.Entry.Name, inline = InlineStrategy.Entry.Name;
        if (dry)
            return [new($"{pool}, {c(cores)} workers, 1 client", pool, cores, 1, [ServerRemedy.None, minThreads, consumers])];
        return
        [
            new($"{pool}, {c(cores)} workers, 1 client", pool, cores, 1, [ServerRemedy.None, fewerMinThreads, minThreads, consumers, serverGc, .. free, longRunning]),
            new($"{parallel}, {c(cores)} workers, 1 client", parallel, cores, 1, [ServerRemedy.None, minThreads, consumers, .. free]),
            new($"{inline}, {c(cores)} clients", inline, 1, cores, [ServerRemedy.None, minThreads, consumers, limiter]),
        ];
    }
}

/// <summary>The server scenario's fixes: every remedy against the case it is meant to fix, beside the idle server.</summary>
internal static partial class ServerScenario
{
    /// <summary>
    /// The idle server, then every remedy against its starving case, each in a server of its own; the repetitions
    /// interleaved (every case and remedy once, then again), so that the machine's drift falls on all of them alike.
    /// </summary>
    private static async Task<IReadOnlyList<ServerRemedyRun>> RemediesAsync(ServerSettings settings, ScenarioSettings scenario, TextWriter log, CancellationToken cancellationToken)
    {
        var cases = StarvingCase.For(Environment.ProcessorCount, scenario.Mode != "study");
        var runs = new List<ServerRemedyRun>();
        for (int repetition = 1; repetition <= scenario.Repetitions; repetition++)
        {
            var plan = cases.SelectMany(c => c.Remedies.Select(r => (Case: c, Remedy: r)))
                .Prepend((Case: new StarvingCase("no heavy job", InlineStrategy.Entry.Name, 1, 0, []), Remedy: ServerRemedy.None with { Name = ServerRemedyRun.Idle, Setting = "no heavy job" }));
            foreach (var (starving, remedy) in plan)
            {
                string strategy = remedy.Strategy ?? starving.Strategy;
                int workers = remedy.Workers ?? starving.Workers;
                var measured = await MeasureAsync(settings, remedy.ServeOptions, remedy.Environment, strategy, workers, starving.Clients, ServerRun.Normal, cancellationToken);
                var (p50, p99, _, max) = Percentiles(measured.Samples);
                var run = new ServerRemedyRun(remedy.Name, remedy.Setting, starving.Name, strategy, workers, starving.Clients, repetition, measured.Gc,
                    measured.Samples.Count, measured.Samples.Count(x => !x.Ok), p50, p99, max,
                    [.. measured.Answers.Select(a => Math.Round(a.Ms, 1))], [.. measured.Answers.Select(a => a.Status)],
                    measured.PeakThreads, measured.PeakQueued,
                    repetition == 1 ? measured.Pool : null);
                runs.Add(run);
                await log.WriteLineAsync($"server: remedy {run.Remedy,-13} {run.Case} (run {repetition} of {scenario.Repetitions}, {run.Gc} GC): /ping p50 {run.P50Ms:0.00} p99 {run.P99Ms:0.00} max {run.MaxMs:0.0} ms, "
                    + $"{run.Errors} errors; pool peak {run.PeakThreads} threads, {run.PeakQueued} queued"
                    + (run.Clients == 0 ? "" : $"; /roll {string.Join(", ", run.RollMs.Select(ms => ms.ToString("0", CultureInfo.InvariantCulture)))} ms ({string.Join(", ", run.RollStatus)})"));
            }
        }
        return runs;
    }
}
