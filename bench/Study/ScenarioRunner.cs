using DiceOffload.Bench.Scenarios;
using DiceOffload.ResultFiles;
using DiceOffload.Strategies;

namespace DiceOffload.Bench.Study;

/// <summary>Runs the scenarios and writes their files.</summary>
public sealed class ScenarioRunner(ScenarioSettings settings, RunLayout run)
{
    public async Task ResponsivenessAsync()
    {
        Directory.CreateDirectory(run.Scenarios);
        var result = await ResponsivenessScenario.RunAsync(settings, StrategyCatalog.Names, Console.Out);
        ScenarioFiles.Write(run.Scenario(ResultsLayout.ResponsivenessFile), result);
    }

    public async Task NodeAsync()
    {
        string root = StudyPaths.NodeRoot() ?? throw new InvalidOperationException("cannot find node/bench.js above the program or the current folder, so there is no Node.js program to run.");
        if (await NodeScenario.RunAsync(settings, root, Console.Out) is { } result)
        {
            Directory.CreateDirectory(run.Scenarios);
            ScenarioFiles.Write(run.Scenario(ResultsLayout.NodeFile), result);
        }
    }

    public async Task FloorsAsync()
    {
        string source = StudyPaths.FloorsSource() ?? throw new InvalidOperationException($"cannot find {FloorsScenario.Source} above the program or the current folder, so there is no floors program to build.");
        // the program answers in about a second; one that hangs is stopped rather than holding the study
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        FloorsResult? result;
        try
        {
            result = await FloorsScenario.RunAsync(settings, source, Console.Out, watch: Interrupt.DeleteIfInterrupted, unwatch: Interrupt.Finished, cancellationToken: limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new InvalidOperationException("the floors program did not finish within 5 minutes and was stopped.");
        }
        if (result is not null)
        {
            Directory.CreateDirectory(run.Scenarios);
            ScenarioFiles.Write(run.Scenario(ResultsLayout.FloorsFile), result);
        }
    }

    public async Task ServerAsync()
    {
        Directory.CreateDirectory(run.Scenarios);
        var result = await ServerScenario.RunAsync(settings, Console.Out);
        ScenarioFiles.Write(run.Scenario(ResultsLayout.ServerFile), result);
    }

    public async Task QuotaAsync()
    {
        string? containerSettings = StudyPaths.RepositoryRoot() is { } root ? Path.Combine(root, "containers", "containers.conf") : null;
        if (await QuotaScenario.RunAsync(settings, Console.Out, containerSettings: containerSettings) is { } result)
        {
            Directory.CreateDirectory(run.Scenarios);
            ScenarioFiles.Write(run.Scenario(ResultsLayout.QuotaFile), result);
        }
    }

    public void Race()
    {
        Directory.CreateDirectory(run.Scenarios);
        var result = RaceScenario.Run(settings, Console.Out);
        ScenarioFiles.Write(run.Scenario(ResultsLayout.RaceFile), result);
    }
}
