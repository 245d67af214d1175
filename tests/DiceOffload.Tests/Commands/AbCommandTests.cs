using DiceOffload.Bench.Commands;
using DiceOffload.Reporting.Comparison;
using DiceOffload.Tests.Comparison;
using static DiceOffload.Tests.Comparison.BdnExportWriter;

namespace DiceOffload.Tests.Commands;

public sealed class AbCommandTests : CommandTestBase
{
    // rounds as an ab run lays them out: base/round-N and head/round-N under one folder
    private void WriteRound(string side, int round, double threadPoolScale = 1, int count = 5, string root = "")
    {
        string folder = Temp.Sub(Path.Combine(root, side, $"round-{round}"));
        int seed = (side == "base" ? 0 : 100) + round * 10;
        BdnExportWriter.Write(folder, Runs.Class,
        [
            new(Runs.Class, "Inline", Around(1_100_000_000, seed, count)),
            new(Runs.Class, "ThreadPool", Around(600_000_000 * threadPoolScale, seed + 1, count)),
            new(Runs.Class, "ParallelFor", Around(620_000_000, seed + 2, count)),
        ]);
    }

    private void WriteRounds(double headThreadPoolScale)
    {
        for (int round = 1; round <= 3; round++)
        {
            WriteRound("base", round);
            WriteRound("head", round, headThreadPoolScale);
        }
    }

    private Task<int> Ab(params string[] options) => AbCommand.InvokeAsync(options, Output, Error);

