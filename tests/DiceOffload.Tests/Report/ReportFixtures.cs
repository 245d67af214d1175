using DiceOffload.ResultFiles;
using DiceOffload.Strategies;
using DiceOffload.Tests.Comparison;

namespace DiceOffload.Tests.Report;

/// <summary>A small results folder shaped like the study's: two experiments' exports and both scenario files.</summary>
internal static class ReportFixtures
{
    // every strategy of the catalog, so that a new one is in every report test
    private static readonly string[] Strategies = [.. StrategyCatalog.All.Select(e => e.BenchmarkMethod)];
    private static readonly int[] ThrowCounts = [1_000_000, 100_000_000];
    private static readonly int[] WorkerCounts = [1, 2];
    private static readonly string[] ServerStrategies = ["inline", "thread", "thread-pool"];

    /// <summary>How many times cheaper a throw is under the vector kernel in the fixture.</summary>
    public const double VectorGain = 7;

    /// <param name="slowerMethod">A benchmark method whose Throughput times are 1.5 times as long, to make a run that differs from the fixture's.</param>
    /// <param name="withVectorKernel">Throughput carries the Kernel parameter, with Vector cases whose work is <see cref="VectorGain"/> times cheaper.</param>
    /// <param name="vectorGain">How many times cheaper the Vector cases' work is.</param>
    /// <param name="inlineDrift">How many times as long Inline's 2-worker Throughput cases take as its 1-worker ones: a machine whose speed moved.</param>
    public static void Write(string resultsFolder, string? slowerMethod = null, bool withVectorKernel = false, double vectorGain = VectorGain, double inlineDrift = 1)
    {
        string exports = Path.Combine(resultsFolder, "benchmarkdotnet", "results");
        Directory.CreateDirectory(exports);
        string[] kernels = withVectorKernel ? ["Scalar", "Vector"] : [""];
        BdnExportWriter.Write(exports, "Throughput",
            from kernel in kernels
            from throws in ThrowCounts
            from workers in WorkerCounts
            from method in Strategies
            select new FixtureCase("Throughput", method, BdnExportWriter.Around(TimeNs(method, throws, workers, kernel == "Vector" ? vectorGain : 1) * (method == slowerMethod ? 1.5 : 1) * (method == "Inline" && workers == 2 ? inlineDrift : 1), seed: throws + workers),
                [
                    .. kernel.Length == 0 ? [] : new[] { ("Kernel", kernel) },
                    ("Throws", throws.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    ("Workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ], 400));
        BdnExportWriter.Write(exports, "Dispatch",
            Strategies.Select((method, i) => new FixtureCase("Dispatch", method, BdnExportWriter.Around(100 + 10_000 * i, seed: i), [], 200)));
        WriteScenarios(Path.Combine(resultsFolder, "scenarios"));
    }

    public static void WriteScenarios(string folder)
    {
        Directory.CreateDirectory(folder);
        var environment = new ScenarioEnvironment(2, "Test OS", ".NET 10.0.0", "study", new DateTimeOffset(2025, 11, 25, 10, 15, 0, TimeSpan.Zero));
        ResponsivenessRun Run(string strategy, int workers, double maxMs, string wait = "monitor", string remedy = "none", double elapsedMs = 500) => new(strategy, workers, wait, remedy, elapsedMs, maxMs / 4, maxMs / 2, maxMs * 0.9, maxMs, 50, 60, maxMs / 100, maxMs / 10, 0.002,
            [new ResponsivenessRepetition(500, maxMs / 2, maxMs, 50, 0.5, 5, 0.1)],
            [.. Enumerable.Range(0, 50).Select(i => new HeartbeatTick(i * 10 - 20, i == 20 ? maxMs : 0.1))]);
        ScenarioFiles.Write(Path.Combine(folder, ResultsLayout.ResponsivenessFile), new ResponsivenessResult(2, environment, 10, 100_000_000, 2, 6, 42, "monitor",
            [
                .. WorkerCounts.SelectMany(w => new[] { Run("inline", w, 480), Run("thread", w, 1.5), Run("process", w, 2.5) }),
                // the wait dimension and the remedies, at every core
                Run("thread", 2, 160, wait: "semaphore-slim"),
                Run("thread", 2, 100, wait: "yield-then-monitor"),
                Run("thread", 1, 0.5, remedy: "one-core-free", elapsedMs: 900),
                Run("thread", 2, 6, remedy: "nice+10", elapsedMs: 550),
            ]));
        NodeRun Node(string mode, int workers, long throws, double medianMs) => new(mode, workers, throws, medianMs * 1.5, medianMs, medianMs * 0.9, medianMs * 1.2, [medianMs * 0.9, medianMs, medianMs * 1.2], 12.5);
        ScenarioFiles.Write(Path.Combine(folder, ResultsLayout.NodeFile), new NodeResult(1, "v20.0.0", "11.3", 2, "Test CPU", environment.StartedUtc, 2, 6, 3,
            [
                Node("inline", 1, 100_000_000, 1100),
                Node("worker_threads", 2, 100_000_000, 600),
                Node("fork", 2, 100_000_000, 650),
                Node("shared-array-buffer", 2, 100_000_000, 700),
            ],
            [Node("inline", 1, 1000, 0.1)],
            [new NodeHeartbeat("inline", 1, 100_000_000, 1100, 2, 1100, 550, 1089, 1100), new NodeHeartbeat("worker", 1, 100_000_000, 1150, 1000, 1000, 1.1, 1.4, 3.5)],
            new Dictionary<string, double> { ["inline"] = 9.5, ["worker_threads"] = 12.1, ["fork"] = 7.7, ["shared-array-buffer"] = 10.2 }));
        WriteServer(folder, environment);
        ScenarioFiles.Write(Path.Combine(folder, ResultsLayout.RaceFile), new RaceResult(1, environment, 2, 1000,
        [
            new RaceRun("unsynchronized", 2000, [1900, 1800, 1950], [100, 200, 50], [1, 1, 1]),
            new RaceRun("interlocked", 2000, [2000, 2000, 2000], [0, 0, 0], [2, 2, 2]),
        ]));
    }

    /// <summary>The server scenario: inline, thread and thread-pool on 1 and 2 workers with 1 and 2 heavy clients; p99 grows with the
    /// strategy's rank and the clients, and thread on 2 workers with 1 client is the lowest of its group.</summary>
    private static void WriteServer(string folder, ScenarioEnvironment environment)
    {
        ServerRun Run(string strategy, int workers, int clients, double p99) => new(strategy, workers, clients, 1750, 0, 500, p99 / 10, p99, p99 * 1.5, p99 * 2, 0.4,
            [.. Enumerable.Repeat(1000.0 * 2 / workers, clients)], [.. Enumerable.Repeat(200, clients)],
            [.. Enumerable.Range(0, 70).Select(i => new LatencyBucket(i * 50, i is > 10 and < 40 ? p99 : 0.3, 25, 0))],
            [.. Enumerable.Range(0, 350).Select(i => new PoolSample(i * 10, strategy == "inline" ? 3 : 4 + i / 50, i is > 50 and < 200 ? 12 : 0))]);
        ScenarioFiles.Write(Path.Combine(folder, ResultsLayout.ServerFile), new ServerResult(ServerResult.CurrentSchemaVersion, environment, 500, 3500, 500, 800_000_000, 2, 6, 42,
            [
                .. from clients in WorkerCounts
                   from workers in WorkerCounts
                   from strategy in ServerStrategies
                   select Run(strategy, workers, clients, (strategy == "inline" ? 400 : strategy == "thread" ? 4 : 9) * clients * (workers == 2 && strategy == "thread" && clients == 1 ? 0.5 : 1)),
            ],
            new ServerDrill(2, 1750, 3, 1166, 412.4, 0.8, 2.5, 30),
            new ServerCrossCheck(null, null, null, null, "skipped: neither wrk nor bombardier is on the PATH")));
    }

    // inline takes the work's time; the others add a start-up cost and divide the work by the workers
    private static double TimeNs(string method, long throws, int workers, double gain = 1) =>
        method == "Inline" ? throws * 2.6 / gain : 50_000 * (Array.IndexOf(Strategies, method) + 1) + throws * 2.6 / gain / workers;
}
