using DiceOffload.ResultFiles;

namespace DiceOffload.Tests.Report;

/// <summary>"In a container with a CPU limit": the quota experiment's tables, verdicts and rule, from quota.json.</summary>
public sealed class ReportQuotaTests : ReportTestBase
{
    private const string Count = QuotaResult.ProcessorCountSetting, Whole = QuotaResult.WholeCpusSetting, Variable = QuotaResult.VariableSetting;

    private static IEnumerable<QuotaJobRun> Jobs(double? cpus, string strategy, string setting, int workers, int processorCount, double[] ms, double throttledMs) =>
        ms.Select((m, i) => new QuotaJobRun(cpus, strategy, setting, workers, processorCount, i + 1, m, 3, throttledMs > 0 ? 2 : 0, throttledMs));

    private static IEnumerable<QuotaJobRun> InContainer(IEnumerable<QuotaJobRun> runs) => runs.Select(r => r with { Where = QuotaJobRun.InContainer });

    private static IEnumerable<QuotaServerRun> Server(double cpus, string setting, int workers, int processorCount, double[] p99, double throttledMs, long queued) =>
        p99.Select((p, i) => new QuotaServerRun(cpus, setting, "parallel-for", workers, processorCount, i + 1, 300, 0, 3, p, p * 1.1, 400, 200,
            processorCount, 3, queued, 15, throttledMs > 0 ? 2 : 0, throttledMs));

    private void WriteQuota(IEnumerable<QuotaJobRun> jobs, IEnumerable<QuotaServerRun> server)
    {
        var environment = new ScenarioEnvironment(2, "Linux", ".NET 10", "study", DateTimeOffset.UnixEpoch);
        var result = new QuotaResult(QuotaResult.CurrentSchemaVersion, environment, "v1 (/sys/fs/cgroup/cpu)", 100_000, 250, 90_000_000, 400, 140_000_000, 200, 1500, 250,
            [.. jobs], [.. server]);
        ScenarioFiles.Write(Path.Combine(Results, "scenarios", ResultsLayout.QuotaFile), result);
    }

    private static string Section(string report)
    {
        int start = report.IndexOf("\n## In a container with a CPU limit", StringComparison.Ordinal);
        Assert.True(start >= 0, "no quota section");
        int end = report.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        return report[start..(end < 0 ? report.Length : end)];
    }

