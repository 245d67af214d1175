using DiceOffload.Bench.Scenarios;
using DiceOffload.Cgroups;
using DiceOffload.ResultFiles;

namespace DiceOffload.Tests.Scenarios;

/// <summary>The quota experiment: the worker-count rule, and a dry run in real groups that leaves none behind.</summary>
public sealed class QuotaScenarioTests
{
    [Theory]
    [InlineData(0.5, 2, 1, 1)]
    [InlineData(1, 2, 1, 1)]
    [InlineData(1.01, 2, 2, 1)]
    [InlineData(1.5, 2, 2, 1)]
    [InlineData(2, 2, 2, 2)]
    [InlineData(2.5, 2, 2, 2)]
    [InlineData(2.5, 4, 3, 2)]
    [InlineData(6, 4, 4, 6)]
    public void TheRuntimeRoundsUpAndCapsAtTheCores_TheWholeCpusRoundDown(double cpus, int cores, int processorCount, int whole)
    {
        Assert.Equal(processorCount, QuotaScenario.RuntimeProcessorCount(cpus, cores));
        Assert.Equal(whole, QuotaScenario.WholeCpus(cpus));
    }

    [Fact]
    public void WorkerSettings_AreOneWhereTheyAgree_AndThreeWhereRoundingUpDiffers()
    {
        Assert.Equal([new QuotaWorkers(QuotaResult.ProcessorCountSetting, null, null)], QuotaScenario.WorkerSettings(1, 2));
        Assert.Equal([new QuotaWorkers(QuotaResult.ProcessorCountSetting, null, null)], QuotaScenario.WorkerSettings(2, 2));
        Assert.Equal(
            [
                new QuotaWorkers(QuotaResult.ProcessorCountSetting, null, null),
                new QuotaWorkers(QuotaResult.WholeCpusSetting, 1, null),
                new QuotaWorkers(QuotaResult.VariableSetting, null, "1"),
            ],
            QuotaScenario.WorkerSettings(1.5, 2));
    }

    [Fact]
    public void Planned_GrowsWithTheQuotasAndTheirSettings()
    {
        var dry = ScenarioSettings.Dry;
        var study = ScenarioSettings.Study;

        Assert.True(QuotaScenario.Planned(study) > QuotaScenario.Planned(dry));
        Assert.True(QuotaScenario.Planned(dry) > TimeSpan.Zero);
    }

    [Fact]
    public async Task RunAsync_Dry_RunsTheJobAndTheServerInsideTheirGroups_OrSaysWhyNot_AndLeavesNoGroup()
    {
        using var log = new StringWriter();
        var settings = ScenarioSettings.Dry.SizedFor(3);

        var result = await QuotaScenario.RunAsync(settings, log);

        Assert.Empty(QuotaGroup.Live);
        Assert.Empty(LeftGroups());
        if (result is null)
        {
            // not root, or no cpu controller here: one line, and the study goes on
            string line = Assert.Single(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("quota: skipped: ", line, StringComparison.Ordinal);
            return;
        }
        int cores = Environment.ProcessorCount;
        // every run saw the quota it was given (the scenario checks), and the runtime made of it what its rule says
        var atQuota = result.Jobs.Where(j => j.Cpus == 1.5).ToList();
        Assert.NotEmpty(atQuota);
        Assert.All(atQuota.Where(j => j.Setting == QuotaResult.ProcessorCountSetting), j => Assert.Equal(QuotaScenario.RuntimeProcessorCount(1.5, cores), j.ProcessorCount));
        Assert.All(atQuota.Where(j => j.Setting == QuotaResult.VariableSetting), j => Assert.Equal(1, j.ProcessorCount));
        Assert.All(atQuota.Where(j => j.Setting == QuotaResult.WholeCpusSetting), j => Assert.Equal(1, j.Workers));
        Assert.Contains(result.Jobs, j => j.Cpus is null && j.Strategy == "inline" && j.Workers == 1);
        Assert.All(result.Jobs, j => Assert.True(j.ElapsedMs > 0 && j.ThrottledPeriods <= j.Periods, j.ToString()));
        Assert.Equal(QuotaScenario.WorkerSettings(1.5, cores).Count, result.Server.Count);
        Assert.All(result.Server, s => Assert.True(s.RollStatus == 200 && s.Requests > 0 && s.P99Ms > 0 && s.MinThreads > 0, s.ToString()));
        Assert.StartsWith("v", result.Cgroup, StringComparison.Ordinal);
        // where podman and the project's image are there, the job ran in a container of the same quota too; else one line says why not
        var inContainer = result.Jobs.Where(j => j.Where == QuotaJobRun.InContainer).ToList();
        if (log.ToString().Contains("quota: in a container: skipped: ", StringComparison.Ordinal))
            Assert.Empty(inContainer);
        else if (!log.ToString().Contains("the container runs are skipped from here", StringComparison.Ordinal))
            Assert.Equal(QuotaScenario.WorkerSettings(1.5, cores).Count, inContainer.Count);
    }

    private static readonly string[] CpuMounts = ["/sys/fs/cgroup/cpu", "/sys/fs/cgroup"];

    /// <summary>The groups the scenario names after this process, wherever the cpu controller is mounted.</summary>
    private static string[] LeftGroups()
    {
        string prefix = $"dice-offload-quota-{Environment.ProcessId}-";
        return [.. CpuMounts.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateDirectories(d, prefix + "*"))];
    }
}
