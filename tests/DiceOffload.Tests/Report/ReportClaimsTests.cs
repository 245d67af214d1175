using System.Globalization;
using DiceOffload.Tests.Comparison;
using static DiceOffload.Tests.Comparison.BdnExportWriter;

namespace DiceOffload.Tests.Report;

/// <summary>The summary's claims are decided by the Mann–Whitney test, and checked against the stability check's reruns.</summary>
public sealed class ReportClaimsTests : ReportTestBase
{
    private static readonly long[] Sizes = [1_000, 10_000, 100_000, 1_000_000];

    // BreakEven cases: inline, and thread at each size scaled by its factor against inline (1: the very same measurements)
    private static void WriteBreakEven(string resultsFolder, double[] threadFactors, int seed = 1)
    {
        string exports = Path.Combine(resultsFolder, "benchmarkdotnet", "results");
        Directory.CreateDirectory(exports);
        BdnExportWriter.Write(exports, "BreakEven", Sizes.SelectMany((throws, i) => new[]
        {
            new FixtureCase("BreakEven", "Inline", Around(throws * 3.0, seed + i), [("Throws", throws.ToString(CultureInfo.InvariantCulture))]),
            new FixtureCase("BreakEven", "Thread", Around(throws * 3.0 * threadFactors[i], threadFactors[i] == 1 ? seed + i : seed + 100 + i), [("Throws", throws.ToString(CultureInfo.InvariantCulture))]),
        }));
    }

