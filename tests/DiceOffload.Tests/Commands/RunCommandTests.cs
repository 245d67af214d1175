using System.Text.Json;
using DiceOffload.Strategies;

namespace DiceOffload.Tests.Commands;

public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_AllStrategiesJson_OneRecordEachWithOneHistogram()
    {
        var result = await BenchProcess.RunAsync("run", "--strategy", "all", "--throws", "300000", "--dice", "3", "--sides", "8", "--seed", "12345", "--workers", "3", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var records = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(StrategyCatalog.Names, records.Select(r => r.GetProperty("strategy").GetString()));
        foreach (var record in records)
        {
            Assert.Equal(3, record.GetProperty("workers").GetInt32());
            Assert.Equal(300_000, record.GetProperty("throws").GetInt64());
            Assert.Equal(12345UL, record.GetProperty("seed").GetUInt64());
            Assert.True(record.GetProperty("elapsedMs").GetDouble() > 0);
            Assert.Equal(records[0].GetProperty("histogram").GetRawText(), record.GetProperty("histogram").GetRawText());
        }
        var histogram = records[0].GetProperty("histogram");
        Assert.Equal(Enumerable.Range(3, 22).Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)), histogram.EnumerateObject().Select(p => p.Name));
        Assert.Equal(300_000, histogram.EnumerateObject().Sum(p => p.Value.GetInt64()));
    }

    [Fact]
    public async Task Run_Repeat_JsonHasTheColdRunTheTimedRunsAndTheirMedian()
    {
        var result = await BenchProcess.RunAsync("run", "--strategy", "inline,thread", "--throws", "200000", "--workers", "2", "--repeat", "5", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        foreach (var record in json.RootElement.EnumerateArray())
        {
            double[] runs = [.. record.GetProperty("runsMs").EnumerateArray().Select(r => r.GetDouble())];
            Assert.Equal(5, runs.Length);
            Assert.True(record.GetProperty("coldMs").GetDouble() > 0);
            Assert.Equal(runs.Order().ElementAt(2), record.GetProperty("elapsedMs").GetDouble());
        }
    }

    [Fact]
    public async Task Run_WorkerAppHost_ProcessStrategiesAgreeWithInline()
    {
        var result = await BenchProcess.RunAsync("run", "--worker", "apphost", "--strategy", "inline,process,shared-memory", "--throws", "300000", "--dice", "3", "--sides", "8", "--seed", "12345", "--workers", "2", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var records = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["inline", "process", "shared-memory"], records.Select(r => r.GetProperty("strategy").GetString()));
        Assert.All(records, r => Assert.Equal(records[0].GetProperty("histogram").GetRawText(), r.GetProperty("histogram").GetRawText()));
        // which form ran: for the strategies that start worker processes, and for no other
        Assert.Equal([null, "apphost", "apphost"], records.Select(r => r.GetProperty("worker").GetString()));
    }

    [Fact]
    public async Task Run_DefaultWorker_JsonAndTablesNameItsForm()
    {
        var json = await BenchProcess.RunAsync("run", "--strategy", "thread,process-pool", "--throws", "1000", "--workers", "1", "--json");
        var tables = await BenchProcess.RunAsync("run", "--strategy", "process-pool", "--throws", "1000", "--workers", "1");

        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal([null, "dll"], document.RootElement.EnumerateArray().Select(r => r.GetProperty("worker").GetString()));
        Assert.Matches(@"Worker processes start as: \S+ \S+DiceOffload\.Worker\.dll \(dll\)", tables.StandardOutput);
    }

    [Fact]
    public async Task Run_WorkerAppHost_TablesSayHowWorkersStart()
    {
        var result = await BenchProcess.RunAsync("run", "--worker", "apphost", "--strategy", "process", "--throws", "1000", "--workers", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Worker processes start as: " + DiceOffload.Processes.WorkerLaunch.For(DiceOffload.Processes.WorkerForm.AppHost).FileName, result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100000")]
    [InlineData("100_000")]
    [InlineData("1e5")]
    public async Task Run_ThrowsInAnyNotation_SameJob(string throws)
    {
        var result = await BenchProcess.RunAsync("run", "--strategy", "inline", "--throws", throws, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(100_000, json.RootElement[0].GetProperty("throws").GetInt64());
    }

    [Fact]
    public async Task Run_Tables_PrintsTimesHistogramAndVerdict()
    {
        var result = await BenchProcess.RunAsync("run", "--strategy", "inline,thread", "--throws", "1e5", "--workers", "2");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("elapsed ms", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+7\s+[\d,]+\s+[\d,]+\s+16\.\d+ %", result.StandardOutput);
        Assert.Contains("All 2 strategies that finished agree", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--throws", "0", "--throws must be a whole number of at least 1")]
    [InlineData("--throws", "-5", "--throws must be a whole number of at least 1")]
    [InlineData("--throws", "many", "--throws must be a whole number of at least 1")]
    [InlineData("--throws", "12.5", "--throws must be a whole number of at least 1")]
    [InlineData("--throws", "_100", "--throws must be a whole number of at least 1")]
    [InlineData("--dice", "0", "--dice must be a whole number from 1 to 1000000")]
    [InlineData("--sides", "1", "--sides must be a whole number from 2 to")]
    [InlineData("--workers", "0", "--workers must be a whole number from 1 to")]
    [InlineData("--strategy", "fork", "--strategy must be all, or one or more of inline, thread")]
    [InlineData("--seed", "abc", "--seed must be a whole number from 0 to")]
    [InlineData("--timeout", "soon", "--timeout must be a positive duration")]
    [InlineData("--worker", "bogus", "--worker must be dll, apphost or aot; got 'bogus'.")]
    [InlineData("--kernel", "simd", "--kernel must be scalar or vector; got 'simd'.")]
    public async Task Run_BadInput_ExitsTwoWithOneLineNamingTheOption(string option, string value, string message)
    {
        string[] arguments = option == "--throws" ? ["run", option, value] : ["run", option, value, "--throws", "10"];

        var result = await BenchProcess.RunAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(message, result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.TrimEnd().Split('\n'));
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task Run_VectorKernelAllStrategies_AgreeAndNameTheKernel()
    {
        var result = await BenchProcess.RunAsync("run", "--strategy", "all", "--kernel", "vector", "--throws", "300001", "--dice", "3", "--sides", "8", "--seed", "12345", "--workers", "3", "--repeat", "1", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var records = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(StrategyCatalog.Names.Count, records.Count);
        Assert.All(records, record => Assert.Equal("vector", record.GetProperty("kernel").GetString()));
        Assert.Single(records.Select(r => r.GetProperty("histogram").GetRawText()).Distinct());
    }

    [Fact]
    public async Task Run_NoKernel_IsScalarAndTheKernelsDiffer()
    {
        var scalar = await BenchProcess.RunAsync("run", "--strategy", "inline", "--throws", "100000", "--repeat", "1", "--json");
        var vector = await BenchProcess.RunAsync("run", "--strategy", "inline", "--throws", "100000", "--repeat", "1", "--kernel", "vector", "--json");

        using var scalarJson = JsonDocument.Parse(scalar.StandardOutput);
        using var vectorJson = JsonDocument.Parse(vector.StandardOutput);
        Assert.Equal("scalar", scalarJson.RootElement[0].GetProperty("kernel").GetString());
        Assert.NotEqual(scalarJson.RootElement[0].GetProperty("histogram").GetRawText(), vectorJson.RootElement[0].GetProperty("histogram").GetRawText());
    }

    [Fact]
    public async Task Run_SumOverflows_ExitsTwoNamingBothOptions()
    {
        var result = await BenchProcess.RunAsync("run", "--dice", "1000000", "--sides", "5000", "--throws", "10");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("--dice × --sides must be at most", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TimeLimitExceeded_ExitsOneWithOneLine()
    {
        var result = await BenchProcess.RunAsync("run", "--strategy", "process", "--throws", "1e11", "--timeout", "1s");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("process: the process strategy did not finish within 1 s and was stopped.", result.StandardError.Trim());
    }

    [Fact]
    public async Task Run_TimeLimitWhileTheJobHoldsEveryPoolThread_StillStopsIt()
    {
        // the pool may not grow beyond two threads, and the job takes both: a time limit kept by a pool timer never fires
        var startInfo = BenchProcess.StartInfo("run", "--strategy", "thread-pool", "--workers", "2", "--throws", "1e11", "--timeout", "1s");
        startInfo.Environment["DOTNET_ThreadPool_ForceMaxWorkerThreads"] = "2";

        var result = await BenchProcess.RunAsync(startInfo);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("thread-pool: the thread-pool strategy did not finish within 1 s and was stopped.", result.StandardError.Trim());
    }
}
