using DiceOffload.Bench.Study;

namespace DiceOffload.Tests.Study;

/// <summary>The study says where it stands: each phase numbered out of all of them, and the benchmarks' time left.</summary>
public sealed class StudyProgressTests
{
    [Fact]
    public void Scenario_BeforeAnyBenchmark_IsNumberedOutOfTheScenarios()
    {
        var output = new StringWriter();
        var progress = new StudyProgress(output, [("Responsiveness", TimeSpan.FromMinutes(3)), ("Node.js", null), ("Race", TimeSpan.FromSeconds(2))]);

        progress.Scenario("Responsiveness");
        progress.Scenario("Node.js");
        progress.Scenario("Race");

        string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith("[1/3] Responsiveness scenario; about 3 min of scenarios left (Node.js not estimated)", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("[2/3] Node.js scenario; about 2 s of scenarios left (Node.js not estimated)", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("[3/3] Race scenario; about 2 s of scenarios left", lines[2], StringComparison.Ordinal);
        Assert.All(lines, line => Assert.StartsWith("study: ", line, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 10, 0, "")]                                                             // nothing done: no basis for an estimate
    [InlineData(10, 10, 600, "")]                                                          // all done
    [InlineData(5, 20, 300, "; 5 of 20 cases done, about 15 min of benchmarks left")]     // a minute a case, 15 to go
    [InlineData(30, 40, 60, "; 30 of 40 cases done, about 20 s of benchmarks left")]
    public void EstimateText_IsTheMeanTimeOfTheCasesDoneTimesTheCasesLeft(int done, int total, int spentSeconds, string expected) =>
        Assert.Equal(expected, StudyProgress.EstimateText(done, total, TimeSpan.FromSeconds(spentSeconds)));

    [Fact]
    public void ScenariosText_AddsThePlannedTimesAndNamesWhatIsNotPlanned()
    {
        Assert.Equal("", StudyProgress.ScenariosText([], ", then ", ""));
        Assert.Equal(", then about 5 min of scenarios", StudyProgress.ScenariosText([("A", TimeSpan.FromMinutes(2)), ("B", TimeSpan.FromMinutes(3))], ", then ", ""));
        Assert.Equal(", then about 2 min of scenarios (Node.js not estimated)", StudyProgress.ScenariosText([("A", TimeSpan.FromMinutes(2)), ("Node.js", null)], ", then ", ""));
        Assert.Equal("; Node.js not estimated", StudyProgress.ScenariosText([("Node.js", null)], "; ", " left"));
    }
}
