using System.Globalization;
using System.Text.Json;
using DiceOffload.Bench.Cli;
using DiceOffload.Cgroups;
using DiceOffload.Processes;
using DiceOffload.ResultFiles;
using DiceOffload.Strategies;

namespace DiceOffload.Bench.Scenarios;

/// <summary>One way of choosing the worker count inside a quota: the workers it asks for (null: what
/// <c>ProcessorCount</c> says inside) and the variable it sets.</summary>
internal sealed record QuotaWorkers(string Setting, int? Workers, string? ProcessorCountVariable);

/// <summary>
/// The quota experiment: a cgroup of the study's own per CPU quota (v1 or v2, as the host has it), the job run in it by
/// <c>run</c> in a child process born inside, and <c>serve</c> started inside with <c>/ping</c> sent from outside while
/// one heavy parallel-for job runs. Each with the workers <c>ProcessorCount</c> gives, the quota's whole CPUs, and
/// <c>DOTNET_PROCESSOR_COUNT</c> set to them, where these differ. Where no cgroup can be made here (not root, no cpu
/// controller) the study says why in one line and goes on.
/// </summary>
internal static class QuotaScenario
{
    /// <summary>The quotas measured, in CPUs: half a core to two, the steps a Kubernetes limit is usually set in.</summary>
    public static IReadOnlyList<double> Quotas(ScenarioSettings settings) => settings.Mode == "study" ? [0.5, 1, 1.5, 2] : [1.5];

    /// <summary>The ways of running the job whose worker count a quota should set.</summary>
    public static IReadOnlyList<string> Strategies { get; } = [ParallelForStrategy.Entry.Name, ThreadStrategy.Entry.Name, ProcessPoolStrategy.Entry.Name];

