using DiceOffload.Reporting.Comparison;
using DiceOffload.Reporting.Results;

namespace DiceOffload.Tests.Comparison;

public sealed class PairedIterationsTests : IDisposable
{
    private const string Name = PairedIterations.Namespace + ".Dispatch.ProcessPool";
    private static readonly ComparisonOptions TenPercent = new(10);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // n pairs alternating the order, A B then B A; each iteration ±1% around its side's time; the machine's speed drifts
    // through the run by up to ±30%, a drift each pair's two iterations share
    private static List<IterationPair> Pairs(int n, double headScale = 1, int seed = 1, double orderEffect = 1, Func<int, (double Base, double Head)>? burst = null)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(i =>
        {
            double drift = 1 + 0.3 * Math.Sin(i / 3.0);
            bool baseFirst = i % 2 == 0;
            var (baseBurst, headBurst) = burst?.Invoke(i) ?? (1, 1);
            // whichever runs first pays orderEffect
            double a = 5000 * drift * (1 + (random.NextDouble() - 0.5) / 50) * (baseFirst ? orderEffect : 1) * baseBurst;
            double b = 5000 * headScale * drift * (1 + (random.NextDouble() - 0.5) / 50) * (baseFirst ? 1 : orderEffect) * headBurst;
            return new IterationPair(a, b, baseFirst);
        })];
    }

    private static AbBenchmark Judge(IReadOnlyList<IterationPair> pairs, double alpha = 0.005) =>
        AbComparer.ComparePairs(new PairedBenchmark(Name, 1000, pairs), TenPercent, alpha);

    [Fact]
    public void ComparePairs_SameCodeOnADriftingMachine_IsSameWithinAFewPercent()
    {
        var row = Judge(Pairs(12));

        Assert.Equal(AbVerdict.Same, row.Verdict);
        // the drift (±30%) is in the iterations' spread and out of the pairs'
        Assert.InRange(row.Noise!.IterationPercent, 10, 40);
        Assert.InRange(row.Noise.PairPercent, 0, 1.5);
        Assert.InRange(row.Shift!.WithinPercent, 0, 2);
        Assert.True(double.IsNaN(row.Noise.RoundPercent), "paired iterations have no rounds");
    }

    [Fact]
    public void ComparePairs_HeadTenPercentSlower_IsSlower()
    {
        var row = Judge(Pairs(12, headScale: 1.1));

        Assert.Equal(AbVerdict.Slower, row.Verdict);
        Assert.True(row.IsRegression);
        Assert.InRange(row.Shift!.Percent, 8.5, 11.5);
    }

    [Fact]
    public void ComparePairs_WhicheverRunsFirstIsTwentyPercentSlower_TheOrderCancelsAndLeavesTheIntervalNarrow()
    {
        var pairs = Pairs(12, orderEffect: 1.2);
        double[] logRatios = [.. pairs.Select(p => Math.Log(p.HeadNs / p.BaseNs))];

        var row = Judge(pairs);
        var plain = PairedShift.Of(logRatios, 0.005)!;

        Assert.Equal(AbVerdict.Same, row.Verdict);
        Assert.InRange(row.Shift!.Percent, -1, 1);
        // the plain paired interval takes the ±20% alternation for noise; the crossover's takes it out
        Assert.True(plain.HalfWidthPercent > 10, $"the plain interval's half-width was {plain.HalfWidthPercent:0.0}%");
        Assert.InRange(row.Shift.HalfWidthPercent, 0, 2);
    }

    [Fact]
    public void ComparePairs_AnIterationHitByABurst_DropsItsPairAndStaysSame()
    {
        // the head's fourth iteration ran five times as long: a burst of the machine, not the code
        var pairs = Pairs(12, burst: i => i == 3 ? (1, 5) : (1, 1));

        var row = Judge(pairs);

        Assert.Equal(1, row.DroppedPairs);
        Assert.Equal(11, row.Shift!.Pairs);
        Assert.Equal(AbVerdict.Same, row.Verdict);
    }

    [Fact]
    public void ComparePairs_SpreadPastTheThreshold_IsTooNoisyWithTheSmallestSlowdownItCouldFlag()
    {
        var random = new Random(7);
        // every iteration of either side anywhere within ±40%: no burst to drop, just noise
        List<IterationPair> pairs = [.. Enumerable.Range(0, 12).Select(i => new IterationPair(5000 * (0.6 + 0.8 * random.NextDouble()), 5000 * (0.6 + 0.8 * random.NextDouble()), i % 2 == 0))];

        var row = Judge(pairs);

        Assert.Equal(AbVerdict.TooNoisy, row.Verdict);
        Assert.False(row.IsJudged);
        Assert.True(row.DetectablePercent > 10);
        Assert.Contains("flags only slowdowns of", row.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void ComparePairs_TooFewPairsOrOneOrderOnly_IsUndecided()
    {
        Assert.Equal(AbVerdict.Undecided, Judge(Pairs(2)).Verdict);
        Assert.Equal(AbVerdict.Undecided, Judge([.. Pairs(6).Where(p => p.BaseFirst)]).Verdict);
    }

    [Fact]
    public void ComparePairs_FailedInTheHeadOnly_IsARegressionWithWhy()
    {
        var row = AbComparer.ComparePairs(new PairedBenchmark(Name, 0, [], "the set-up failed in the head: boom", ErrorInHeadOnly: true), TenPercent, 0.005);

        Assert.Equal(AbVerdict.Failed, row.Verdict);
        Assert.True(row.IsRegression);
        Assert.Equal("the set-up failed in the head: boom", row.Note);
    }

    [Fact]
    public void Confirm_AConfirmationThatFailedInTheHead_StaysARegression()
    {
        var first = new PairedIterations([12], 50, [new PairedBenchmark(Name, 1000, Pairs(12, headScale: 1.2))], [], [], []).Judge(TenPercent);
        var again = new PairedIterations([12], 50, [new PairedBenchmark(Name, 0, [], "the set-up failed in the head: boom", ErrorInHeadOnly: true)], [], [], []).Judge(TenPercent);

        var row = Assert.Single(AbComparer.Confirm(first, again).Benchmarks);

        Assert.Equal(AbVerdict.Failed, row.Verdict);
        Assert.True(row.IsRegression);
        Assert.Contains("the set-up failed in the head: boom", row.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void OfCrossover_BalancedOrders_IsTheMeanOfTheOrdersMeans()
    {
        var shift = PairedShift.OfCrossover([0.3, 0.3, 0.4], [-0.1, -0.1, 0.0], 0.01, out double residual)!;

        // orders' means 0.333 and -0.067: the shift is their mean, 0.133, whatever their counts
        Assert.Equal(Math.Exp((1.0 / 3 - 1.0 / 15) / 2), shift.Estimate, 9);
        Assert.Equal(6, shift.Pairs);
        // each order's spread: squares 0.00667 each, 4 degrees of freedom
        Assert.Equal(Math.Sqrt(2 * (0.02 / 3) / 4), residual, 9);
        Assert.Null(PairedShift.OfCrossover([0.1, 0.2], [], 0.01, out _));
    }

    [Fact]
    public void Judge_RunWithBenchmarksOnOneSideOnly_NamesThemAndTestsEachLookAtAlphaOverTheLooks()
    {
        var run = new PairedIterations([12, 36], 50, [new PairedBenchmark(Name, 1000, Pairs(12))],
            [PairedIterations.Namespace + ".Dispatch.Gone"], [PairedIterations.Namespace + ".Dispatch.New"], ["DynamicPgo.Inline(Throws: 1): it turns dynamic PGO on"]);

        var report = run.Judge(TenPercent);

        Assert.Equal(0.005, run.AlphaPerLook(0.01), 12);
        Assert.Equal(0.995, report.Benchmarks.Single(b => b.FullName == Name).Shift!.Level, 12);
        Assert.Equal(AbVerdict.OnlyInBase, report.Benchmarks.Single(b => b.DisplayName == "Dispatch.Gone").Verdict);
        Assert.Equal(AbVerdict.OnlyInHead, report.Benchmarks.Single(b => b.DisplayName == "Dispatch.New").Verdict);
        Assert.Equal(AbPairing.Iterations, report.Pairing);
        Assert.Single(report.LeftOut);
        Assert.Contains("looks at 12 and 36 pairs", report.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void SaveThenLoad_KeepsEveryPair()
    {
        var run = new PairedIterations([12, 36], 50, [new PairedBenchmark(Name, 1000, Pairs(12)), new PairedBenchmark(Name + "2", 0, [], "the set-up failed in the base: x")], [], [], []);
        string path = Path.Combine(_temp.Path, PairedIterations.FileName);

        run.Save(path);
        var loaded = PairedIterations.Load(path);

        Assert.Equal(run.Looks, loaded.Looks);
        Assert.Equal(run.Benchmarks[0].Pairs, loaded.Benchmarks[0].Pairs);
        Assert.Equal("the set-up failed in the base: x", loaded.Benchmarks[1].Error);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"looks\": [], \"iterationMs\": 50, \"benchmarks\": []}")]
    [InlineData("{\"looks\": [12], \"iterationMs\": 50, \"benchmarks\": [{\"invocations\": 3}]}")]
    [InlineData("{\"looks\": [12], \"iterationMs\": 50, \"benchmarks\": [{\"fullName\": \"X\", \"pairs\": [null]}]}")]
    [InlineData("{\"looks\": [12], \"iterationMs\": 50, \"benchmarks\": [], \"onlyInBase\": [null]}")]
    public void Load_NotARecordOfPairs_ThrowsNamingTheFile(string text)
    {
        string path = Path.Combine(_temp.Path, PairedIterations.FileName);
        File.WriteAllText(path, text);

        var ex = Assert.Throws<ResultFileException>(() => PairedIterations.Load(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}
