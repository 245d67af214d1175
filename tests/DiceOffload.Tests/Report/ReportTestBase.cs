using DiceOffload.Bench.Commands;
using DiceOffload.Tests.Comparison;

namespace DiceOffload.Tests.Report;

/// <summary>A test of the <c>report</c> command: a results folder and a report path in a temporary folder.</summary>
public abstract class ReportTestBase : CommandTestBase
{
    private protected string Results => Path.Combine(Temp.Path, "results");

    private protected string ReportPath => Path.Combine(Temp.Path, "report.md");

    /// <summary>Runs <c>report</c> on <paramref name="results"/> (default <see cref="Results"/>) into <paramref name="reportPath"/> (default <see cref="ReportPath"/>).</summary>
    private protected Task<int> Report(string? results = null, string? reportPath = null) =>
        ReportCommand.InvokeAsync(["--results", results ?? Results, "--out", reportPath ?? ReportPath], Output, Error);

    /// <summary>Runs <c>report</c> on <see cref="Results"/>, which must succeed, and returns the report's text.</summary>
    private protected async Task<string> ReportTextAsync()
    {
        Assert.Equal(0, await Report());
        return File.ReadAllText(ReportPath);
    }
}