    [Fact]
    public async Task Quota_TablesVerdictsAndTheRule_ComeFromTheRuns()
    {
        ReportFixtures.Write(Results);
        WriteQuota(
            [
                .. Jobs(null, "inline", "no-quota", 1, 2, [250, 251, 252], 0),
                .. Jobs(null, "parallel-for", "no-quota", 2, 2, [130, 131, 132], 0),
                .. Jobs(1, "parallel-for", Count, 1, 1, [250, 252, 254], 0),
                .. Jobs(1.5, "parallel-for", Count, 2, 2, [160, 170, 180], 60),
                .. Jobs(1.5, "parallel-for", Whole, 1, 2, [250, 251, 253], 0),
                .. Jobs(1.5, "parallel-for", Variable, 1, 1, [250, 252, 255], 0),
                .. InContainer(Jobs(1.5, "parallel-for", Count, 2, 2, [150, 165, 175], 50)),
                .. InContainer(Jobs(1.5, "parallel-for", Whole, 1, 2, [251, 252, 256], 0)),
                // a run faster than two cores allow against inline: flagged
                .. Jobs(2, "parallel-for", Count, 2, 2, [100, 101, 102], 0),
            ],
            [
                .. Server(1, Count, 1, 1, [300, 350, 400], 5, 50),
                .. Server(1.5, Count, 2, 2, [200, 250, 260], 66, 5),
                .. Server(1.5, Whole, 1, 2, [7, 8, 9], 0, 1),
                .. Server(1.5, Variable, 1, 1, [450, 500, 520], 0, 79),
                .. Server(2, Count, 2, 2, [150, 160, 170], 0, 30),
            ]);

        string report = await ReportTextAsync();
        string section = Section(report);

        // the guide's row and the summary's finding rest on the server runs at 1.5 CPUs
        Assert.Contains("| a container with a CPU limit | workers = the quota's whole CPUs (1 at 1.5), not `ProcessorCount` (2) | at 1.5 CPUs, `/ping` p99 8.00 ms (7.00 – 9.00) on 1 worker, 250 ms (200 – 260) on 2: lower in every run |", report, StringComparison.Ordinal);
        Assert.Contains("- Under a 1.5-CPU quota, the server's `/ping` p99 was 8.00 ms with the job on the quota's 1 worker and 250 ms on the 2 `ProcessorCount` gives (lower in every run; 3 runs each).", report, StringComparison.Ordinal);

        Assert.Contains("(cgroup v1 (/sys/fs/cgroup/cpu))", section, StringComparison.Ordinal);
        Assert.Contains("Speedups are against the job inline on one core with no quota, 251 ms in the same runs", section, StringComparison.Ordinal);
        // what the runtime said: rounded up at 1.5, one with the variable
        Assert.Contains("| 1.5 | 2 | 1 | 1 |", section, StringComparison.Ordinal);
        Assert.Contains("| no quota | 2 |  |  |", section, StringComparison.Ordinal);
        Assert.Contains("| 1.5 | parallel-for | 2 (processor-count) | 170 (160 – 180) | 1.48× | 1.50× | 2 of 3 | 60.0 |", report, StringComparison.Ordinal);
        Assert.Contains("| 2 | parallel-for | 2 (processor-count) | 101 (100 – 102) | 2.49× ⚑ above what its workers and the cores allow, even in its slowest run against the fastest inline run | 2.00× |", report, StringComparison.Ordinal);
        Assert.Contains("| 1.5 | parallel-for | 1 (processor-count-variable) |", report, StringComparison.Ordinal);
        Assert.Contains("| 1.5 | parallel-for (podman container) | 2 (processor-count) | 165 (150 – 175) |", report, StringComparison.Ordinal);
        Assert.Contains("In a podman container limited with `--cpus=1.5` (the project's image, `containers/build.sh`), beside the study's own group of the same quota: "
            + "`processor-count`: `ProcessorCount` 2 (the same in the study's group), parallel-for took 165 ms against 170 ms in the group, not distinguishable; "
            + "`whole-cpus`: `ProcessorCount` 2 (the same in the study's group), parallel-for took 252 ms against 251 ms in the group, not distinguishable.", section, StringComparison.Ordinal);
        Assert.Contains("At 1.5 CPUs, parallel-for on 1 worker(s) against 2: the job took 251 ms against 170 ms, higher in every run; throttled 0 ms against 60.0 ms.", report, StringComparison.Ordinal);
        Assert.Contains("| 1.5 | 1 (whole-cpus) | 2 | 2 | 3.00 | 8.00 (7.00 – 9.00) |", report, StringComparison.Ordinal);
        Assert.Contains("| lower in every run |", report, StringComparison.Ordinal);
        Assert.Contains("At 1.5 CPUs `ProcessorCount` said 2: the server with one parallel-for job on 2 workers was throttled 66.0 ms during the load and answered `/ping` with a p99 of 250 ms; "
            + "on the quota's 1 whole CPU(s) it was throttled 0 ms and its p99 was 8.00 ms, lower in every run, while the job alone took 1.48× its time on 2 workers (higher in every run).", section, StringComparison.Ordinal);
        Assert.Contains("At 2 CPUs, where the quota covers the 2 workers and nothing was throttled, the same job gave a p99 of 160 ms: the throttling at 1.5 CPUs added the difference (higher in every run), and the rest is the pool starvation", section, StringComparison.Ordinal);
        Assert.Contains("The rule these runs support: under a CPU limit that is not a whole number, size CPU-bound work by the quota's whole CPUs", section, StringComparison.Ordinal);
        Assert.Contains("Setting `DOTNET_PROCESSOR_COUNT=1` instead gave a p99 of 500 ms (higher in every run against the whole CPUs set as the worker count): it also lowers the thread pool's minimum to 1", section, StringComparison.Ordinal);
        Assert.Contains("At 1 CPUs `ProcessorCount` is 1, so the pool's minimum is one thread and one job on the request's thread holds it: p99 350 ms with 50 work items queued at peak.", section, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Results, "charts", "quota.png")), "quota.png was not drawn");
    }

    [Fact]
    public async Task Quota_WholeCpusNotDistinguishable_SupportsNoRule()
    {
        ReportFixtures.Write(Results);
        WriteQuota(
            [.. Jobs(null, "inline", "no-quota", 1, 2, [250, 251, 252], 0), .. Jobs(1.5, "parallel-for", Count, 2, 2, [160, 170, 180], 60)],
            [.. Server(1.5, Count, 2, 2, [8, 20, 30], 10, 1), .. Server(1.5, Whole, 1, 2, [7, 9, 25], 0, 1)]);

        string report = await ReportTextAsync();
        string section = Section(report);

        Assert.Contains("its p99 was 9.00 ms, not distinguishable.", section, StringComparison.Ordinal);
        Assert.Contains("These runs do not show the whole CPUs keeping the server more responsive, so they support no rule on the worker count here.", section, StringComparison.Ordinal);
        Assert.Contains("| a container with a CPU limit | either worker count: the runs did not tell them apart |", report, StringComparison.Ordinal);
        Assert.DoesNotContain("where the quota covers", section, StringComparison.Ordinal);
        Assert.DoesNotContain("The rule these runs support", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quota_ThrottlingNotDistinguishableFromTheUnthrottledQuota_SaysItAddedNothingTheRunsCanTellApart()
    {
        ReportFixtures.Write(Results);
        WriteQuota(
            [.. Jobs(null, "inline", "no-quota", 1, 2, [250, 251, 252], 0)],
            [.. Server(1.5, Count, 2, 2, [230, 242, 250], 75, 5), .. Server(1.5, Whole, 1, 2, [7, 8, 9], 0, 1), .. Server(2, Count, 2, 2, [200, 238, 260], 0, 30)]);

        string section = Section(await ReportTextAsync());

        Assert.Contains("the same job gave a p99 of 238 ms: the throttling at 1.5 CPUs added nothing these runs can tell apart (not distinguishable), and the p99 is the pool starvation", section, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.66, 1.6, 1.5, 2, true, 0.02, " ⚑ above the quota's average rate in every run")]
    [InlineData(1.66, 1.2, 1.5, 2, true, 0.02, " ⚑ above the ideal by no more than the inline runs' own spread (2.0%)")]
    [InlineData(1.01, 1.004, 1, 1, true, 0.028, " ⚑ above the ideal by no more than the inline runs' own spread (2.8%)")]
    [InlineData(2.1, 1.9, 2, 2, false, 0.01, " ⚑ above the ideal by no more than")]
    [InlineData(2.5, 2.1, 2, 2, false, 0.01, " ⚑ above what its workers and the cores allow")]
    [InlineData(1.4, 1.2, 1.5, 2, true, 0.01, "")]
    public void Flag_NamesWhyASpeedupIsAboveItsIdeal(double speedup, double lowest, double ideal, double cores, bool quota, double spread, string start)
    {
        string flag = DiceOffload.Reporting.Report.Claims.AboveQuotaIdeal(speedup, lowest, ideal, cores, quota, spread);

        Assert.StartsWith(start, flag, StringComparison.Ordinal);
        Assert.Equal(start.Length == 0, flag.Length == 0);
    }

    [Fact]
    public async Task Quota_NoFile_IsAbsentAndSaysWhy()
    {
        ReportFixtures.Write(Results);

        string section = Section(await ReportTextAsync());

        Assert.Contains("No results: no quota.json (the study makes its cgroups as root on Linux, and says \"quota: skipped\" where it cannot). See Missing below.", section, StringComparison.Ordinal);
    }
}
