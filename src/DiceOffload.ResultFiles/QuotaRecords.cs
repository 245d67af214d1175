namespace DiceOffload.ResultFiles;

/// <summary>
/// The quota experiment, version 1 (<c>scenarios/quota.json</c>): the job and the server in a cgroup of the study's own
/// with a CPU quota, per quota and per way of choosing the worker count, with what the runtime made of the quota
/// (<c>Environment.ProcessorCount</c>) and what the kernel's <c>cpu.stat</c> counted.
/// </summary>
/// <param name="Cgroup">The cgroup interface and where the groups were made, e.g. <c>v1 (/sys/fs/cgroup/cpu)</c>.</param>
/// <param name="PeriodUs">The quota's period, the kernel's and Kubernetes' 100 ms.</param>
/// <param name="JobMs">The job's size as time inline on one core; <paramref name="JobThrows"/> its throws here.</param>
/// <param name="ServerJobThrows">The server's heavy <c>/roll</c> job, sent <paramref name="JobStartMs"/> into <paramref name="LoadMs"/> of <c>/ping</c> at <paramref name="PingRate"/>.</param>
public sealed record QuotaResult(int SchemaVersion, ScenarioEnvironment Environment, string Cgroup, long PeriodUs, double JobMs, long JobThrows,
    double ServerJobMs, long ServerJobThrows, double PingRate, double LoadMs, double JobStartMs, IReadOnlyList<QuotaJobRun> Jobs, IReadOnlyList<QuotaServerRun> Server)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>Workers = what <c>Environment.ProcessorCount</c> says inside the group (the default of <c>Parallel.For</c>, the pool, <c>run</c>).</summary>
    public const string ProcessorCountSetting = "processor-count";

    /// <summary>Workers = the quota's whole CPUs, at least one.</summary>
    public const string WholeCpusSetting = "whole-cpus";

    /// <summary><c>DOTNET_PROCESSOR_COUNT</c> set to the quota's whole CPUs, and workers = what <c>ProcessorCount</c> then says.</summary>
    public const string VariableSetting = "processor-count-variable";
}

/// <summary>One run of the job in a child process inside the group (null <paramref name="Cpus"/>: no quota, the baseline).</summary>
/// <param name="ProcessorCount">What <c>Environment.ProcessorCount</c> said in the child.</param>
/// <param name="ElapsedMs">The timed run after a cold one.</param>
/// <param name="Periods">What the group's cpu.stat counted during the timed run: quota periods, those throttled, and the threads' time stopped.</param>
/// <param name="Where"><see cref="InContainer"/> for a run in a podman container limited to <paramref name="Cpus"/>; null for one in the study's own group.</param>
public sealed record QuotaJobRun(double? Cpus, string Strategy, string Setting, int Workers, int ProcessorCount, int Repetition, double ElapsedMs,
    long Periods, long ThrottledPeriods, double ThrottledMs, string? Where = null)
{
    /// <summary>The job run in the project's image under <c>podman run --cpus</c>.</summary>
    public const string InContainer = "podman";
}

/// <summary>One run of the server inside the group: <c>/ping</c> from outside it while one heavy <c>/roll</c> runs under parallel-for.</summary>
/// <param name="MinThreads">The thread pool's minimum in the server (its default is <c>ProcessorCount</c>).</param>
/// <param name="PeakThreads">The most pool threads, and <paramref name="PeakQueued"/> the most queued work items, the server's sampler saw during the load.</param>
/// <param name="Periods">What the group's cpu.stat counted during the load.</param>
public sealed record QuotaServerRun(double Cpus, string Setting, string Strategy, int Workers, int ProcessorCount, int Repetition,
    int Requests, int Errors, double P50Ms, double P99Ms, double MaxMs, double RollMs, int RollStatus, int MinThreads, int PeakThreads, long PeakQueued,
    long Periods, long ThrottledPeriods, double ThrottledMs);
