using DiceOffload.Bench.Study;

namespace DiceOffload.Tests.Scenarios;

public sealed class StudyRunnerTests
{
    [Theory]
    [InlineData("*", true)]
    [InlineData("*Scenarios*", true)]
    [InlineData("*responsiveness", true)]
    [InlineData("*Scaling*", false)]
    [InlineData("DiceOffload.Bench.Scenarios.Rac?", false)]
    public void Matches_GlobLikeBenchmarkDotNet(string filter, bool expected)
    {
        Assert.Equal(expected, StudyRunner.Matches([filter], StudyRunner.ResponsivenessName));
    }

    [Fact]
    public void OptionValues_StopAtTheNextOption()
    {
        string[] args = ["--filter", "*A*", "*B*", "--job", "dry"];

        Assert.Equal(["*A*", "*B*"], StudyRunner.OptionValues(args, "--filter"));
        Assert.Equal(["dry"], StudyRunner.OptionValues(args, "--job"));
        Assert.Empty(StudyRunner.OptionValues(args, "--artifacts"));
    }
}
