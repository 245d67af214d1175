using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.EventProcessors;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains;

namespace DiceOffload.Bench.Study;

/// <summary>
/// Where the whole study stands: one line per phase (each benchmark class, then each scenario) with its place, and an
/// estimate of the time left: the benchmarks' from the cases already done, the scenarios' from their plans (their jobs
/// are sized in time, so their plans hold on any host). BenchmarkDotNet's own per-class estimate stays as it is.
/// </summary>
/// <param name="output">Where the lines go.</param>
/// <param name="scenarios">The scenarios that will run after the benchmarks, in order, with their planned time; null
/// for one that cannot be planned (the Node.js program's speed is its own).</param>
public sealed class StudyProgress(TextWriter output, IReadOnlyList<(string Name, TimeSpan? Planned)> scenarios) : EventProcessor
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _phases;
    private int _phase;
    private int _scenariosStarted;
    private int _casesTotal;
    private int _casesDone;
    private TimeSpan _benchmarksStarted;

    /// <summary>How many phases the study has once the benchmarks are known; before that, the scenarios alone.</summary>
    public int Phases => Math.Max(_phases, scenarios.Count);

    public override void OnStartBuildStage(IReadOnlyList<BuildPartition> partitions)
    {
        var cases = partitions.SelectMany(p => p.Benchmarks).Select(b => b.BenchmarkCase).ToList();
        _casesTotal = cases.Count;
        _phases = cases.Select(c => c.Descriptor.Type).Distinct().Count() + scenarios.Count;
        Line($"{_casesTotal} benchmark case(s) in {_phases - scenarios.Count} class(es), then {scenarios.Count} scenario(s){ScenariosText(scenarios, ", ", " planned")}");
    }

    public override void OnStartRunBenchmarksInType(Type type, IReadOnlyList<BenchmarkCase> benchmarks)
    {
        if (_casesDone == 0)
            _benchmarksStarted = _clock.Elapsed;
        string estimate = EstimateText(_casesDone, _casesTotal, _clock.Elapsed - _benchmarksStarted);
        Line($"[{++_phase}/{Phases}] {type.Name} ({benchmarks.Count} case{(benchmarks.Count == 1 ? "" : "s")}){estimate}{(estimate.Length > 0 ? ScenariosText(scenarios, ", then ", "") : "")}");
    }

    public override void OnEndRunBenchmark(BenchmarkCase benchmarkCase, BenchmarkReport report) => _casesDone++;

    /// <summary>Says that a scenario starts, in the same numbering as the benchmark classes, with the scenarios' time left.</summary>
    public void Scenario(string name) =>
        Line($"[{++_phase}/{Phases}] {name} scenario{ScenariosText([.. scenarios.Skip(_scenariosStarted++)], "; ", " left")}");

    /// <summary>The line that says what the scenarios' jobs, given in time, became on this machine.</summary>
    public static string Sizing(ResultFiles.ScenarioSizing sizing) => string.Create(CultureInfo.InvariantCulture,
        $"study: the scalar loop takes {sizing.NanosecondsPerThrow:0.00} ns a throw here, so the responsiveness job ({sizing.JobMs:0} ms on one core) is {sizing.JobThrows:N0} throws and the server's ({sizing.ServerJobMs:0} ms) {sizing.ServerThrows:N0}");

    /// <summary>The estimate of the benchmarks' time left, from the mean time of the cases done: empty before the first.</summary>
    public static string EstimateText(int casesDone, int casesTotal, TimeSpan spent)
    {
        if (casesDone == 0 || casesTotal <= casesDone)
            return "";
        var left = TimeSpan.FromTicks(spent.Ticks / casesDone * (casesTotal - casesDone));
        return $"; {casesDone} of {casesTotal} cases done, about {Minutes(left)} of benchmarks left";
    }

    /// <summary>
    /// The planned time of <paramref name="scenarios"/> between <paramref name="before"/> and <paramref name="after"/>,
    /// e.g. <c>, then about 6 min of scenarios (Node.js not estimated)</c>; empty for none.
    /// </summary>
    public static string ScenariosText(IReadOnlyList<(string Name, TimeSpan? Planned)> scenarios, string before, string after)
    {
        if (scenarios.Count == 0)
            return "";
        string[] unplanned = [.. scenarios.Where(s => s.Planned is null).Select(s => s.Name)];
        if (unplanned.Length == scenarios.Count)
            return $"{before}{string.Join(", ", unplanned)} not estimated";
        var planned = scenarios.Where(s => s.Planned is not null).Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Planned!.Value);
        return $"{before}about {Minutes(planned)} of scenarios{after}{(unplanned.Length == 0 ? "" : $" ({string.Join(", ", unplanned)} not estimated)")}";
    }

    private void Line(string text) => output.WriteLine($"study: {Minutes(_clock.Elapsed)} in: {text}");

    private static string Minutes(TimeSpan time) =>
        time.TotalMinutes >= 1 ? $"{Math.Round(time.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min" : $"{Math.Round(time.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s";
}
