using System.Reflection;
using BenchmarkDotNet.Attributes;
using DiceOffload.Bench.Benchmarks;
using DiceOffload.Processes;
using DiceOffload.ResultFiles;
using DiceOffload.Strategies;

namespace DiceOffload.Tests.ResultFiles;

/// <summary>
/// The report finds experiments by the names in <see cref="Experiments"/> and <see cref="ExperimentParameters"/>;
/// renaming a benchmark class, its baseline method or a parameter must fail here rather than move a section to "Missing".
/// </summary>
public sealed class ExperimentsTests
{
    private static readonly Type[] BenchmarkClasses = [.. typeof(Throughput).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))];

    [Fact]
    public void Experiments_EachName_IsItsBenchmarkClass()
    {
        Assert.Equal(nameof(Throughput), Experiments.Throughput);
        Assert.Equal(nameof(BreakEven), Experiments.BreakEven);
        Assert.Equal(nameof(Dispatch), Experiments.Dispatch);
        Assert.Equal(nameof(Scaling), Experiments.Scaling);
        Assert.Equal(nameof(Transfer), Experiments.Transfer);
        Assert.Equal(nameof(PriorityEffect), Experiments.PriorityEffect);
        Assert.Equal(nameof(WorkerStartup), Experiments.WorkerStartup);
    }

    [Fact]
    public void All_Experiments_AreExactlyTheStudysBenchmarkClasses()
    {
        Assert.Equal(BenchmarkClasses.Select(t => t.Name).Order(StringComparer.Ordinal), Experiments.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Inline_IsTheBaselineOfEveryExperimentButWorkerStartup()
    {
        Assert.Equal(nameof(EveryStrategy.Inline), Experiments.Inline);
        Assert.Equal(Experiments.Inline, InlineStrategy.Entry.BenchmarkMethod);
        foreach (var type in BenchmarkClasses)
            Assert.Equal(type == typeof(WorkerStartup) ? Experiments.Dll : Experiments.Inline, BaselineMethod(type));
    }

    [Fact]
    public void WorkerStartup_Methods_AreTheCatalogsWorkerForms()
    {
        Assert.Equal([Experiments.Dll, Experiments.AppHost, Experiments.Aot], [nameof(WorkerStartup.Dll), nameof(WorkerStartup.AppHost), nameof(WorkerStartup.Aot)]);
        Assert.Equal([Experiments.Dll, Experiments.AppHost, Experiments.Aot], Enum.GetNames<WorkerForm>());
    }

    [Fact]
    public void ExperimentParameters_EachName_IsAParameterOfItsExperiments()
    {
        Assert.Equal(nameof(Throughput.Throws), ExperimentParameters.Throws);
        Assert.Equal(nameof(Throughput.Workers), ExperimentParameters.Workers);
        Assert.Equal(nameof(Throughput.Kernel), ExperimentParameters.Kernel);
        Assert.Equal(nameof(BreakEven.Throws), ExperimentParameters.Throws);
        Assert.Equal(nameof(BreakEven.Kernel), ExperimentParameters.Kernel);
        Assert.Equal(nameof(Scaling.Workers), ExperimentParameters.Workers);
        Assert.Equal(nameof(Transfer.SizeBytes), ExperimentParameters.SizeBytes);
        Assert.Equal(nameof(PriorityEffect.Priority), ExperimentParameters.Priority);
    }

    [Fact]
    public void All_Parameters_AreExactlyTheBenchmarkClassesParams()
    {
        var declared = BenchmarkClasses.SelectMany(t => t.GetProperties())
            .Where(p => p.GetCustomAttribute<ParamsAttribute>() is not null || p.GetCustomAttribute<ParamsSourceAttribute>() is not null)
            .Select(p => p.Name).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(declared, ExperimentParameters.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ExperimentParameters_Values_AreTheParamsValues()
    {
        Assert.Equal(nameof(DiceKernel.Scalar), ExperimentParameters.ScalarKernel);
        Assert.Equal(nameof(DiceKernel.Vector), ExperimentParameters.VectorKernel);
        Assert.Equal([ExperimentParameters.RaisedPriority, ExperimentParameters.NormalPriority],
            typeof(PriorityEffect).GetProperty(nameof(PriorityEffect.Priority))!.GetCustomAttribute<ParamsAttribute>()!.Values);
    }

    private static string BaselineMethod(Type type) =>
        Assert.Single(type.GetMethods(), m => m.GetCustomAttribute<BenchmarkAttribute>() is { Baseline: true }).Name;
}
