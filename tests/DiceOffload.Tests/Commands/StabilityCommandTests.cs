using DiceOffload.Bench.Commands;
using DiceOffload.Tests.Report;

namespace DiceOffload.Tests.Commands;

/// <summary>The <c>stability</c> command's table of the reruns kept, and its bad input; rerunning the study itself is the study's to test.</summary>
public sealed class StabilityCommandTests : ReportTestBase
{
    private Task<int> Stability(params string[] options) => StabilityCommand.InvokeAsync(options, Output, Error);

    [Fact]
    public async Task RunsZero_PrintsEachClaimWithTheRunsItHeldIn()
    {
        ReportFixtures.Write(Results);
        ReportFixtures.Write(Path.Combine(Results, "stability", "run-20251126-090000"), slowerMethod: "Thread");

        Assert.Equal(0, await Stability("--runs", "0", "--results", Results));

        string output = Output.ToString();
        Assert.Contains("against 1 rerun(s)", output, StringComparison.Ordinal);
        // thread is 1.5 times as slow in the rerun: on 2 workers still faster than inline, so the claim held
        Assert.Contains("thread on 2 workers vs inline, 100,000,000 throws: faster: held in 2 of 2", output, StringComparison.Ordinal);
        Assert.Equal("", Error.ToString());
    }

    [Theory]
    [InlineData("--runs", "-1", "--runs must be a whole number from 0 to 10")]
    [InlineData("--runs", "11", "--runs must be a whole number from 0 to 10")]
    [InlineData("--results", "/no/such/folder", "--results: the results folder '/no/such/folder' does not exist")]
    public async Task BadInput_ExitsTwoWithOneLine(string option, string value, string expected)
    {
        Assert.Equal(2, await Stability(option, value));

        string error = Error.ToString().TrimEnd();
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n'));
    }
}
