using DiceOffload.Bench.Scenarios;
using DiceOffload.Bench.Study;
using DiceOffload.ResultFiles;

namespace DiceOffload.Tests.Scenarios;

/// <summary>The operating system's floors: the C program built and run as the study runs it, and its document read.</summary>
public sealed class FloorsScenarioTests
{
    private const string OneCore = FloorsResult.OneCoreSuffix;

    // each wake-up floor across two cores and on one, where two cores are allowed (on one, under the name alone)
    private static readonly string[] AllFloors = Environment.ProcessorCount > 1
        ?
        [
            FloorsResult.PipeRoundTrip, FloorsResult.PipeRoundTrip + OneCore, FloorsResult.EventfdThreads, FloorsResult.EventfdThreads + OneCore,
            FloorsResult.EventfdProcesses, FloorsResult.EventfdProcesses + OneCore, FloorsResult.ThreadCreateJoin, FloorsResult.ForkExecWait, FloorsResult.PosixSpawnWait,
        ]
        :
        [
            FloorsResult.PipeRoundTrip, FloorsResult.EventfdThreads, FloorsResult.EventfdProcesses,
            FloorsResult.ThreadCreateJoin, FloorsResult.ForkExecWait, FloorsResult.PosixSpawnWait,
        ];

    [Fact]
    public async Task RunAsync_DryJob_BuildsAndTimesEveryFloor_AndLeavesNoFolderBehind()
    {
        using var log = new StringWriter();
        string[] before = Leftovers();

        var watched = new List<string>();
        var unwatched = new List<string>();

        var result = await FloorsScenario.RunAsync(ScenarioSettings.Dry, StudyPaths.FloorsSource()!, log, watch: watched.Add, unwatch: unwatched.Add);

        Assert.Equal(before, Leftovers());
        if (result is not null)
        {
            // the study is told where the binary is built, so that an interrupted study deletes it, and that it is gone
            string folder = Assert.Single(watched);
            Assert.Equal([folder], unwatched);
            Assert.False(Directory.Exists(folder));
        }
        // a C compiler is on every machine this project runs on; where it is not, the scenario says so and gives nothing
        if (result is null)
        {
            Assert.Contains("no C compiler", log.ToString(), StringComparison.Ordinal);
            return;
        }
        Assert.Equal(AllFloors, result.Floors.Select(f => f.Name));
        var (repetitions, spawns) = FloorsScenario.Repetitions(ScenarioSettings.Dry);
        Assert.All(result.Floors, f => Assert.Equal(f.Name.Contains("wait", StringComparison.Ordinal) ? spawns : repetitions, f.Repetitions));
        Assert.All(result.Floors, f => Assert.True(f.MinNs > 0 && f.MinNs <= f.LowerNs && f.LowerNs <= f.MedianNs && f.MedianNs <= f.UpperNs && f.UpperNs <= f.MaxNs, $"{f.Name}: {f}"));
        Assert.StartsWith(result.Static ? "cc -O2 -static" : "cc -O2 -pthread", result.Compiler.Replace("gcc", "cc", StringComparison.Ordinal).Replace("clang", "cc", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(AllFloors.Length, log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task RunAsync_NoCompiler_SaysSoInOneLineAndGivesNothing()
    {
        using var log = new StringWriter();

        var result = await FloorsScenario.RunAsync(ScenarioSettings.Dry, StudyPaths.FloorsSource()!, log, compilers: ["no-such-cc-" + Guid.NewGuid().ToString("N")]);

        Assert.Null(result);
        Assert.StartsWith("floors: no C compiler (no-such-cc-", log.ToString().Trim(), StringComparison.Ordinal);
        Assert.EndsWith("is on the PATH; the operating system's floors are skipped.", log.ToString().Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ACompilerThatCannotBuildIt_SaysSoInOneLineAndGivesNothing()
    {
        using var log = new StringWriter();
        string[] before = Leftovers();

        // `false` is on every Linux PATH and fails whatever it is given, as a compiler without C headers would
        var result = await FloorsScenario.RunAsync(ScenarioSettings.Dry, StudyPaths.FloorsSource()!, log, compilers: ["false"]);

        Assert.Null(result);
        Assert.Matches(@"^floors: \S*false could not build floors/floors\.c \(.*\); the operating system's floors are skipped\.$", log.ToString().Trim());
        Assert.Equal(before, Leftovers());
    }

    [Fact]
    public async Task RunAsync_ProgramMissing_SaysWhichFile()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-floors-" + Guid.NewGuid().ToString("N") + ".c");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FloorsScenario.RunAsync(ScenarioSettings.Dry, missing, TextWriter.Null));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GivesEachFloorsMedianIntervalAndRange()
    {
        const string document = """
            {"schemaVersion": 1, "static": true, "floors": [
              {"name": "pipe-round-trip", "what": "a pipe", "samplesNs": [5, 1, 3, 2, 4]}
            ]}
            """;

        var floor = Assert.Single(FloorsScenario.Parse(document));

        Assert.Equal(("pipe-round-trip", "a pipe", 5, 3.0, 1.0, 5.0), (floor.Name, floor.What, floor.Repetitions, floor.MedianNs, floor.MinNs, floor.MaxNs));
        Assert.InRange(floor.LowerNs, 1, 3);
        Assert.InRange(floor.UpperNs, 3, 5);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"schemaVersion": 2, "floors": [{"name": "x", "samplesNs": [1]}]}""")]
    [InlineData("""{"schemaVersion": 1, "floors": [{"name": "x", "samplesNs": []}]}""")]
    [InlineData("""{"schemaVersion": 1, "floors": []}""")]
    public void Parse_NotTheProgramsDocument_Throws(string document) =>
        Assert.Throws<InvalidOperationException>(() => FloorsScenario.Parse(document));

    private static string[] Leftovers() =>
        [.. new[] { DiceOffload.Processes.TempFolders.CurrentRoot, Path.GetTempPath() }.Distinct()
            .SelectMany(root => Directory.EnumerateDirectories(root, "dice-offload-floors-*")).Order(StringComparer.Ordinal)];
}