    /// <summary>The job, inline on one core (a few quota periods at every quota), and the server's heavy job, which at half a
    /// CPU still ends inside the server's load.</summary>
    public static (TimeSpan Job, TimeSpan ServerJob, TimeSpan Load, TimeSpan JobStart) Sizes(ScenarioSettings settings) => settings.Mode == "study"
        ? (TimeSpan.FromSeconds(0.25), TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(0.25))
        : (TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(3), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.1));

    /// <summary>What .NET makes of a quota (it rounds up, and caps at the cores): the worker count a default plans for.</summary>
    public static int RuntimeProcessorCount(double cpus, int cores) => Math.Clamp((int)Math.Ceiling(cpus - 1e-9), 1, cores);

    /// <summary>The quota's whole CPUs, at least one: the workers that cannot spend more than the budget.</summary>
    public static int WholeCpus(double cpus) => Math.Max(1, (int)Math.Floor(cpus + 1e-9));

    /// <summary>The worker settings measured at a quota: one where they all agree, three where rounding up differs.</summary>
    public static IReadOnlyList<QuotaWorkers> WorkerSettings(double cpus, int cores)
    {
        int whole = WholeCpus(cpus);
        QuotaWorkers byCount = new(QuotaResult.ProcessorCountSetting, null, null);
        if (whole == RuntimeProcessorCount(cpus, cores))
            return [byCount];
        string w = whole.ToString(CultureInfo.InvariantCulture);
        return [byCount, new(QuotaResult.WholeCpusSetting, whole, null), new(QuotaResult.VariableSetting, null, w)];
    }

    /// <summary>The quota the container runs are made at: the first whose worker settings split (1.5 on two cores); null where none does.</summary>
    public static double? ContainerQuota(ScenarioSettings settings, int cores) =>
        Quotas(settings).Cast<double?>().FirstOrDefault(q => WorkerSettings(q!.Value, cores).Count > 1);

    /// <summary>About how long the scenario takes: each child's start, its cold and timed runs at the quota's speed, and each server's start and load.</summary>
    public static TimeSpan Planned(ScenarioSettings settings)
    {
        var (job, _, load, _) = Sizes(settings);
        int cores = Environment.ProcessorCount;
        var start = TimeSpan.FromSeconds(0.3);
        var total = (start + 2 * job) * (Strategies.Count + 1);    // the baseline without a quota
        foreach (double cpus in Quotas(settings))
        {
            int settingsCount = WorkerSettings(cpus, cores).Count;
            total += (start + 2 * job / Math.Min(cpus, cores)) * Strategies.Count * settingsCount;
            total += (TimeSpan.FromSeconds(1) + load) * settingsCount;
        }
        // where podman runs the image: a container's start and the job at the first split quota per setting
        if (ContainerQuota(settings, cores) is { } q && QuotaContainers.MayRun)
            total += (TimeSpan.FromSeconds(1) + 2 * job / Math.Min(q, cores)) * WorkerSettings(q, cores).Count;
        return total * settings.Repetitions;
    }

    /// <returns>The result; null when no cgroup can be made here (the log says why).</returns>
    /// <param name="containerSettings">podman's settings for this machine (the repository's <c>containers/containers.conf</c>);
    /// where podman and the project's image are there, the job also runs in a container limited to the first quota the
    /// worker settings split at, to show that the container and the study's own group agree.</param>
    public static async Task<QuotaResult?> RunAsync(ScenarioSettings settings, TextWriter log, string? containerSettings = null, CancellationToken cancellationToken = default)
    {
        var (job, serverJob, load, jobStart) = Sizes(settings);
        double nsPerThrow = settings.Sizing?.NanosecondsPerThrow ?? throw new InvalidOperationException("the scenarios' jobs are sized in time: call SizedFor first.");
        long throws = LoopCalibration.ThrowsFor(job, nsPerThrow), serverThrows = LoopCalibration.ThrowsFor(serverJob, nsPerThrow);
        string where;
        try
        {
            // made once to find out whether it can be, and where
            using var probe = QuotaGroup.Create(GroupName("probe"), 1);
            where = $"v{(int)probe.Files.Version} ({Path.GetDirectoryName(probe.Files.Folder)})";
        }
        catch (CgroupUnavailableException ex)
        {
            await log.WriteLineAsync($"quota: skipped: {ex.Message}");
            return null;
        }
        int cores = Environment.ProcessorCount;
        double? containerQuota = ContainerQuota(settings, cores);
        var (podman, podmanEnvironment, noPodman) = await QuotaContainers.FindAsync(containerSettings, cancellationToken);
        await log.WriteLineAsync(podman is null
            ? $"quota: in a container: skipped: {noPodman}"
            : $"quota: in a container: podman run --cpus={Cpus(containerQuota)} {QuotaContainers.Image}, beside the study's own groups");
        var server = new ServerSettings(serverThrows, 200, load, jobStart, []);
        var jobs = new List<QuotaJobRun>();
        var serverRuns = new List<QuotaServerRun>();
        for (int repetition = 1; repetition <= settings.Repetitions; repetition++)
        {
            // the baseline: no quota, inline on one core and each strategy at every core
            foreach (var (strategy, workers) in Strategies.Select(s => (s, (int?)cores)).Prepend((InlineStrategy.Entry.Name, 1)))
                jobs.Add(await JobAsync(null, strategy, new QuotaWorkers("no-quota", workers, null), throws, repetition, log, cancellationToken));
            foreach (double cpus in Quotas(settings))
            {
                foreach (var workers in WorkerSettings(cpus, cores))
                {
                    foreach (string strategy in Strategies)
                        jobs.Add(await JobAsync(cpus, strategy, workers, throws, repetition, log, cancellationToken));
                    serverRuns.Add(await ServerAsync(server, cpus, workers, repetition, log, cancellationToken));
                }
            }
            if (podman is not null && containerQuota is { } inContainer)
            {
                foreach (var workers in WorkerSettings(inContainer, cores))
                {
                    var run = await ContainerJobAsync(podman, podmanEnvironment, inContainer, workers, throws, repetition, log, cancellationToken);
                    if (run is null)
                    {
                        podman = null;
                        break;
                    }
                    jobs.Add(run);
                }
            }
        }
        return new QuotaResult(QuotaResult.CurrentSchemaVersion, ScenarioSettings.Environment(settings), where, CpuLimit.DefaultPeriodUs, job.TotalMilliseconds, throws,
            serverJob.TotalMilliseconds, serverThrows, server.PingRate, load.TotalMilliseconds, jobStart.TotalMilliseconds, jobs, serverRuns);
    }

    private static string GroupName(string what) => $"dice-offload-quota-{Environment.ProcessId}-{what}";

    private static string Cpus(double? cpus) => cpus is { } c ? c.ToString("0.##", CultureInfo.InvariantCulture) : "none";

    /// <summary>What <c>run</c> is asked for: the strategy on the job, one cold run then one timed, with the setting's workers.</summary>
    private static string[] RunArguments(string strategy, QuotaWorkers workers, long throws) =>
        ["run", "--strategy", strategy, "--throws", throws.ToString(CultureInfo.InvariantCulture), "--repeat", "1", "--json",
            .. workers.Workers is { } w ? new[] { "--workers", w.ToString(CultureInfo.InvariantCulture) } : []];

    private static Dictionary<string, string>? Variables(QuotaWorkers workers) =>
        workers.ProcessorCountVariable is { } count ? new Dictionary<string, string> { ["DOTNET_PROCESSOR_COUNT"] = count } : null;

    /// <summary>The job in a child <c>run</c> born inside a group of its own (none for the baseline): a cold run, then one timed.</summary>
    private static async Task<QuotaJobRun> JobAsync(double? cpus, string strategy, QuotaWorkers workers, long throws, int repetition, TextWriter log, CancellationToken cancellationToken)
    {
        string[] arguments = RunArguments(strategy, workers, throws);
        using var group = cpus is { } c ? QuotaGroup.Create(GroupName($"{Cpus(c)}-{strategy}"), c) : null;
        var command = group?.Enter(WorkerLaunch.DotnetHostPath(), [BenchProgram.Path, .. arguments]) ?? [WorkerLaunch.DotnetHostPath(), BenchProgram.Path, .. arguments];
        using var child = WorkerProcess.Start(new WorkerLaunch(command[0], [.. command.Skip(1)], Variables(workers)), [], "quota job");
        var exit = await child.WaitAsync(cancellationToken);
        if (exit.ExitCode != 0)
            throw new InvalidOperationException($"run {string.Join(' ', arguments)} at a quota of {Cpus(cpus)} CPUs exited with code {exit.ExitCode}: {exit.StandardError.Trim()}");
        return await RecordAsync(exit, cpus, strategy, workers, repetition, null, log);
    }

    /// <summary>The job in the project's image under <c>podman run --cpus</c>; null (and a line saying why) where podman failed.</summary>
    private static async Task<QuotaJobRun?> ContainerJobAsync(string podman, IReadOnlyDictionary<string, string> environment, double cpus, QuotaWorkers workers, long throws, int repetition,
        TextWriter log, CancellationToken cancellationToken)
    {
        string strategy = ParallelForStrategy.Entry.Name;
        var exit = await QuotaContainers.RunAsync(podman, environment, cpus, Variables(workers), RunArguments(strategy, workers, throws), cancellationToken);
        if (exit.ExitCode != 0)
        {
            string why = exit.StandardError.Trim().Split('\n').LastOrDefault(l => l.Length > 0) ?? "";
            await log.WriteLineAsync($"quota: in a container: podman run exited with code {exit.ExitCode} ({why}); the container runs are skipped from here.");
            return null;
        }
        return await RecordAsync(exit, cpus, strategy, workers, repetition, QuotaJobRun.InContainer, log);
    }

    /// <summary>The run's record from its JSON, checked against the quota it was given.</summary>
    private static async Task<QuotaJobRun> RecordAsync(WorkerExit exit, double? cpus, string strategy, QuotaWorkers workers, int repetition, string? where, TextWriter log)
    {
        var record = JsonSerializer.Deserialize<List<RunJson>>(exit.StandardOutput, ScenarioFiles.Json)?.SingleOrDefault()
            ?? throw new InvalidOperationException($"run at a quota of {Cpus(cpus)} CPUs printed no result: {exit.StandardOutput.Trim()}");
        // the child must have seen the quota it was given: a shell that could not enter the group would run unlimited
        if (cpus is { } expected && (record.CpuQuota is not { } seen || Math.Abs(seen - expected) > 0.01))
            throw new InvalidOperationException($"run {(where is null ? "in the group" : "in the container")} of {Cpus(expected)} CPUs saw a quota of {Cpus(record.CpuQuota)}.");
        var stat = record.Throttling is [{ } first, ..] ? first : new CpuStat(0, 0, 0);
        var run = new QuotaJobRun(cpus, strategy, workers.Setting, record.Workers, record.ProcessorCount, repetition, record.ElapsedMs, stat.Periods, stat.ThrottledPeriods, stat.ThrottledMs, where);
        await log.WriteLineAsync($"quota: {Cpus(cpus),4} CPUs, {strategy + (where is null ? "" : $" ({where})"),-22} {workers.Setting,-24} ProcessorCount {run.ProcessorCount}, {run.Workers} workers: {run.ElapsedMs,8:0.0} ms, "
            + $"throttled in {run.ThrottledPeriods} of {run.Periods} periods ({run.ThrottledMs:0.0} ms)");
        return run;
    }

    /// <summary><c>serve</c> born inside a group of its own, <c>/ping</c> from outside, one heavy parallel-for job; cpu.stat over the load.</summary>
    private static async Task<QuotaServerRun> ServerAsync(ServerSettings settings, double cpus, QuotaWorkers workers, int repetition, TextWriter log, CancellationToken cancellationToken)
    {
        string strategy = ParallelForStrategy.Entry.Name;
        using var group = QuotaGroup.Create(GroupName($"{Cpus(cpus)}-serve"), cpus);
        var measured = await ServerScenario.MeasureAsync(settings, [], Variables(workers) ?? [], strategy, workers.Workers, 1, ServerRun.Normal, cancellationToken, group);
        var stat = measured.Throttling!;
        var (p50, p99, _, max) = ServerScenario.Percentiles(measured.Samples);
        var (rollMs, status) = measured.Answers.Single();
        var run = new QuotaServerRun(cpus, workers.Setting, strategy, workers.Workers ?? measured.ProcessorCount, measured.ProcessorCount, repetition,
            measured.Samples.Count, measured.Samples.Count(s => !s.Ok), p50, p99, max, Math.Round(rollMs, 1), status, measured.MinThreads,
            measured.PeakThreads, measured.PeakQueued,
            stat.Periods, stat.ThrottledPeriods, stat.ThrottledMs);
        await log.WriteLineAsync($"quota: {Cpus(cpus),4} CPUs, {"serve",-22} {workers.Setting,-24} ProcessorCount {run.ProcessorCount}, {run.Workers} workers: /ping p50 {p50:0.00} p99 {p99:0.00} max {max:0.0} ms; "
            + $"pool minimum {run.MinThreads}, peak {run.PeakThreads} threads, {run.PeakQueued} queued; "
            + $"/roll {run.RollMs:0} ms ({status}); throttled in {run.ThrottledPeriods} of {run.Periods} periods ({run.ThrottledMs:0.0} ms)");
        return run;
    }

    /// <summary>The fields of <c>run --json</c> the scenario reads.</summary>
    private sealed record RunJson(string Strategy, int Workers, double ElapsedMs, int ProcessorCount, double? CpuQuota, IReadOnlyList<CpuStat?>? Throttling);
}
