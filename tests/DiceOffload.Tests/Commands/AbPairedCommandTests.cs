using DiceOffload.Bench.Commands;
using DiceOffload.Reporting.Comparison;
using DiceOffload.Tests.Comparison;

namespace DiceOffload.Tests.Commands;

public sealed class AbPairedCommandTests : CommandTestBase
{
    private const string Pool = PairedIterations.Namespace + ".Dispatch.ProcessPool";
    private const string Inline = PairedIterations.Namespace + ".Dispatch.Inline";

    private Task<int> Ab(params string[] options) => AbCommand.InvokeAsync(options, Output, Error);

    // 12 pairs of each benchmark, A B then B A, ±1% each; the pool's head iterations scaled by poolScale
    private static PairedIterations Run(double poolScale, int seed)
    {
        var random = new Random(seed);
        List<IterationPair> Pairs(double ns, double headScale) =>
            [.. Enumerable.Range(0, 12).Select(i => new IterationPair(ns * (1 + (random.NextDouble() - 0.5) / 50), ns * headScale * (1 + (random.NextDouble() - 0.5) / 50), i % 2 == 0))];
        return new PairedIterations([12, 36], 50,
            [new PairedBenchmark(Inline, 1_000_000, Pairs(50, 1)), new PairedBenchmark(Pool, 10_000, Pairs(5000, poolScale))], [], [], []);
    }

    private void Write(PairedIterations run, string folder = "") => run.Save(Path.Combine(Temp.Sub(folder), PairedIterations.FileName));

    [Fact]
    public async Task From_PairedIterationsWithTheHeadSlowerInOneBenchmark_NamesItAndWritesTheSummaryAndChart()
    {
        Write(Run(1.12, 1));

        Assert.Equal(1, await Ab("--from", Temp.Path));

        string output = Output.ToString();
        Assert.Contains("1 regression: Dispatch.ProcessPool.", output, StringComparison.Ordinal);
        Assert.Contains("2 of 2 benchmarks judged", output, StringComparison.Ordinal);
        Assert.Contains("in paired iterations", File.ReadAllText(Path.Combine(Temp.Path, AbCommand.MarkdownFile)), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Temp.Path, AbCommand.ChartFile)));
        Assert.Equal("", Error.ToString());
    }

    [Theory]
    [InlineData(1.0, 0, "1 flagged at first and not confirmed")]
    [InlineData(1.12, 1, "more pairs of its own")]
    public async Task From_PairedIterationsWithConfirmingPairs_StandsOnlyWhereTheyFlagItAgain(double confirmingScale, int expectedCode, string expected)
    {
        Write(Run(1.12, 1));
        Write(Run(confirmingScale, 2), AbRun.ConfirmFolder);

        Assert.Equal(expectedCode, await Ab("--from", Temp.Path));

        Assert.Contains(expected, Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FlaggedPairs_NamesTheFlaggedBenchmarksOnly()
    {
        Write(Run(1.12, 1));

        Assert.Equal([Pool], AbCommand.FlaggedPairs(Temp.Path, new ComparisonOptions(10)));
    }

    [Fact]
    public async Task From_APairsFileThatIsNotOne_ExitsTwoNamingIt()
    {
        File.WriteAllText(Path.Combine(Temp.Path, PairedIterations.FileName), "{ not json");

        Assert.Equal(2, await Ab("--from", Temp.Path));

        Assert.StartsWith("--from: ", Error.ToString(), StringComparison.Ordinal);
        Assert.Contains(PairedIterations.FileName, Error.ToString(), StringComparison.Ordinal);
        Assert.Single(Error.ToString().TrimEnd().Split('\n'));
        Assert.False(File.Exists(Path.Combine(Temp.Path, AbCommand.MarkdownFile)));
    }

    [Theory]
    [InlineData("--rounds 4", "--rounds: applies to --pairing rounds only")]
    [InlineData("--in-process", "--in-process: applies to --pairing rounds only")]
    [InlineData("--pairing rounds --pairs 20", "--pairs: applies to --pairing iterations only")]
    [InlineData("--pairing threads", "--pairing must be one of iterations, rounds")]
    [InlineData("--pairs 2", "--pairs must be a whole number from 3")]
    [InlineData("--pairs 20 --max-pairs 10", "--max-pairs: must be at least --pairs (20)")]
    [InlineData("--iteration-time 0", "--iteration-time must be a number of milliseconds")]
    public async Task BadPairingInput_ExitsTwoWithOneLineNamingTheOption(string options, string expected)
    {
        Assert.Equal(2, await Ab([.. options.Split(' '), "--base", "HEAD", "--out", Path.Combine(Temp.Path, "new")]));

        string error = Error.ToString().TrimEnd();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(Temp.Path, "new")));
    }

    [Fact]
    public async Task Measure_AFilterWithANewLine_ExitsTwoBeforeAnythingStarts()
    {
        Assert.Equal(2, await Ab("--base", "HEAD", "--filter", "*Dispatch*\nsetup x", "--out", Path.Combine(Temp.Path, "new")));

        Assert.StartsWith("--filter: ", Error.ToString(), StringComparison.Ordinal);
        Assert.Single(Error.ToString().TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(Temp.Path, "new")));
    }
}
