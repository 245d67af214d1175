using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.EventProcessors;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace DiceOffload.Bench.Study;

/// <summary>The one configuration of the study's benchmarks.</summary>
public static class StudyConfig
{
    /// <summary>The study's job (<see cref="Benchmarks.StudyJobs.Study"/>).</summary>
    public static Job StudyJob => Benchmarks.StudyJobs.Study;

    /// <summary>What <c>--job short</c> runs: BenchmarkDotNet's ShortRun counts (3 measured iterations) with 100 ms iterations and one warm-up, so the whole study fits in about five minutes; for CI regression checks, not for publishing. Its own id, so that no export passes it off as BenchmarkDotNet's ShortRun.</summary>
    public static Job ShortJob { get; } = Job.Default
        .WithId("StudyShort")
        .WithLaunchCount(1)
        .WithWarmupCount(1)
        .WithIterationCount(3)
        .WithIterationTime(TimeInterval.FromMilliseconds(100));

    /// <param name="jobFromCommandLine">The caller passed <c>--job</c>; then its job replaces the study's.</param>
    /// <param name="artifactsPath">Where BenchmarkDotNet writes logs and exports; null for its default or <c>--artifacts</c>.</param>
    /// <param name="job">The job used when none comes from the command line.</param>
    /// <param name="processors">What follows the run as BenchmarkDotNet goes: the study's progress, the machine's health.</param>
    /// <param name="inProcess">Run the study's jobs with BenchmarkDotNet's in-process toolchain (<c>--inProcess</c> without a job from the command line).</param>
    public static IConfig Create(bool jobFromCommandLine, string? artifactsPath, Job? job = null, bool inProcess = false, params EventProcessor[] processors)
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddValidator([.. DefaultConfig.Instance.GetValidators()])   // refuses unoptimized (Debug) builds
            .AddAnalyser([.. DefaultConfig.Instance.GetAnalysers()])
            .AddExporter(JsonExporter.Full)                        // every measurement: the report and compare read these
            .AddExporter(MarkdownExporter.GitHub)                  // the tables people read
            .AddExporter(CsvExporter.Default)                      // the tables spreadsheets read
            .AddDiagnoser(MemoryDiagnoser.Default)                 // allocations: serialization shows up here
            .AddDiagnoser(ThreadingDiagnoser.Default)              // work items and lock contentions per operation
            .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
            // a strategy measured only where it differs from another (EveryStrategy.HandOffOnly)
            .AddFilter(new SimpleFilter(c => Benchmarks.EveryStrategy.Measures(c.Descriptor.Type, c.Descriptor.WorkloadMethod.Name)))
            // the PGO-on job runs DynamicPgo's few cases (DynamicPgo.Measures) and nothing else, and DynamicPgo runs only
            // where PGO is really on: out of process, under that job (a job from the command line has no PGO-on twin, and
            // in-process cases cannot set it)
            .AddFilter(new SimpleFilter(c => c.Descriptor.Type == typeof(Benchmarks.DynamicPgo)
                ? Benchmarks.DynamicPgo.Measures(c) && Benchmarks.DynamicPgo.TurnsPgoOn(c.Job)
                : !Benchmarks.DynamicPgo.TurnsPgoOn(c.Job)))
            .WithOption(ConfigOptions.JoinSummary, false);
        if (!jobFromCommandLine)
        {
            // not AsDefault: two jobs side by side; a job from the command line replaces both
            var main = job ?? StudyJob;
            if (inProcess)
                main = main.WithToolchain(InProcessEmitToolchain.Instance);
            config.AddJob(main);
            // in process, PGO cannot be turned on: the PGO-on job would only run every other case a second time
            if (!inProcess)
                config.AddJob(Benchmarks.DynamicPgo.PgoOn(main));
        }
        if (artifactsPath is not null)
            config.WithArtifactsPath(artifactsPath);
        foreach (var processor in processors)
            config.AddEventProcessor(processor);
        return config;
    }
}
