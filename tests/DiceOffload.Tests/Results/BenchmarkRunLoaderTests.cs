using DiceOffload.Reporting.Results;
using DiceOffload.Tests.Comparison;
using static DiceOffload.Tests.Comparison.BdnExportWriter;

namespace DiceOffload.Tests.Results;

public sealed class BenchmarkRunLoaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Load_FullAndCompressedExportOfOneClass_CountsEachBenchmarkOnce()
    {
        BdnExportWriter.Write(_temp.Path, Runs.Class, Runs.Throughput());
        BdnExportWriter.Write(_temp.Path, Runs.Class, Runs.Throughput(), compressed: true);

        var run = BenchmarkRunLoader.Load(_temp.Path);

        Assert.Single(run.Exports);
        Assert.Equal(3, run.Benchmarks.Count);
        Assert.Empty(run.Warnings);
    }

    [Fact]
    public void Load_ExportsInSubfolders_ReadsThemAll()
    {
        BdnExportWriter.Write(_temp.Sub("a"), "Throughput", Runs.Throughput());
        BdnExportWriter.Write(_temp.Sub(Path.Combine("b", "c")), "Dispatch", [new("Dispatch", "Inline", Around(900))]);

        var run = BenchmarkRunLoader.Load(_temp.Path);

        Assert.Equal(2, run.Exports.Count);
        Assert.Equal(4, run.Benchmarks.Count);
    }

    [Fact]
    public void Load_Export_ReadsResultMeasurementsPerOperationAndTheirMedian()
    {
        double[] measurementsNs = [100, 101, 99, 102, 98];
        BdnExportWriter.Write(_temp.Path, Runs.Class, [new(Runs.Class, "Inline", measurementsNs, 1_024)]);

        var result = Assert.Single(BenchmarkRunLoader.Load(_temp.Path).Benchmarks);

        Assert.Equal(measurementsNs, result.MeasurementsNs);
        Assert.Equal(100, result.MedianNs);
        Assert.Equal(100, result.MeanNs);
        Assert.NotNull(result.ConfidenceIntervalNs);
        Assert.Equal(1_024, result.BytesAllocatedPerOperation);
        Assert.False(result.IsFailed);
    }

    [Fact]
    public void Load_Export_ReadsNamesAndParametersInOrder()
    {
        BdnExportWriter.Write(_temp.Path, "Scaling", [new("Scaling", "Thread", Around(500), [("Throws", "1000000"), ("Workers", "2")])]);

        var result = Assert.Single(BenchmarkRunLoader.Load(_temp.Path).Benchmarks);

        Assert.Equal($"{Namespace}.Scaling.Thread(Throws: 1000000, Workers: 2)", result.FullName);
        Assert.Equal("Scaling.Thread(Throws: 1000000, Workers: 2)", result.DisplayName);
        Assert.Equal(("Scaling", "Thread", Namespace), (result.Type, result.Method, result.Namespace));
        Assert.Equal([new("Throws", "1000000"), new("Workers", "2")], result.Parameters);
    }

    [Fact]
    public void Load_Export_ReadsTheHostEnvironment()
    {
        Runs.Write(_temp.Path, Runs.Throughput());

        var environment = BenchmarkRunLoader.Load(_temp.Path).Environment;

        Assert.NotNull(environment);
        Assert.Equal("0.15.8", environment.BenchmarkDotNetVersion);
        Assert.Equal(2, environment.LogicalCoreCount);
        Assert.Equal(false, environment.HasAttachedDebugger);
        Assert.Equal("10.0.100", environment.DotNetSdkVersion);
    }

    [Fact]
    public void Load_BenchmarkWithoutResultMeasurements_IsFailed()
    {
        Runs.Write(_temp.Path, [new(Runs.Class, "Broken", [])]);

        var result = Assert.Single(BenchmarkRunLoader.Load(_temp.Path).Benchmarks);

        Assert.True(result.IsFailed);
        Assert.Null(result.MedianNs);
    }

    [Fact]
    public void Load_ExportWithoutBenchmarksArray_ThrowsNamingTheFile()
    {
        string path = Path.Combine(_temp.Path, "Odd-report-full.json");
        File.WriteAllText(path, "{\"Title\": \"odd\"}");

        var ex = Assert.Throws<ResultFileException>(() => BenchmarkRunLoader.Load(_temp.Path));

        Assert.Equal(path, ex.Path);
        Assert.Contains("Benchmarks", ex.Message, StringComparison.Ordinal);
    }
}
