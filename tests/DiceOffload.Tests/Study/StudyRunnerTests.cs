using DiceOffload.Bench.Study;

namespace DiceOffload.Tests.Study;

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
    public void Parse_LongForms_GiveTheFiltersTheJobAndTheArtifactsFolder()
    {
        var arguments = StudyArguments.Parse(["--filter", "*A*", "*B*", "--job", "dry", "--artifacts", "/tmp/study"], TextWriter.Null)!;

        Assert.Equal(["*A*", "*B*"], arguments.Filters);
        Assert.True(arguments.IsDry);
        Assert.True(arguments.JobFromCommandLine);
        Assert.Equal("/tmp/study", arguments.ArtifactsFolder);
        Assert.Equal(["--filter", "*A*", "*B*", "--job", "dry", "--artifacts", "/tmp/study"], arguments.BenchmarkArgs);
    }

    [Fact]
    public void Parse_ShortForms_MeanWhatTheyMeanToBenchmarkDotNet()
    {
        var arguments = StudyArguments.Parse(["-f", "*Race*", "-a", "/tmp/study", "-j", "short"], TextWriter.Null)!;

        Assert.Equal(["*Race*"], arguments.Filters);
        Assert.Equal("/tmp/study", arguments.ArtifactsFolder);
        Assert.True(arguments.IsShort);
        Assert.False(arguments.JobFromCommandLine);
        // the filter is the user's, so nothing is added; the study's own short job replaces -j short
        Assert.Equal(["-f", "*Race*", "-a", "/tmp/study"], arguments.BenchmarkArgs);
        Assert.False(StudyRunner.Matches(arguments.Filters, StudyRunner.ResponsivenessName));
        Assert.True(StudyRunner.Matches(arguments.Filters, StudyRunner.RaceName));
    }

    [Theory]
    [InlineData("--inProcess")]
    [InlineData("-i")]
    public void Parse_InProcessWithTheStudysOwnJob_GivesItToTheStudysJobsNotToBenchmarkDotNet(string inProcess)
    {
        // BenchmarkDotNet would run --inProcess as a job of its own, with its default counts, beside the study's
        var arguments = StudyArguments.Parse(["--job", "short", inProcess, "--filter", "*Dispatch*"], TextWriter.Null)!;

        Assert.True(arguments.InProcess);
        Assert.True(arguments.InProcessStudyJobs);
        Assert.Equal(["--filter", "*Dispatch*"], arguments.BenchmarkArgs);
    }

    [Fact]
    public void Parse_InProcessWithAJobFromTheCommandLine_LeavesBothToBenchmarkDotNet()
    {
        var arguments = StudyArguments.Parse(["--job", "dry", "--inProcess"], TextWriter.Null)!;

        Assert.False(arguments.InProcessStudyJobs);
        Assert.Equal(["--job", "dry", "--inProcess", "--filter", "*"], arguments.BenchmarkArgs);
    }

    [Fact]
    public void Parse_NothingChoosesTheBenchmarks_AddsFilterStarSoThatNothingPrompts()
    {
        var arguments = StudyArguments.Parse(["--job", "dry"], TextWriter.Null)!;

        Assert.Equal(["*"], arguments.Filters);
        Assert.Equal(["--job", "dry", "--filter", "*"], arguments.BenchmarkArgs);
    }

    [Fact]
    public void Parse_List_IsInformationalAndAddsNoFilter()
    {
        var arguments = StudyArguments.Parse(["--list", "flat"], TextWriter.Null)!;

        Assert.True(arguments.IsInformational);
        Assert.Equal(["--list", "flat"], arguments.BenchmarkArgs);
    }

    [Fact]
    public void Parse_UnknownOption_IsRefusedWithBenchmarkDotNetsMessage()
    {
        using var output = new StringWriter();

        Assert.Null(StudyArguments.Parse(["--no-such-option"], output));
        Assert.Equal("Option 'no-such-option' is unknown.", StudyArguments.FirstError(output.ToString()));
    }

    [Fact]
    public void Parse_UnknownJob_IsRefusedNamingTheJobsThereAre()
    {
        using var output = new StringWriter();

        Assert.Null(StudyArguments.Parse(["--job", "nonsense"], output));
        Assert.StartsWith("The provided base job \"nonsense\" is invalid. Available options are: default, dry, short", StudyArguments.FirstError(output.ToString()), StringComparison.Ordinal);
    }
}
