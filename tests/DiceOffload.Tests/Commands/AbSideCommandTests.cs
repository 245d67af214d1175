using System.Globalization;
using DiceOffload.Bench.Commands;

namespace DiceOffload.Tests.Commands;

public sealed class AbSideCommandTests
{
    private const string Inline = "DiceOffload.Bench.Benchmarks.Dispatch.Inline";

    private static string[] Answers(params string[] requests)
    {
        using var input = new StringReader(string.Join('\n', requests) + "\n");
        using var output = new StringWriter();
        Assert.Equal(0, AbSideCommand.Run(input, output));
        return output.ToString().TrimEnd().Split('\n');
    }

    [Fact]
    public void Run_ListSetupRunCleanup_AnswersOneLineEachAndTimesTheCase()
    {
        string[] answers = Answers("list *Dispatch.Inline*", $"setup {Inline}", "run 1000", "cleanup");

        Assert.Equal(["ready 1", $"case\t{Inline}", "end", "ok"], answers[..4]);
        // nanoseconds per operation, then per invocation: one operation per invocation here
        double[] ns = [.. answers[4].Split(' ').Select(t => double.Parse(t, CultureInfo.InvariantCulture))];
        Assert.Equal(2, ns.Length);
        Assert.True(ns[0] > 0 && double.IsFinite(ns[0]), $"'{answers[4]}' is not a time per operation");
        Assert.Equal(ns[0], ns[1]);
        Assert.Equal("ok", answers[5]);
    }

    [Fact]
    public void Run_CasesItCannotTime_AreListedAsSkippedWithWhy()
    {
        string[] answers = Answers("list *DynamicPgo.Inline*");

        Assert.All(answers[1..^1], a => Assert.StartsWith("skip\tDiceOffload.Bench.Benchmarks.DynamicPgo.Inline", a, StringComparison.Ordinal));
        Assert.Contains("dynamic PGO", answers[1], StringComparison.Ordinal);
        Assert.Equal("end", answers[^1]);
    }

    [Theory]
    [InlineData("run 10", "error no case is set up")]
    [InlineData("setup DiceOffload.Bench.Benchmarks.Nowhere", "error no case 'DiceOffload.Bench.Benchmarks.Nowhere' was listed")]
    [InlineData("run -3", "error unknown request 'run -3'")]
    [InlineData("fly", "error unknown request 'fly'")]
    public void Run_ABadRequest_AnswersOneErrorLineAndGoesOn(string request, string expected)
    {
        string[] answers = Answers(request, "cleanup");

        Assert.Equal(["ready 1", expected, "ok"], answers);
    }

    [Fact]
    public void Run_ListedHandOffsAreTheStudysOwn_LongRunningOnlyInDispatch()
    {
        string[] answers = Answers("list *LongRunning*");

        Assert.Equal([$"case\tDiceOffload.Bench.Benchmarks.Dispatch.LongRunning", "end"], answers[1..]);
    }
}
