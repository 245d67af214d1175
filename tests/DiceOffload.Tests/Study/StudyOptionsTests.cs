using DiceOffload.Bench.Study;
using DiceOffload.Tests.Commands;

namespace DiceOffload.Tests.Study;

/// <summary>The study's own options, --machine and --results: read before BenchmarkDotNet sees the rest.</summary>
public class StudyOptionsTests
{
    [Fact]
    public void Takes_its_own_options_out_and_leaves_the_rest_to_BenchmarkDotNet()
    {
        var options = StudyOptions.Extract(["--machine", "box-16-cores", "--inProcess", "--results=out/results", "--job", "dry"], out string? error);

        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Equal("box-16-cores", options.Machine);
        Assert.Equal("out/results", options.Results);
        Assert.Equal(["--inProcess", "--job", "dry"], options.Rest);
    }

    [Theory]
    [InlineData("--machine", "a b", "--machine: 'a b' is not a machine name")]
    [InlineData("--machine", "../escape", "--machine: '../escape' is not a machine name")]
    [InlineData("--machine", "", "--machine: give a name")]
    [InlineData("--results", "", "--results: give the results folder")]
    public void Refuses_a_bad_value_in_one_line(string option, string value, string message)
    {
        var options = StudyOptions.Extract([option, value], out string? error);

        Assert.Null(options);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error!);
    }

    [Fact]
    public void Refuses_an_option_without_its_value()
    {
        Assert.Null(StudyOptions.Extract(["--machine"], out string? error));
        Assert.StartsWith("--machine: give a name", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_study_exits_2_with_one_line_on_a_bad_machine_name_and_on_both_results_and_artifacts()
    {
        var badName = await BenchProcess.RunAsync("--machine", "no/slashes", "--job", "dry");
        Assert.Equal(2, badName.ExitCode);
        Assert.Equal("study: --machine: 'no/slashes' is not a machine name; use letters, digits, '.', '-' and '_', starting with a letter or digit, at most 64 characters.", badName.StandardError.Trim());

        string folder = Path.Combine(Path.GetTempPath(), "dice-offload-study-options-" + Guid.NewGuid().ToString("N"));
        try
        {
            var both = await BenchProcess.RunAsync("--results", folder, "--artifacts", folder + "-bdn", "--job", "dry", "--filter", "*Nothing*");
            Assert.Equal(2, both.ExitCode);
            Assert.Single(both.StandardError.Trim().Split('\n'));
            Assert.Contains("give one of them", both.StandardError, StringComparison.Ordinal);
            Assert.False(Directory.Exists(folder));
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Publishing_part_of_the_study_is_refused_and_nothing_is_written()
    {
        string folder = Path.Combine(Path.GetTempPath(), "dice-offload-study-partial-" + Guid.NewGuid().ToString("N"));
        try
        {
            var partial = await BenchProcess.RunAsync("--results", folder, "--job", "dry", "--filter", "*Dispatch*");
            Assert.Equal(2, partial.ExitCode);
            Assert.Single(partial.StandardError.Trim().Split('\n'));
            Assert.StartsWith("study: --filter *Dispatch* runs part of the study", partial.StandardError, StringComparison.Ordinal);
            Assert.False(Directory.Exists(folder));
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
