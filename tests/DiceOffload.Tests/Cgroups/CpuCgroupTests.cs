using DiceOffload.Cgroups;

namespace DiceOffload.Tests.Cgroups;

/// <summary>Reading a CPU limit and its throttling on cgroup v1 and v2, from fixtures laid out as the kernel lays them out.</summary>
public sealed class CpuCgroupTests : CgroupFixture
{
    // a hybrid host like the study's: v1 controllers, and a v2 mount that holds none of them
    private const string HybridMounts =
        "30 23 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
        + "31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw\n"
        + "34 30 0:30 / /sys/fs/cgroup/cpu rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,cpu\n"
        + "35 30 0:31 / /sys/fs/cgroup/cpuacct rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,cpuacct\n";

    private const string V2Mounts = "29 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n";

    [Fact]
    public void Own_V1_ReadsTheQuotaAndTheThrottlingInNanoseconds()
    {
        Write("/proc/self/mountinfo", HybridMounts);
        Write("/proc/self/cgroup", "4:memory:/other\n2:cpuacct:/job\n1:cpu:/job\n0::/\n");
        Write("/sys/fs/cgroup/cpu/job/cpu.cfs_quota_us", "150000\n");
        Write("/sys/fs/cgroup/cpu/job/cpu.cfs_period_us", "100000\n");
        Write("/sys/fs/cgroup/cpu/job/cpu.stat", "nr_periods 27\nnr_throttled 25\nthrottled_time 1234567890\nnr_bursts 0\nburst_time 0\n");

        var group = CpuCgroup.Own(Root);

        Assert.NotNull(group);
        Assert.Equal(CgroupVersion.V1, group.Version);
        Assert.Equal(CpuCgroup.Under(Root, "/sys/fs/cgroup/cpu/job"), group.Folder);
        Assert.Equal(new CpuLimit(1.5, 100_000), group.ReadLimit());
        Assert.Equal(new CpuStat(27, 25, 1234.568), group.ReadStat());
        Assert.Equal("1.5 CPUs per 100 ms period", group.ReadLimit().ToString());
    }

    [Fact]
    public void Own_V2_ReadsCpuMaxAndTheThrottlingInMicroseconds()
    {
        Write("/proc/self/mountinfo", V2Mounts);
        Write("/proc/self/cgroup", "0::/kubepods/pod1/box\n");
        Write("/sys/fs/cgroup/kubepods/pod1/box/cpu.max", "50000 100000\n");
        Write("/sys/fs/cgroup/kubepods/pod1/box/cpu.stat", "usage_usec 100\nuser_usec 50\nsystem_usec 50\nnr_periods 10\nnr_throttled 4\nthrottled_usec 200500\n");

        var group = CpuCgroup.Own(Root);

        Assert.NotNull(group);
        Assert.Equal(CgroupVersion.V2, group.Version);
        Assert.Equal(new CpuLimit(0.5, 100_000), group.ReadLimit());
        Assert.Equal(new CpuStat(10, 4, 200.5), group.ReadStat());
    }

    [Fact]
    public void Own_V2WithoutAQuota_SaysNoQuota()
    {
        Write("/proc/self/mountinfo", V2Mounts);
        Write("/proc/self/cgroup", "0::/\n");
        Write("/sys/fs/cgroup/cpu.max", "max 100000\n");

        var limit = CpuCgroup.Own(Root)!.ReadLimit();

        Assert.Null(limit.Cpus);
        Assert.Equal("no quota", limit.ToString());
    }

    [Fact]
    public void Own_InAContainerSharingTheHostsNamespace_ReadsTheMountsOwnTop()
    {
        // the path names the host's folder; inside the container the group's own files are at the mount's top
        Write("/proc/self/mountinfo", "700 690 0:30 /machine/libpod-abc /sys/fs/cgroup/cpu ro,nosuid - cgroup cgroup rw,cpu\n");
        Write("/proc/self/cgroup", "1:cpu:/libpod_parent/libpod-abc\n");
        Write("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "150000");
        Write("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000");

        var group = CpuCgroup.Own(Root);

        Assert.Equal(CpuCgroup.Under(Root, "/sys/fs/cgroup/cpu"), group!.Folder);
        Assert.Equal(1.5, group.ReadLimit().Cpus);
    }

    [Fact]
    public void Own_AMountedHierarchysRoot_IsTakenOffThePath()
    {
        Write("/proc/self/mountinfo", "700 690 0:30 /box /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu,cpuacct\n");
        Write("/proc/self/cgroup", "3:cpu,cpuacct:/box/inner\n");
        Write("/sys/fs/cgroup/cpu/inner/cpu.cfs_quota_us", "-1");
        Write("/sys/fs/cgroup/cpu/inner/cpu.cfs_period_us", "100000");

        var group = CpuCgroup.Own(Root);

        Assert.Equal(CpuCgroup.Under(Root, "/sys/fs/cgroup/cpu/inner"), group!.Folder);
        Assert.Null(group.ReadLimit().Cpus);
    }

    [Fact]
    public void Own_NoCpuControllerMounted_IsNull()
    {
        Write("/proc/self/mountinfo", "30 23 0:26 / /sys/fs/cgroup ro - tmpfs tmpfs ro\n35 30 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");
        Write("/proc/self/cgroup", "4:memory:/\n");

        Assert.Null(CpuCgroup.Own(Root));
        Assert.Null(CpuCgroup.Own(Path.Combine(Root, "nothing-here")));
    }

    [Theory]
    [InlineData("150000", "0")]
    [InlineData("0", "100000")]
    [InlineData("-2", "100000")]
    [InlineData("lots", "100000")]
    public void ParseV1Limit_WhatTheKernelNeverWrites_IsAFormatErrorNamingTheFile(string quota, string period)
    {
        var error = Assert.Throws<FormatException>(() => CpuCgroup.ParseV1Limit(quota, period));

        Assert.Matches("^cpu.cfs_(quota|period)_us should be", error.Message);
    }

    [Theory]
    [InlineData("max")]
    [InlineData("150000")]
    [InlineData("-5 100000")]
    [InlineData("max 0")]
    public void ParseCpuMax_WhatTheKernelNeverWrites_IsAFormatErrorNamingTheFile(string text)
    {
        var error = Assert.Throws<FormatException>(() => CpuCgroup.ParseCpuMax(text));

        Assert.StartsWith("cpu.max", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseStat_WithoutTheThrottlingLines_IsAFormatError_AndV1IsNotReadAsV2()
    {
        Assert.Equal("cpu.stat has no nr_throttled line.", Assert.Throws<FormatException>(() => CpuCgroup.ParseStat("nr_periods 1\n", CgroupVersion.V1)).Message);
        Assert.Equal("cpu.stat has no throttled_usec line.", Assert.Throws<FormatException>(() => CpuCgroup.ParseStat("nr_periods 1\nnr_throttled 1\nthrottled_time 5\n", CgroupVersion.V2)).Message);
    }

    [Fact]
    public void Since_IsWhatWasCountedBetweenTwoReadings()
    {
        Assert.Equal(new CpuStat(5, 3, 120.5), new CpuStat(15, 8, 220.5).Since(new CpuStat(10, 5, 100)));
    }
}