    [Fact]
    public async Task From_HeadSlowerInOneBenchmark_ReturnsOneNamesItAndWritesTheSummaryAndChart()
    {
        WriteRounds(headThreadPoolScale: 1.2);

        Assert.Equal(1, await Ab("--from", Temp.Path));

        string output = Output.ToString();
        Assert.Contains("1 regression: Throughput.ThreadPool(Throws: 1000000).", output, StringComparison.Ordinal);
        Assert.Contains("3 of 3 benchmarks judged", output, StringComparison.Ordinal);
        string markdown = File.ReadAllText(Path.Combine(Temp.Path, AbCommand.MarkdownFile));
        Assert.Contains("**Regression.**", markdown, StringComparison.Ordinal);
        Assert.Contains($"]({AbCommand.ChartFile})", markdown, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(Temp.Path, AbCommand.ChartFile)).Length > 1000);
        Assert.Equal("", Error.ToString());
    }

    [Fact]
    public async Task From_ASlowdownTheConfirmingRoundsDoNotShow_IsNotARegression()
    {
        WriteRounds(headThreadPoolScale: 1.2);
        for (int round = 1; round <= 3; round++)
        {
            WriteRound("base", round + 10, root: AbRun.ConfirmFolder);
            WriteRound("head", round + 10, root: AbRun.ConfirmFolder);
        }

        Assert.Equal(0, await Ab("--from", Temp.Path));
        string output = Output.ToString();
        Assert.Contains("slower at first (+", output, StringComparison.Ordinal);
        Assert.Contains("not confirmed", output, StringComparison.Ordinal);
        Assert.Contains("1 flagged at first and not confirmed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_ASlowdownTheConfirmingRoundsShowAgain_IsARegression()
    {
        WriteRounds(headThreadPoolScale: 1.2);
        for (int round = 1; round <= 3; round++)
        {
            WriteRound("base", round + 10, root: AbRun.ConfirmFolder);
            WriteRound("head", round + 10, 1.2, root: AbRun.ConfirmFolder);
        }

        Assert.Equal(1, await Ab("--from", Temp.Path));
        Assert.Contains("more pairs of its own", Output.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 regression: Throughput.ThreadPool(Throws: 1000000).", Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Flagged_NamesEachFlaggedBenchmarkByItsFullNameUnderItsClass()
    {
        WriteRounds(headThreadPoolScale: 1.2);

        var group = Assert.Single(AbCommand.Flagged(Temp.Path, new ComparisonOptions(10)));

        Assert.Equal("Throughput", group.Name);
        Assert.Equal(["DiceOffload.Bench.Benchmarks.Throughput.ThreadPool(Throws: 1000000)"], group.Patterns);
    }

    [Fact]
    public async Task From_SameCode_ReturnsZero()
    {
        WriteRounds(headThreadPoolScale: 1);

        Assert.Equal(0, await Ab("--from", Temp.Path));
        Assert.Contains("No regressions among the judged.", Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_LeftOutBenchmarks_AreNamedWithWhyInTheSummary()
    {
        WriteRounds(headThreadPoolScale: 1);
        File.WriteAllLines(Path.Combine(Temp.Path, AbCommand.LeftOutFile), ["DynamicPgo (7 cases): it turns dynamic PGO on"]);

        Assert.Equal(0, await Ab("--from", Temp.Path));

        string markdown = File.ReadAllText(Path.Combine(Temp.Path, AbCommand.MarkdownFile));
        Assert.Contains("**Left out of the gate:**", markdown, StringComparison.Ordinal);
        Assert.Contains("- DynamicPgo (7 cases): it turns dynamic PGO on", markdown, StringComparison.Ordinal);
        Assert.Contains("DynamicPgo (7 cases)", Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_OneHeadRound_ExitsTwoForWantOfPairs()
    {
        WriteRound("base", 1);
        WriteRound("base", 2);
        WriteRound("head", 1);

        Assert.Equal(2, await Ab("--from", Temp.Path));
        Assert.Contains("the interval needs at least two rounds of each side", Error.ToString(), StringComparison.Ordinal);
    }

    // the NativeAOT workers are built only for a filter BenchmarkDotNet would let WorkerStartup.Aot through
    [Theory]
    [InlineData("DiceOffload.Bench.Benchmarks.*", true)]
    [InlineData("*WorkerStartup*", true)]
    [InlineData("*workerstartup.aot", true)]
    [InlineData("*Aot*", true)]
    [InlineData("*Dispatch.Inline*", false)]
    [InlineData("*WorkerStartup.Dll*", false)]
    [InlineData("*Throughput*", false)]
    public void SelectsAotStartup_FollowsBenchmarkDotNetsGlob(string filter, bool selected) =>
        Assert.Equal(selected, AbCommand.SelectsAotStartup(filter));

    [Fact]
    public void Groups_InProcess_OneStudyProcessPerClassAndDynamicPgoLeftOutWithWhy()
    {
        var (groups, leftOut) = AbCommand.Groups("DiceOffload.Bench.Benchmarks.*", inProcess: true);

        Assert.Contains(groups, g => g.Name == nameof(DiceOffload.Bench.Benchmarks.Dispatch) && g.Patterns.SequenceEqual(["DiceOffload.Bench.Benchmarks.Dispatch.*"]));
        Assert.DoesNotContain(groups, g => g.Name == nameof(DiceOffload.Bench.Benchmarks.DynamicPgo));
        Assert.Contains(leftOut, line => line.StartsWith("DynamicPgo (7 cases)", StringComparison.Ordinal) && line.Contains("PGO", StringComparison.Ordinal));
        Assert.Equal(groups.Count, groups.Select(g => g.Name).Distinct().Count());
    }

    [Fact]
    public void Groups_OutOfProcess_OneStudyProcessForTheWholeFilter()
    {
        var (groups, leftOut) = AbCommand.Groups("*Dispatch*", inProcess: false);

        var group = Assert.Single(groups);
        Assert.Equal(["*Dispatch*"], group.Patterns);
        Assert.Empty(leftOut);
    }

    [Theory]
    [InlineData("*Inline*")]
    [InlineData("*Throughput.ThreadPool*")]
    [InlineData("*Dispatch*")]
    public void Groups_PartOfAClass_SelectsExactlyWhatTheFilterDoes(string filter)
    {
        var (groups, _) = AbCommand.Groups(filter, inProcess: true);

        Assert.NotEmpty(groups);
        var wanted = new BenchmarkDotNet.Filters.GlobFilter([filter]);
        foreach (var group in groups)
        {
            var type = typeof(DiceOffload.Bench.Benchmarks.Throughput).Assembly.GetType("DiceOffload.Bench.Benchmarks." + group.Name)!;
            var byPatterns = new BenchmarkDotNet.Filters.GlobFilter([.. group.Patterns]);
            var cases = BenchmarkDotNet.Running.BenchmarkConverter.TypeToBenchmarks(type).BenchmarksCases;
            Assert.Equal(cases.Where(wanted.Predicate).Select(c => c.DisplayInfo), cases.Where(byPatterns.Predicate).Select(c => c.DisplayInfo));
        }
    }

    [Fact]
    public void Interleave_RunsEachGroupsSidesBackToBackAndAlternatesWhichGoesFirst()
    {
        var order = AbRun.Interleave(2, 2);

        Assert.Equal(
            [(1, 0, AbSide.Base), (1, 0, AbSide.Head), (1, 1, AbSide.Head), (1, 1, AbSide.Base),
             (2, 0, AbSide.Head), (2, 0, AbSide.Base), (2, 1, AbSide.Base), (2, 1, AbSide.Head)],
            order);
        Assert.Equal([(1, 0, AbSide.Base), (1, 0, AbSide.Head), (2, 0, AbSide.Head), (2, 0, AbSide.Base)], AbRun.Interleave(2, 1));
    }

    [Theory]
    [InlineData("neither", "give either --base REF")]
    [InlineData("both", "give either --base REF")]
    [InlineData("--rounds 2", "--rounds must be a whole number from 3")]
    [InlineData("--job medium", "--job must be one of short, study, dry")]
    [InlineData("--threshold 5ns", "--threshold must be a percentage")]
    [InlineData("--base no-such-ref-anywhere", "--base: 'no-such-ref-anywhere' is not a commit")]
    public async Task BadInput_ExitsTwoWithOneLineNamingTheOption(string options, string expected)
    {
        string[] args = options switch
        {
            "neither" => [],
            "both" => ["--base", "HEAD", "--from", Temp.Path],
            _ when options.StartsWith("--base", StringComparison.Ordinal) => [.. options.Split(' '), "--out", Path.Combine(Temp.Path, "new")],
            _ => [.. options.Split(' '), "--base", "HEAD"],
        };

        Assert.Equal(2, await Ab(args));

        string error = Error.ToString().TrimEnd();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n'));
    }

    [Fact]
    public async Task Measure_IntoAFolderThatHoldsFiles_RefusesAndLeavesThemAlone()
    {
        string kept = Path.Combine(Temp.Path, "earlier.md");
        File.WriteAllText(kept, "an earlier run");

        Assert.Equal(2, await Ab("--base", "HEAD", "--out", Temp.Path));

        Assert.Contains("--out:", Error.ToString(), StringComparison.Ordinal);
        Assert.Equal("an earlier run", File.ReadAllText(kept));
    }

    [Fact]
    public async Task Measure_IntoAFile_ExitsTwoWithOneLine()
    {
        string file = Path.Combine(Temp.Path, "ab.md");
        File.WriteAllText(file, "not a folder");

        Assert.Equal(2, await Ab("--base", "HEAD", "--out", file));

        Assert.StartsWith("--out: ", Error.ToString(), StringComparison.Ordinal);
        Assert.Single(Error.ToString().TrimEnd().Split('\n'));
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public async Task From_OneBaseRound_ExitsTwo()
    {
        WriteRound("base", 1);
        WriteRound("head", 1);

        Assert.Equal(2, await Ab("--from", Temp.Path));
        Assert.Contains("at least two rounds of each side", Error.ToString(), StringComparison.Ordinal);
    }
}
