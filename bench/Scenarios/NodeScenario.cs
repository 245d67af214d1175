using System.ComponentModel;
using System.Text.Json;
using DiceOffload.Processes;
using DiceOffload.ResultFiles;

namespace DiceOffload.Bench.Scenarios;

/// <summary>
/// Runs the article's own Node.js code (<c>node/bench.js</c> in the repository) on this machine and keeps what it
/// prints. Node.js is on every machine the project runs on, but not everywhere: without <c>node</c> on the PATH the
/// scenario says so and is skipped; a Node run that fails fails the study like any scenario.
/// </summary>
public static class NodeScenario
{
    /// <summary>The program, relative to the repository root.</summary>
    public const string Program = "node/bench.js";

    /// <summary>The article's job only, as in the Throughput experiment the Node.js section sets it beside, and every
    /// break-even size; three timed runs after the warm-up, which at about 1–3 s a run here keeps Node.js under two minutes.</summary>
    private static readonly string[] StudyRunArguments = ["--throws", "1e8", "--repeat", "3"];

    /// <returns>The result; null when Node.js is not on the PATH (the log says so).</returns>
    /// <exception cref="InvalidOperationException">The program is missing, failed, or printed something that is not its result.</exception>
    /// <param name="node">The Node.js executable, looked up on the PATH.</param>
    public static async Task<NodeResult?> RunAsync(ScenarioSettings settings, string repositoryRoot, TextWriter log, string node = "node", CancellationToken cancellationToken = default)
    {
        string program = Path.Combine(repositoryRoot, Program);
        if (!File.Exists(program))
            throw new InvalidOperationException($"the Node.js program {program} is missing.");
        WorkerProcess process;
        try
        {
            process = WorkerProcess.Start(new WorkerLaunch(node, []), [program, .. settings.Mode == "study" ? StudyRunArguments : ["--quick"]], "node bench.js");
        }
        catch (WorkerFailedException ex) when (ex.InnerException is Win32Exception)
        {
            await log.WriteLineAsync("node: Node.js is not on the PATH; the Node.js part of the study is skipped.");
            return null;
        }
        using (process)
        {
            var exit = await process.WaitAsync(cancellationToken);
            if (exit.ExitCode != 0)
                throw new InvalidOperationException($"the Node.js program exited with code {exit.ExitCode}: {exit.StandardError.Trim()}");
            NodeResult? result;
            try
            {
                result = JsonSerializer.Deserialize<NodeResult>(exit.StandardOutput, ScenarioFiles.Json);
            }
            catch (JsonException ex)
            {
                throw new InvalidOperationException($"the Node.js program printed something that is not its result: {ex.Message}", ex);
            }
            if (result is not { SchemaVersion: NodeResult.CurrentSchemaVersion, Runs.Count: > 0, Heartbeats.Count: > 0 })
                throw new InvalidOperationException($"the Node.js program's result is not version {NodeResult.CurrentSchemaVersion} or holds no runs.");
            foreach (var run in result.Runs)
                await log.WriteLineAsync($"node: {run.Mode,-20} workers {run.Workers}, {run.Throws,11:N0} throws: median {run.MedianMs,9:0.0} ms ({run.MinMs:0.0} – {run.MaxMs:0.0}), cold {run.ColdMs:0.0} ms");
            foreach (var beat in result.Heartbeats)
                await log.WriteLineAsync($"node: heartbeat while the job runs {beat.Where,-6}: p50 {beat.P50LatenessMs:0.00}, p99 {beat.P99LatenessMs:0.00}, max {beat.MaxLatenessMs:0.00} ms ({beat.Beats} beats)");
            return result;
        }
    }
}
