namespace DiceOffload.Tests.Report;

/// <summary>The section on the vector kernel: Throughput under both kernels, every other section on the scalar one.</summary>
public class ReportKernelTests : ReportTestBase
{
    [Fact]
    public async Task Sets_the_kernels_side_by_side_and_keeps_the_other_sections_on_the_scalar_one()
    {
        ReportFixtures.Write(Results, withVectorKernel: true);

        string report = await ReportTextAsync();

        Assert.Contains("## Make the work cheaper first: the vector kernel", report, StringComparison.Ordinal);
        // the fixture's vector throws are 7 times cheaper, within ±1% noise
        Assert.Matches(@"the vector kernel is faster, (6\.9\d|7\.0\d)×, 99% interval", report);
        Assert.Contains("| strategy | scalar, vs scalar inline | vector, vs vector inline | vector, vs scalar inline |", report, StringComparison.Ordinal);
        Assert.Contains("- Making the loop cheaper beat spreading it over every core (faster than ", report, StringComparison.Ordinal);
        Assert.Matches(@"the vector kernel ran the 100,000,000-throw job on one core (6\.9\d|7\.0\d)× as fast as the scalar loop \(99% interval", report);
        Assert.True(File.Exists(Path.Combine(Results, "charts", "kernel-speedup.png")));
        // the Throughput section's table shows the scalar cases only: its inline on 1 worker at 10^8 throws is the scalar one
        int table = report.IndexOf("### Every case: Throughput\n", StringComparison.Ordinal), next = report.IndexOf("\n### ", table + 5, StringComparison.Ordinal);
        Assert.True(table > 0, "no Throughput table in the appendix");
        string throughput = report[table..(next < 0 ? report.Length : next)];
        Assert.DoesNotContain("Vector", throughput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_offloading_won_where_the_vector_kernel_gains_less_than_every_core()
    {
        // the fixture's strategies take 2 workers at about 1.9×; a vector loop 1.2× cheaper loses to them
        ReportFixtures.Write(Results, withVectorKernel: true, vectorGain: 1.2);

        string report = await ReportTextAsync();

        Assert.Contains("- Making the loop cheaper paid, but less than spreading it over every core (", report, StringComparison.Ordinal);
        Assert.DoesNotContain("beat spreading it over every core", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_the_kernel_was_not_measured_in_results_from_before_it()
    {
        ReportFixtures.Write(Results);

        string report = await ReportTextAsync();

        Assert.Contains("## Make the work cheaper first: the vector kernel", report, StringComparison.Ordinal);
        Assert.Contains("no Throughput cases with Kernel=Vector in the results", report, StringComparison.Ordinal);
        Assert.DoesNotContain("Making the loop cheaper", report, StringComparison.Ordinal);
    }
}
