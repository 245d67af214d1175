using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace DiceOffload.Bench.Benchmarks;

/// <summary>
/// The runtime as users run it: dynamic PGO on (the runtime's default), where the rest of the study turns it off for
/// fairness between processes (<c>TieredPGO</c> in <c>Directory.Build.props</c>). The hand-off of a one-throw job
/// (<see cref="Dispatch"/>'s case) for the in-process strategies and the process pool, and the article's job inline
/// and on every core with parallel-for (<see cref="Throughput"/>'s scalar cases), each set beside the same case with
/// PGO off in the same run.
/// </summary>
/// <remarks>The environment variable <c>DOTNET_TieredPGO=1</c> overrides the programs' <c>System.Runtime.TieredPGO</c>
/// setting; the pool's worker processes inherit it.</remarks>
[BenchmarkCategory(Categories.Pgo)]
public class DynamicPgo : EveryStrategy
{
    /// <summary>The hand-off's job and the article's.</summary>
    [Params(1L, 100_000_000L)]
    public long Throws { get; set; }

    protected override int WorkerCount => Throws == 1 ? 1 : Environment.ProcessorCount;

    protected override DiceJob CreateJob() => new(Throws, 2, 6, StudySeed.Value);

    /// <summary>The cases measured, in the study configuration's filter: the hand-off of the strategies whose path
    /// runs the runtime's own threading code, and the job where the loop's code generation shows.</summary>
    public static bool Measures(string method, long throws) => throws == 1
        ? method is nameof(Inline) or nameof(Thread) or nameof(ThreadPool) or nameof(ParallelFor) or nameof(ProcessPool)
        : method is nameof(Inline) or nameof(ParallelFor);

    /// <summary><see cref="Measures(string, long)"/> for a case as BenchmarkDotNet builds it.</summary>
    public static bool Measures(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        return Measures(benchmarkCase.Descriptor.WorkloadMethod.Name, (long)benchmarkCase.Parameters[nameof(Throws)]);
    }

    /// <summary>Whether <paramref name="job"/> runs with PGO on: out of process, with the environment variable set.</summary>
    public static bool TurnsPgoOn(Job job) =>
        job.Infrastructure.Toolchain is not { IsInProcess: true }
        && job.Environment.EnvironmentVariables?.Any(v => v.Key == "DOTNET_TieredPGO" && v.Value == "1") == true;

    /// <summary><paramref name="job"/> with dynamic PGO on, under an id of its own (<c>StudyPgoOn</c>): the study runs its cases under it.</summary>
    public static Job PgoOn(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.WithEnvironmentVariable("DOTNET_TieredPGO", "1").WithId(job.Id + "PgoOn");
    }
}
