namespace DiceOffload.ResultFiles;

/// <summary>
/// The machine's health during a study (<c>scenarios/health.json</c>, version 1): a short calibration of the scalar
/// loop before and after each benchmark class, so that a host whose speed drifted or that was throttled is recognized
/// rather than published as a finding.
/// </summary>
public sealed record HealthRecord(int SchemaVersion, IReadOnlyList<HealthCheck> Checks)
{
    public const int Version = 1;
}

/// <summary>One calibration.</summary>
/// <param name="Phase">The benchmark class it ran beside.</param>
/// <param name="When"><c>before</c> or <c>after</c> that class.</param>
/// <param name="NanosecondsPerThrow">The scalar loop on the study's thread, the fastest of several short runs.</param>
/// <param name="StealPercent">The share of CPU time the hypervisor took from this machine since the previous check
/// (<c>/proc/stat</c>'s steal column); null where it cannot be read, and for the first check.</param>
/// <param name="CpuMhz">The mean clock the kernel reported (<c>/proc/cpuinfo</c>); null where it cannot be read.</param>
public sealed record HealthCheck(string Phase, string When, DateTime AtUtc, double NanosecondsPerThrow, double? StealPercent, double? CpuMhz);