    [Theory]
    // faster from 100,000 on; the same measurements as inline at 10,000
    [InlineData(new[] { 1.5, 1.0, 0.6, 0.55 }, "thread faster from 100,000 throws (not distinguishable at 10,000)", "from 100,000 throws under thread")]
    // a middle size whose median is lower, but by less than the noise and the minimal effect, is not significant
    [InlineData(new[] { 0.6, 0.995, 0.6, 0.55 }, "thread faster from 100,000 throws (not distinguishable at 10,000)", "from 100,000 throws under thread")]
    // a faster size followed by a slower one does not count
    [InlineData(new[] { 0.5, 1.4, 0.6, 0.55 }, "thread faster from 100,000 throws (slower at 10,000)", "from 100,000 throws under thread")]
    [InlineData(new[] { 0.6, 0.6, 0.6, 0.55 }, "thread faster from 1,000 throws, the smallest size measured", "from 1,000 throws under thread")]
    [InlineData(new[] { 1.5, 0.6, 0.6, 1.0 }, "thread not faster at the largest size, 1,000,000 throws (not distinguishable there)", "at no size measured under thread")]
    public async Task BreakEven_IsTheFirstSizeFasterByTestAtEveryLargerSize_WithTheVerdictBelow(double[] threadFactors, string expected, string inSummary)
    {
        ReportFixtures.Write(Results);
        WriteBreakEven(Results, threadFactors);

        string report = await ReportTextAsync();

        int summary = report.IndexOf("## Summary", StringComparison.Ordinal), section = report.IndexOf("## Break-even", StringComparison.Ordinal);
        Assert.Contains($"handing the job over beat inline at that size and every larger one {inSummary}.", report[summary..report.IndexOf("\n## ", summary + 5, StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Contains("- " + expected.Replace("thread ", "thread: ", StringComparison.Ordinal), report[section..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task BreakEven_TakesTheNextDecadeFromThroughputOnEveryCore_AndSaysSo()
    {
        // Break-even measured 10^4 to 10^7, thread slower throughout; Throughput measured 10^8 on 2 workers, where thread
        // is faster, and 10^6, which Break-even measured itself
        ReportFixtures.Write(Results);
        string exports = Path.Combine(Results, "benchmarkdotnet", "results");
        long[] sizes = [10_000, 100_000, 1_000_000, 10_000_000];
        Write(exports, "BreakEven", sizes.SelectMany((throws, i) => new[]
        {
            new FixtureCase("BreakEven", "Inline", Around(throws * 3.0, 1 + i), [("Throws", throws.ToString(CultureInfo.InvariantCulture))]),
            new FixtureCase("BreakEven", "Thread", Around(throws * 6.0, 101 + i), [("Throws", throws.ToString(CultureInfo.InvariantCulture))]),
        }));

        string report = await ReportTextAsync();

        string section = report[report.IndexOf("## Break-even", StringComparison.Ordinal)..];
        Assert.Contains("- thread: faster from 100,000,000 throws (slower at 10,000,000)", section, StringComparison.Ordinal);
        Assert.Contains("The 100,000,000-throw row is the Throughput experiment's on 2 workers: the same job on the same workers, measured once.", section, StringComparison.Ordinal);
        Assert.Contains("| thread | 100,000,000 |", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Speedup_GivesTheTestsVerdictAndTheRatioWithItsInterval()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        // the fixture's fastest on 2 workers takes about half inline's 2.6 ns × 10^8; the summary and the guide give the
        // same strategy and the same ratio with its interval
        var summary = System.Text.RegularExpressions.Regex.Match(report, @"On 2 workers, (every strategy|\d of \d strategies) ran the scalar 100,000,000-throw job faster than inline; the fastest, (\S+), (\d\.\d\d× as fast \(99% interval \d\.\d\d–\d\.\d\d×\))");
        Assert.True(summary.Success, "no speedup sentence in the summary");
        Assert.Contains($"{summary.Groups[2].Value} on every core", report, StringComparison.Ordinal);
        Assert.Contains($"{summary.Groups[2].Value} on 2 workers: {summary.Groups[3].Value.Replace("as fast", "as fast as inline", StringComparison.Ordinal)}", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.9, 1.8, 2.0, "")]
    [InlineData(2.1, 1.9, 2.2, " (above the ideal 2.00× as an estimate only; its interval reaches below it)")]
    [InlineData(2.3, 2.1, 2.4, " ⚑ above the ideal 2.00× even at its interval's lower end")]
    public void AboveIdealShort_FlagsEveryFigureAboveTheIdeal_AndSaysWhetherTheIntervalIsToo(double estimate, double lower, double upper, string start)
    {
        string flag = DiceOffload.Reporting.Report.Claims.AboveIdealShort(new DiceOffload.Reporting.Comparison.RatioShift(estimate, lower, upper, 0.99), workers: 2, cores: 2);

        Assert.StartsWith(start, flag, StringComparison.Ordinal);
        Assert.Equal(start.Length == 0, flag.Length == 0);
    }

    [Fact]
    public async Task Methodology_WithoutReruns_SaysTheSummaryRestsOnOneRun()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        Assert.Contains("### Stability of the summary", report, StringComparison.Ordinal);
        Assert.Contains("The summary rests on this one run", report, StringComparison.Ordinal);
        Assert.DoesNotContain("stability check", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerun_ThatAgrees_IsTabledAndTheSummarySaysItHeld()
    {
        ReportFixtures.Write(Results);
        WriteBreakEven(Results, [1.5, 1.0, 0.6, 0.55]);
        string rerun = Path.Combine(Results, "stability", "run-20251126-090000");
        ReportFixtures.Write(rerun);
        WriteBreakEven(rerun, [1.5, 1.0, 0.6, 0.55], seed: 7);

        string report = await ReportTextAsync();

        Assert.Contains("Held in all 2 runs of the stability check.", report, StringComparison.Ordinal);
        Assert.Contains("| thread beats inline on 2 workers | faster from 100,000 throws (not distinguishable at 10,000): ", report, StringComparison.Ordinal);
        Assert.Matches(@"\| thread beats inline on 2 workers \|[^\n]*\| 2 of 2 \|", report);
        Assert.DoesNotContain("is in both", report, StringComparison.Ordinal);   // the rerun's cases do not mix into the run's
    }

    [Fact]
    public async Task Rerun_ThatDisagrees_MakesTheSummarySayHowSureItIs()
    {
        ReportFixtures.Write(Results);
        WriteBreakEven(Results, [1.5, 1.0, 0.6, 0.55]);
        string rerun = Path.Combine(Results, "stability", "run-20251126-090000");
        ReportFixtures.Write(rerun);
        WriteBreakEven(rerun, [1.5, 1.0, 1.0, 0.55], seed: 7);

        string report = await ReportTextAsync();

        Assert.Contains("Not every part held in every run of the stability check: thread in 1 of 2 (the appendix's \"Every claim in every run\" has the other runs' outcomes).", report, StringComparison.Ordinal);
        Assert.Contains("| faster from 100,000 throws (not distinguishable at 10,000): ", report, StringComparison.Ordinal);
        Assert.Contains("| faster from 1,000,000 throws (not distinguishable at 100,000): ", report, StringComparison.Ordinal);
        Assert.Matches(@"\| thread beats inline on 2 workers \|[^\n]*\| 1 of 2 \|", report);
    }

    [Fact]
    public async Task Rerun_OfAnotherJob_IsLeftOutAndNamed()
    {
        ReportFixtures.Write(Results);
        string rerun = Path.Combine(Results, "stability", "run-20251126-090000");
        Directory.CreateDirectory(rerun);
        BdnExportWriter.Write(rerun, "Throughput", [new FixtureCase("Throughput", "Inline", Around(1_000), [("Throws", "1000000"), ("Workers", "1")]) { }], job: "OtherJob");

        Assert.Equal(0, await Report());

        Assert.Contains("was left out", Output.ToString() + Error.ToString(), StringComparison.Ordinal);
        Assert.Contains("The summary rests on this one run", File.ReadAllText(ReportPath), StringComparison.Ordinal);
    }
}
