using DiceOffload.Bench.Scenarios;
using DiceOffload.Bench.Study;

namespace DiceOffload.Tests.Scenarios;

/// <summary>The article's Node.js program, run as the study runs it, on its quick job.</summary>
public sealed class NodeScenarioTests
{
    [Fact]
    public async Task RunAsync_QuickJob_EveryModeAndBothHeartbeatsWithCheckedHistograms()
    {
        string root = StudyPaths.RepositoryRoot()!;
        using var log = new StringWriter();

        var result = await NodeScenario.RunAsync(ScenarioSettings.Dry, root, log);

        // Node.js is on every machine this project runs on; where it is not, the scenario says so and gives nothing
        if (result is null)
        {
            Assert.Contains("Node.js is not on the PATH", log.ToString(), StringComparison.Ordinal);
            return;
        }
        Assert.StartsWith("v", result.Node, StringComparison.Ordinal);
        Assert.Equal(["fork", "inline", "shared-array-buffer", "worker_threads"], result.Runs.Select(r => r.Mode).Distinct().Order());
        Assert.All(result.Runs, r => Assert.True(r.MinMs <= r.MedianMs && r.MedianMs <= r.MaxMs && r.TimesMs.Count == result.Repetitions));
        // 200,000 throws of 2d6 are enough for the chi-square test; the program tests each mode's pooled throws
        Assert.All(result.Runs, r => Assert.NotNull(r.ChiSquare));
        Assert.Equal(["fork", "inline", "shared-array-buffer", "worker_threads"], result.Fits.Keys.Order());
        Assert.Equal(["inline", "worker"], result.Heartbeats.Select(h => h.Where));
        Assert.All(result.Heartbeats, h => Assert.True(h.Samples >= h.Beats && h.P50LatenessMs <= h.P99LatenessMs && h.P99LatenessMs <= h.MaxLatenessMs + 1e-9));
    }

    [Fact]
    public async Task RunAsync_NodeNotOnThePath_SaysSoInOneLineAndGivesNothing()
    {
        using var log = new StringWriter();

        var result = await NodeScenario.RunAsync(ScenarioSettings.Dry, StudyPaths.RepositoryRoot()!, log, node: "no-such-node-" + Guid.NewGuid().ToString("N"));

        Assert.Null(result);
        Assert.Equal("node: Node.js is not on the PATH; the Node.js part of the study is skipped.", log.ToString().Trim());
    }

    [Fact]
    public async Task RunAsync_ProgramMissing_SaysWhichFile()
    {
        string empty = Directory.CreateTempSubdirectory("dice-node-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeScenario.RunAsync(ScenarioSettings.Dry, empty, TextWriter.Null));

            Assert.Contains(Path.Combine(empty, NodeScenario.Program), error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
