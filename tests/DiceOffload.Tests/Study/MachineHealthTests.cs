using DiceOffload.Bench.Study;

namespace DiceOffload.Tests.Study;

/// <summary>The machine's calibration reads the hypervisor's steal time from /proc/stat's cpu line.</summary>
public sealed class MachineHealthTests
{
    [Fact]
    public void ParseStat_CpuLine_GivesStealAndTheTotalWithoutGuestTime()
    {
        var stat = MachineHealth.ParseStat("cpu  100 5 50 800 10 1 4 30 70 0");

        Assert.Equal((30L, 1000L), stat);
    }

    [Theory]
    [InlineData("cpu0 100 5 50 800 10 1 4 30 0 0")]   // a single core's line, not the total
    [InlineData("cpu  100 5 50")]                      // too few columns
    [InlineData("cpu  100 5 50 800 10 1 4 x 0 0")]
    public void ParseStat_NotTheTotalLine_IsNull(string line) => Assert.Null(MachineHealth.ParseStat(line));

    [Fact]
    public void StealPercent_IsTheStealShareOfTheTimeBetweenTwoReadings()
    {
        Assert.Equal(25.0, MachineHealth.StealPercent((10, 1000), (60, 1200)));
        Assert.Null(MachineHealth.StealPercent(null, (60, 1200)));
        Assert.Null(MachineHealth.StealPercent((10, 1000), (10, 1000)));
    }

    [Fact]
    public void Check_OnThisMachine_RecordsAPositiveTimePerThrow()
    {
        var health = new MachineHealth();

        health.Check("Throughput", "before");
        health.Check("Throughput", "after");

        Assert.All(health.Checks, c => Assert.True(c.NanosecondsPerThrow > 0));
        Assert.Equal(["before", "after"], health.Checks.Select(c => c.When));
    }
}
