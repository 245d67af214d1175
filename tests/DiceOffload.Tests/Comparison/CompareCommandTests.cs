using DiceOffload.Bench.Commands;

namespace DiceOffload.Tests.Comparison;

public sealed class CompareCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _temp.Dispose();
        _output.Dispose();
        _error.Dispose();
    }

    private string Baseline => _temp.Sub("baseline");
    private string Current => _temp.Sub("current");

    private Task<int> Compare(params string[] options) =>
        CompareCommand.InvokeAsync(["--baseline", Baseline, "--current", Current, .. options], _output, _error);

    [Fact]
    public async Task Compare_IdenticalRuns_ReturnsZero()
    {
        Runs.Write(Baseline, Runs.Throughput());
        Runs.Write(Current, Runs.Throughput());

        Assert.Equal(0, await Compare());
        Assert.Contains("No regressions.", _output.ToString(), StringComparison.Ordinal);
        Assert.Equal("", _error.ToString());
    }

    [Fact]
    public async Task Compare_OneBenchmarkThirtyPercentSlower_ReturnsOneAndNamesIt()
    {
        Runs.Write(Baseline, Runs.Throughput(seed: 1));
        Runs.Write(Current, Runs.Throughput(seed: 7, threadPoolScale: 1.3));

        Assert.Equal(1, await Compare());
        string output = _output.ToString();
        Assert.Contains("1 regression: Throughput.ThreadPool(Throws: 1000000).", output, StringComparison.Ordinal);
        Assert.Contains("1 slower", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_DifferencesInsideThreshold_ReturnsZero()
    {
        Runs.Write(Baseline, Runs.Throughput(seed: 1));
        Runs.Write(Current, Runs.Throughput(scale: 1.02, seed: 7));

        Assert.Equal(0, await Compare("--threshold", "5%"));
        Assert.Contains("0 slower, 0 faster, 3 same", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_UniformlySlowerMachineInRatioMode_ReturnsZero()
    {
        Runs.Write(Baseline, Runs.Throughput(seed: 1));
        Runs.Write(Current, Runs.Throughput(scale: 2, seed: 7));

        Assert.Equal(0, await Compare("--mode", "ratio"));
        Assert.Contains("No regressions.", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_UniformlySlowerMachineInAbsoluteMode_ReturnsOne()
    {
        Runs.Write(Baseline, Runs.Throughput(seed: 1));
        Runs.Write(Current, Runs.Throughput(scale: 2, seed: 7));

        Assert.Equal(1, await Compare("--mode", "absolute"));
        Assert.Contains("3 regressions", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_AllocationsGrowBeyondThreshold_ReturnsOneAndNamesIt()
    {
        Runs.Write(Baseline, Runs.Throughput(threadPoolBytes: 400));
        Runs.Write(Current, Runs.Throughput(threadPoolBytes: 800));

        Assert.Equal(1, await Compare());
        Assert.Contains("1 regression: Throughput.ThreadPool(Throws: 1000000).", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("allocates more", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_UnmatchedAndFailedBenchmarks_ListsEachInTheTable()
    {
        Runs.Write(Baseline, [.. Runs.Throughput(), new(Runs.Class, "Retired", BdnExportWriter.Around(1_000))]);
        Runs.Write(Current, [.. Runs.Throughput(), new(Runs.Class, "Brand", BdnExportWriter.Around(1_000)), new(Runs.Class, "Broken", [])]);

        Assert.Equal(1, await Compare());

        string output = _output.ToString();
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
    public async Task Compare_MalformedJson_ReturnsTwoNamingTheFile()
    {
        Runs.Write(Baseline, Runs.Throughput());
        string export = Runs.Write(Current, Runs.Throughput());
        string text = File.ReadAllText(export);
        File.WriteAllText(export, text[..(text.Length / 2)]);

        Assert.Equal(2, await Compare());
        string error = _error.ToString();
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("--current: ", error, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(export), error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_MissingFolder_ReturnsTwoNamingTheOption()
    {
        Runs.Write(Current, Runs.Throughput());
        string missing = Path.Combine(_temp.Path, "nowhere");

        int exitCode = await CompareCommand.InvokeAsync(["--baseline", missing, "--current", Current], _output, _error);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("--baseline: ", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains(missing, _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_FolderWithoutExports_ReturnsTwo()
    {
        Runs.Write(Baseline, Runs.Throughput());
        File.WriteAllText(Path.Combine(Current, "notes.json"), "{}");

        Assert.Equal(2, await Compare());
        Assert.Contains("-full.json", _error.ToString(), StringComparison.Ordinal);
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
        Assert.StartsWith(option + " must be", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains(value, _error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", _output.ToString());
    }

    [Fact]
    public async Task Compare_WithOut_WritesTheTableAsMarkdown()
    {
        Runs.Write(Baseline, Runs.Throughput(seed: 1));
        Runs.Write(Current, Runs.Throughput(seed: 7, threadPoolScale: 1.3));
        string summary = Path.Combine(_temp.Path, "summary.md");

        Assert.Equal(1, await Compare("--out", summary));

        string markdown = File.ReadAllText(summary);
        Assert.Contains("| Benchmark | Change | Baseline | Current |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Throughput.ThreadPool(Throws: 1000000) | +", markdown, StringComparison.Ordinal);
        Assert.Contains("**Regression.**", markdown, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task Compare_BadInputWithOut_LeavesTheExistingFileAlone()
    {
        Runs.Write(Baseline, Runs.Throughput());
        File.WriteAllText(Path.Combine(Current, "X-report-full.json"), "{\"Benchmarks\": [");
        string summary = Path.Combine(_temp.Path, "summary.md");
        File.WriteAllText(summary, "the previous summary");

        Assert.Equal(2, await Compare("--out", summary));
        Assert.Equal("the previous summary", File.ReadAllText(summary));
        Assert.Single(Directory.GetFiles(_temp.Path));
    }
}
