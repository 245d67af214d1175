using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.EventProcessors;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains;

namespace DiceOffload.Bench.Study;

/// <summary>
/// Where the whole study stands: one line per phase (each benchmark class, then each scenario) with its place, and,
/// while the benchmarks run, an estimate of their time left from the cases already done. BenchmarkDotNet's own
/// per-class estimate stays as it is.
/// </summary>
/// <param name="output">Where the lines go.</param>
/// <param name="scenarios">The scenarios that will run after the benchmarks, by name, in order.</param>
public sealed class StudyProgress(TextWriter output, IReadOnlyList<string> scenarios) : EventProcessor
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _phases;
    private int _phase;
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
        Line($"{_casesTotal} benchmark case(s) in {_phases - scenarios.Count} class(es), then {scenarios.Count} scenario(s)");
    }

    public override void OnStartRunBenchmarksInType(Type type, IReadOnlyList<BenchmarkCase> benchmarks)
    {
        if (_casesDone == 0)
            _benchmarksStarted = _clock.Elapsed;
        Line($"[{++_phase}/{Phases}] {type.Name} ({benchmarks.Count} case{(benchmarks.Count == 1 ? "" : "s")}){Estimate()}");
    }

    public override void OnEndRunBenchmark(BenchmarkCase benchmarkCase, BenchmarkReport report) => _casesDone++;

    /// <summary>Says that a scenario starts, in the same numbering as the benchmark classes.</summary>
    public void Scenario(string name) => Line($"[{++_phase}/{Phases}] {name} scenario");

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

    private string Estimate() => EstimateText(_casesDone, _casesTotal, _clock.Elapsed - _benchmarksStarted);

    private void Line(string text) => output.WriteLine($"study: {Minutes(_clock.Elapsed)} in: {text}");

    private static string Minutes(TimeSpan time) =>
        time.TotalMinutes >= 1 ? $"{Math.Round(time.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min" : $"{Math.Round(time.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s";
}
