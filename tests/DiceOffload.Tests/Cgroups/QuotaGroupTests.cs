using System.Diagnostics;
using DiceOffload.Cgroups;

namespace DiceOffload.Tests.Cgroups;

/// <summary>Making a group with a quota: the files written on v1 and v2 (fixtures), the refusals, and on this machine
/// a real group emptied and removed.</summary>
public sealed class QuotaGroupTests : CgroupFixture
{
    [Fact]
    public void Create_V1_WritesThePeriodAndTheQuota_AndDisposeRemovesTheGroup()
    {
        Write("/proc/self/mountinfo", "34 30 0:30 / /sys/fs/cgroup/cpu rw,relatime shared:14 - cgroup cgroup rw,cpu\n");
        string folder;
        using (var group = QuotaGroup.Create("job", 1.5, Root, requireRoot: false))
        {
            folder = group.Files.Folder;
            Assert.Equal(CpuCgroup.Under(Root, "/sys/fs/cgroup/cpu/job"), folder);
            Assert.Equal("100000", File.ReadAllText(Path.Combine(folder, "cpu.cfs_period_us")));
            Assert.Equal("150000", File.ReadAllText(Path.Combine(folder, "cpu.cfs_quota_us")));
            Assert.Equal(new CpuLimit(1.5, 100_000), group.Limit);
            Assert.Contains(group, QuotaGroup.Live);
            Assert.Equal(["/bin/sh", "-c", "echo $$ > \"$1\" && shift && exec \"$@\"", "sh", Path.Combine(folder, "cgroup.procs"), "prog", "a b"], group.Enter("prog", ["a b"]));
        }
        Assert.False(Directory.Exists(folder));
        Assert.DoesNotContain(QuotaGroup.Live, g => g.Files.Folder == folder);
    }

    [Fact]
    public void Create_V2_HandsTheCpuControllerToChildren_AndWritesCpuMax()
    {
        Write("/proc/self/mountinfo", "29 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
        Write("/sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");
        string subtree = Write("/sys/fs/cgroup/cgroup.subtree_control", "memory pids\n");

        using var group = QuotaGroup.Create("job", 0.5, Root, requireRoot: false);

        Assert.Equal("+cpu", File.ReadAllText(subtree));
        Assert.Equal("50000 100000", File.ReadAllText(Path.Combine(group.Files.Folder, "cpu.max")));
        Assert.Equal(CgroupVersion.V2, group.Files.Version);
    }

    [Fact]
    public void Create_V2WithoutTheCpuController_RefusesInOneLine_AndMakesNothing()
    {
        Write("/proc/self/mountinfo", "29 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
        Write("/sys/fs/cgroup/cgroup.controllers", "memory pids\n");

        var error = Assert.Throws<CgroupUnavailableException>(() => QuotaGroup.Create("job", 1, Root, requireRoot: false));

        Assert.Matches("^the cgroup v2 hierarchy at .+ has no cpu controller \\(.+cgroup.controllers does not list it\\)\\.$", error.Message);
        Assert.False(Directory.Exists(CpuCgroup.Under(Root, "/sys/fs/cgroup/job")));
    }

    [Fact]
    public void Create_NoHierarchyMounted_RefusesInOneLine()
    {
        Write("/proc/self/mountinfo", "35 30 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");

        var error = Assert.Throws<CgroupUnavailableException>(() => QuotaGroup.Create("job", 1, Root, requireRoot: false));

        Assert.Equal("no cgroup hierarchy with a cpu controller is mounted (/proc/self/mountinfo names none).", error.Message);
    }

    [Fact]
    public void Create_NotRoot_RefusesInOneLine()
    {
        int? uid = QuotaGroup.EffectiveUserId();
        if (uid is null or 0)
        {
            // as root the refusal cannot happen; the id is read from /proc/self/status wherever there is one
            Assert.True(uid == 0 || !File.Exists("/proc/self/status"));
            return;
        }
        var error = Assert.Throws<CgroupUnavailableException>(() => QuotaGroup.Create("job", 1));
        Assert.Equal($"making a cgroup needs root; this runs as user {uid}.", error.Message);
    }

    [Fact]
    public void RemoveAll_OnThisMachine_KillsWhatRunsInAGroupAndRemovesIt()
    {
        QuotaGroup group;
        try
        {
            group = QuotaGroup.Create($"dice-offload-test-{Environment.ProcessId}-{Guid.NewGuid():N}", 0.5);
        }
        catch (CgroupUnavailableException ex)
        {
            // not root, or no cpu controller: the refusal is one line, and nothing is left
            Assert.DoesNotContain('\n', ex.Message);
            Assert.Empty(QuotaGroup.Live);
            return;
        }
        var command = group.Enter("/bin/sleep", ["60"]);
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (string argument in command.Skip(1))
            start.ArgumentList.Add(argument);
        using var sleeper = Process.Start(start)!;
        var clock = Stopwatch.StartNew();
        while (group.Processes().Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
            Thread.Sleep(10);
        Assert.Equal([sleeper.Id], group.Processes());
        Assert.Equal(0.5, group.Files.ReadLimit().Cpus);

        QuotaGroup.RemoveAll();

        Assert.True(sleeper.WaitForExit(TimeSpan.FromSeconds(10)), "the process in the group was not killed");
        Assert.False(Directory.Exists(group.Files.Folder));
        Assert.Empty(QuotaGroup.Live);
    }
}
