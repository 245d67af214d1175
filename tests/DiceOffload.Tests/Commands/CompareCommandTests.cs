using DiceOffload.Bench.Commands;
using DiceOffload.Tests.Comparison;

namespace DiceOffload.Tests.Commands;

public sealed class CompareCommandTests : CommandTestBase
{
    private string Baseline => Temp.Sub("baseline");
    private string Current => Temp.Sub("current");

    private Task<int> Compare(params string[] options) =>
        CompareCommand.InvokeAsync(["--baseline", Baseline, "--current", Current, .. options], Output, Error);

    [Fact]
    public async Task Compare_IdenticalRuns_ReturnsZero()
    {
        Runs.Write(Baseline, Runs.Throughput());
        Runs.Write(Current, Runs.Throughput());

        Assert.Equal(0, await Compare());
        Assert.Contains("No regressions.", Output.ToString(), StringComparison.Ordinal);
        Assert.Equal("", Error.ToString());
    }

    [Fact]
    public async Task Compare_OneBenchmarkThirtyPercentSlower_ReturnsOneAndNamesIt()
    {
        Runs.Write(Baseline, Runs.Throughput(seed: 1));
        Runs.Write(Current, Runs.Throughput(seed: 7, threadPoolScale: 1.3));

        Assert.Equal(1, await Compare());
        string output = Output.ToString();
        Assert.Contains("1 regression: Throughput.ThreadPool(Throws: 1000000).", output, StringComparison.Ordinal);
        Assert.Contains("1 slower", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_DifferencesInsideThreshold_ReturnsZero()
    {
        Runs.Write(Baseline, Runs.Throughput(seed: 1));
        Runs.Write(Current, Runs.Throughput(scale: 1.02, seed: 7));

        Assert.Equal(0, await Compare("--threshold", "5%"));
        Assert.Contains("0 slower, 0 faster, 3 same", Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_UniformlySlowerMachineInRatioMode_ReturnsZero()
    {
        Runs.Write(Baseline, Runs.Throughput(seed: 1));
        Runs.Write(Current, Runs.Throughput(scale: 2, seed: 7));

        Assert.Equal(0, await Compare("--mode", "ratio"));
        Assert.Contains("No regressions.", Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_UniformlySlowerMachineInAbsoluteMode_ReturnsOne()
    {
        Runs.Write(Baseline, Runs.Throughput(seed: 1));
        Runs.Write(Current, Runs.Throughput(scale: 2, seed: 7));

        Assert.Equal(1, await Compare("--mode", "absolute"));
        Assert.Contains("3 regressions", Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_AllocationsGrowBeyondThreshold_ReturnsOneAndNamesIt()
    {
        Runs.Write(Baseline, Runs.Throughput(threadPoolBytes: 400));
        Runs.Write(Current, Runs.Throughput(threadPoolBytes: 800));

        Assert.Equal(1, await Compare());
        Assert.Contains("1 regression: Throughput.ThreadPool(Throws: 1000000).", Output.ToString(), StringComparison.Ordinal);
        Assert.Contains("allocates more", Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_UnmatchedAndFailedBenchmarks_ListsEachInTheTable()
    {
        Runs.Write(Baseline, [.. Runs.Throughput(), new(Runs.Class, "Retired", BdnExportWriter.Around(1_000))]);
        Runs.Write(Current, [.. Runs.Throughput(), new(Runs.Class, "Brand", BdnExportWriter.Around(1_000)), new(Runs.Class, "Broken", [])]);

        Assert.Equal(1, await Compare());

        string output = Output.ToString();
        Assert.Contains("Throughput.Retired(Throws: 1000000)", output, StringComparison.Ordinal);
        Assert.Contains("Only in baseline", output, StringComparison.Ordinal);
        Assert.Contains("Throughput.Brand(Throws: 1000000)", output, StringComparison.Ordinal);
        Assert.Contains("Only in current run", output, StringComparison.Ordinal);
        Assert.Contains("Throughput.Broken(Throws: 1000000)", output, StringComparison.Ordinal);
        Assert.Contains("nothing measured in the current run", output, StringComparison.Ordinal);
        Assert.Contains("1 only in the baseline, 1 only in the current run, 1 failed", output, StringComparison.Ordinal);
        Assert.Contains("1 regression: Throughput.Broken(Throws: 1000000).", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_RunsOfDifferentJobs_ReturnsTwoNamingBothJobs()
    {
        Runs.Write(Baseline, Runs.Throughput());
        string export = Runs.Write(Current, Runs.Throughput());
        File.WriteAllText(export, File.ReadAllText(export).Replace(": DefaultJob", ": Dry(IterationCount=1)", StringComparison.Ordinal));

        Assert.Equal(2, await Compare());

        string error = Error.ToString();
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("--current: the baseline was measured with the job DefaultJob and the current run with Dry;", error, StringComparison.Ordinal);
        Assert.Equal("", Output.ToString());
    }

    [Fact]
    public async Task Compare_MalformedJson_ReturnsTwoNamingTheFile()
    {
        Runs.Write(Baseline, Runs.Throughput());
        string export = Runs.Write(Current, Runs.Throughput());
        string text = File.ReadAllText(export);
        File.WriteAllText(export, text[..(text.Length / 2)]);

        Assert.Equal(2, await Compare());
        string error = Error.ToString();
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("--current: ", error, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(export), error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_MissingFolder_ReturnsTwoNamingTheOption()
    {
        Runs.Write(Current, Runs.Throughput());
        string missing = Path.Combine(Temp.Path, "nowhere");

        int exitCode = await CompareCommand.InvokeAsync(["--baseline", missing, "--current", Current], Output, Error);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("--baseline: ", Error.ToString(), StringComparison.Ordinal);
        Assert.Contains(missing, Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_FolderWithoutExports_ReturnsTwo()
    {
        Runs.Write(Baseline, Runs.Throughput());
        File.WriteAllText(Path.Combine(Current, "notes.json"), "{}");

        Assert.Equal(2, await Compare());
        Assert.Contains("-full.json", Error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--threshold", "5")]
    [InlineData("--threshold", "5ns")]
    [InlineData("--threshold", "-5%")]
    [InlineData("--threshold", "five%")]
    [InlineData("--alpha", "0")]
    [InlineData("--alpha", "1")]
    [InlineData("--alpha", "0.01x")]
    [InlineData("--mode", "relative")]
    public async Task Compare_BadOptionValue_ReturnsTwoNamingTheOption(string option, string value)
    {
        Runs.Write(Baseline, Runs.Throughput());
        Runs.Write(Current, Runs.Throughput());

        Assert.Equal(2, await Compare(option, value));
        Assert.StartsWith(option + " must be", Error.ToString(), StringComparison.Ordinal);
        Assert.Contains(value, Error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", Output.ToString());
    }

    [Fact]
    public async Task Compare_WithOut_WritesTheTableAsMarkdown()
    {
        Runs.Write(Baseline, Runs.Throughput(seed: 1));
        Runs.Write(Current, Runs.Throughput(seed: 7, threadPoolScale: 1.3));
        string summary = Path.Combine(Temp.Path, "summary.md");

        Assert.Equal(1, await Compare("--out", summary));

        string markdown = File.ReadAllText(summary);
        Assert.Contains("| Benchmark | Change | Baseline | Current |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Throughput.ThreadPool(Throws: 1000000) | +", markdown, StringComparison.Ordinal);
        Assert.Contains("**Regression.**", markdown, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Temp.Path));
    }

    [Fact]
    public async Task Compare_BadInputWithOut_LeavesTheExistingFileAlone()
    {
        Runs.Write(Baseline, Runs.Throughput());
        File.WriteAllText(Path.Combine(Current, "X-report-full.json"), "{\"Benchmarks\": [");
        string summary = Path.Combine(Temp.Path, "summary.md");
        File.WriteAllText(summary, "the previous summary");

        Assert.Equal(2, await Compare("--out", summary));
        Assert.Equal("the previous summary", File.ReadAllText(summary));
        Assert.Single(Directory.GetFiles(Temp.Path));
    }
}
