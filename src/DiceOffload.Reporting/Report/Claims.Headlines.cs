using DiceOffload.Reporting.Comparison;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report;

// The cases each headline rests on, picked in one place for the claims, the summary and the guide alike.
public static partial class Claims
{
    /// <summary>The largest Throughput job's inline case on one worker under each kernel; null unless both ran and
    /// with the same throws (times per job of different sizes are not comparable).</summary>
    public static (BenchmarkResult Vector, BenchmarkResult Scalar)? InlineUnderEachKernel(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var scalar = ReportMath.LargestJob(results.Experiment(Experiments.Throughput)).With(ExperimentParameters.Workers, 1).Method(Experiments.Inline);
        var vector = ReportMath.LargestJob(results.ExperimentWithKernel(Experiments.Throughput, ExperimentParameters.VectorKernel)).With(ExperimentParameters.Workers, 1).Method(Experiments.Inline);
        return scalar is not null && vector is not null && scalar.Number(ExperimentParameters.Throws) == vector.Number(ExperimentParameters.Throws)
            ? (vector, scalar) : null;
    }

    /// <summary>Each strategy but inline on the largest Throughput job on every core, with its speedup over inline there
    /// (the Hodges–Lehmann ratio), fastest first; empty on one core or without an inline case.</summary>
    public static IReadOnlyList<(BenchmarkResult Case, RatioShift Speedup)> SpeedupsAtCores(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var atCores = ReportMath.LargestJob(results.Experiment(Experiments.Throughput)).With(ExperimentParameters.Workers, results.Cores).ToList();
        if (results.Cores <= 1 || atCores.Method(Experiments.Inline) is not { } inline)
            return [];
        return [.. atCores.Where(c => c.Method != Experiments.Inline).Select(c => (Case: c, Speedup: Speedup(c, inline)))
            .Where(x => x.Speedup is not null).Select(x => (x.Case, x.Speedup!)).OrderByDescending(x => x.Item2.Estimate)];
    }

    /// <summary>The one-throw hand-off to a started pool worker and to a process started for it; null unless both ran.</summary>
    public static (BenchmarkResult Pool, BenchmarkResult Process)? Reuse(IReadOnlyList<BenchmarkResult> dispatch)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        return dispatch.Method("ProcessPool") is { MedianNs: not null } pool && dispatch.Method("Process") is { MedianNs: not null } process ? (pool, process) : null;
    }

    /// <summary>At the most workers the responsiveness scenario ran: the loop with the job inline, and the strategies
    /// with the lowest heartbeat p99 (<see cref="LowestHeartbeats"/>); null when either is missing.</summary>
    public static (int Workers, ResponsivenessRun Stalled, IReadOnlyList<ResponsivenessRun> Lowest)? Heartbeats(ResponsivenessResult responsiveness)
    {
        ArgumentNullException.ThrowIfNull(responsiveness);
        var plain = responsiveness.Plain().ToList();
        int workers = plain.Select(r => r.Workers).DefaultIfEmpty(0).Max();
        return plain.FirstOrDefault(r => r.Strategy == "inline" && r.Workers == workers) is { } stalled
            && LowestHeartbeats([.. plain.Where(r => r.Strategy != "inline" && r.Workers == workers)]) is { Count: > 0 } lowest
            ? (workers, stalled, lowest) : null;
    }

    /// <summary>The runs with the lowest heartbeat p99, lowest first: the lowest, and every run whose repetitions'
    /// p99s overlap its own (three repetitions cannot reach a test at <see cref="Alpha"/>, so only a clean separation of
    /// their ranges names one strategy alone).</summary>
    public static IReadOnlyList<ResponsivenessRun> LowestHeartbeats(IReadOnlyList<ResponsivenessRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var ordered = runs.OrderBy(r => r.P99LatenessMs).ToList();
        if (ordered.Count == 0)
            return [];
        var best = ordered[0];
        static double Highest(ResponsivenessRun r) => r.Repetitions.Count > 0 ? r.Repetitions.Max(x => x.P99LatenessMs) : r.P99LatenessMs;
        static double Lowest(ResponsivenessRun r) => r.Repetitions.Count > 0 ? r.Repetitions.Min(x => x.P99LatenessMs) : r.P99LatenessMs;
        return [best, .. ordered.Skip(1).Where(r => Lowest(r) <= Highest(best))];
    }

    /// <summary>The server scenario's runs with one heavy job that uses every core (inline runs on one core, whatever
    /// its worker count), whose job answered: a case whose heavy job failed put no load on the server.</summary>
    public static IReadOnlyList<ServerRun> ServerEveryCore(ServerResult server)
    {
        ArgumentNullException.ThrowIfNull(server);
        int workers = server.Runs.Max(r => r.Workers);
        return [.. server.Runs.Where(r => r.Workers == workers && r.Clients == 1 && r.Strategy != "inline" && r.Errors == 0 && r.RollStatus.All(status => status == 200))];
    }
}
