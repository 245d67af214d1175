using System.Globalization;
using DiceOffload.Tests.Comparison;

namespace DiceOffload.Tests.Report;

/// <summary>The DynamicPgo cases beside the same cases with PGO off: Dispatch's hand-off and Throughput's job.</summary>
public sealed class ReportPgoTests : ReportTestBase
{
    private static FixtureCase Case(string method, long throws, double medianNs, int seed) =>
        new("DynamicPgo", method, BdnExportWriter.Around(medianNs, seed: seed), [("Throws", throws.ToString(CultureInfo.InvariantCulture))], 200);

    [Fact]
    public async Task Pgo_EachCase_IsSetBesideItsPgoOffCase_WithARatioAndAVerdict()
    {
        ReportFixtures.Write(Results);
        // the fixture's PGO-off figures: Dispatch inline 100 ns, thread 10.1 µs; Throughput inline at 10^8 throws 260 ms
        BdnExportWriter.Write(Path.Combine(Results, "benchmarkdotnet", "results"), "DynamicPgo",
        [
            Case("Inline", 1, 50, 1),
            Case("Thread", 1, 10_100, 2),
            Case("Inline", 100_000_000, 312_000_000, 3),
        ]);

        string report = await ReportTextAsync();

        string section = report[report.IndexOf("### With dynamic PGO on, as users run", StringComparison.Ordinal)..];
        Assert.Matches(@"\| inline \| 1 throw \| 1 \| 100 ns \| (49|50)\.\d+ ns \| 0\.5\d× \([\d.]+–[\d.]+×\) \| faster \|", section);
        Assert.Matches(@"\| thread \| 1 throw \| 1 \| [\d.,]+ \S+s \| [\d.,]+ \S+s \| 1\.0\d× \([\d.]+–[\d.]+×\) \| not distinguishable \|", section);
        Assert.Matches(@"\| inline \| 100,000,000 throws \| 1 \| 260 ms \| 31\d ms \| 1\.2\d× \([\d.]+–[\d.]+×\) \| slower \|", section);
    }

    [Fact]
    public async Task Pgo_NotMeasured_IsListedAsMissing()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        Assert.Contains("With dynamic PGO on, as users run: no DynamicPgo exports", report, StringComparison.Ordinal);
    }
}
