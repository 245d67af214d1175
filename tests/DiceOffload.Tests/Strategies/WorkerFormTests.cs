using DiceOffload.Bench.Study;
using DiceOffload.Strategies;
using DiceOffload.Tests.Comparison;
using DiceOffload.Processes;

namespace DiceOffload.Tests.Strategies;

public sealed class WorkerFormTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly DiceJob Job = new((3 * DiceJob.ChunkSize) + 17, 3, 8, seed: 12345);

    private static async Task<DiceHistogram> InlineAsync() => await new InlineStrategy().RunAsync(Job, 1);

    [Fact]
    public void For_Dll_RunsTheWorkerDllBesideTheProgramThroughTheDotnetHost()
    {
        var dll = WorkerLaunch.For(WorkerForm.Dll);

        Assert.Equal(WorkerForm.Dll, dll.Form);
        Assert.Equal(WorkerLaunch.DotnetHostPath(), dll.FileName);
        Assert.Equal([Path.Combine(AppContext.BaseDirectory, "DiceOffload.Worker.dll")], dll.PrefixArguments);
        Assert.True(File.Exists(dll.PrefixArguments[0]));
    }

    [Fact]
    public void For_AppHost_IsTheExecutableBesideTheLocatedDll()
    {
        var appHost = WorkerLaunch.For(WorkerForm.AppHost);

        string expected = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "DiceOffload.Worker.exe" : "DiceOffload.Worker");
        Assert.Equal(expected, appHost.FileName);
        Assert.Empty(appHost.PrefixArguments);
    }

    [Fact]
    public async Task AppHost_RunsTheJobBitIdentically()
    {
        var appHost = WorkerLaunch.For(WorkerForm.AppHost);

        Assert.Equal(await InlineAsync(), await new ProcessStrategy(appHost).RunAsync(Job, 3));
        Assert.Equal(await InlineAsync(), await new SharedMemoryStrategy(appHost).RunAsync(Job, 2));
    }

    [Fact]
    public void For_AotNotBuilt_MessageNamesTheBuildCommand()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => WorkerLaunch.For(WorkerForm.Aot, _temp.Sub("bin")));

        Assert.Contains("artifacts/worker-aot/DiceOffload.Worker", missing.Message, StringComparison.Ordinal);
        Assert.EndsWith("dotnet publish src/DiceOffload.Worker -c Release -p:PublishAot=true -o artifacts/worker-aot", missing.Message, StringComparison.Ordinal);
        Assert.Equal(WorkerLaunch.AotBuildCommand, missing.Message[^WorkerLaunch.AotBuildCommand.Length..]);
    }

    [Fact]
    public void For_Aot_FoundInTheRepositoryAboveTheProgram()
    {
        // BenchmarkDotNet runs its benchmark processes several folders below the repository root
        string aot = Path.Combine(_temp.Sub(WorkerLaunch.AotFolder), OperatingSystem.IsWindows() ? "DiceOffload.Worker.exe" : "DiceOffload.Worker");
        File.WriteAllText(aot, "");

        var command = WorkerLaunch.For(WorkerForm.Aot, _temp.Sub(Path.Combine("bench", "bin", "Release", "net10.0", "Bench-Dry-1")));

        Assert.Equal(aot, command.FileName);
        Assert.Empty(command.PrefixArguments);
    }

    [Fact]
    public void For_AppHostMissingBesideTheDll_MessageNamesBoth()
    {
        string bin = _temp.Sub("bin");
        File.WriteAllText(Path.Combine(bin, "DiceOffload.Worker.dll"), "");
        File.WriteAllText(Path.Combine(bin, "DiceOffload.Worker.runtimeconfig.json"), "{}");

        var missing = Assert.Throws<FileNotFoundException>(() => WorkerLaunch.For(WorkerForm.AppHost, bin));

        Assert.Contains(Path.Combine(bin, "DiceOffload.Worker.dll"), missing.Message, StringComparison.Ordinal);
        Assert.Contains("UseAppHost", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_DllSearchedFromElsewhere_LocatesItThere()
    {
        string bin = _temp.Sub("bin");
        File.WriteAllText(Path.Combine(bin, "DiceOffload.Worker.dll"), "");
        File.WriteAllText(Path.Combine(bin, "DiceOffload.Worker.runtimeconfig.json"), "{}");

        var command = WorkerLaunch.For(WorkerForm.Dll, _temp.Sub(Path.Combine("bin", "sub")));

        Assert.Equal([Path.Combine(bin, "DiceOffload.Worker.dll")], command.PrefixArguments);
    }

    // not part of dotnet test's requirements: CI builds the NativeAOT worker before the tests, a developer may not have
    [AotWorkerFact]
    public async Task Aot_WhenBuilt_RunsTheJobBitIdentically()
    {
        var aot = WorkerLaunch.For(WorkerForm.Aot);

        Assert.Equal(await InlineAsync(), await new ProcessStrategy(aot).RunAsync(Job, 3));
        Assert.Equal(await InlineAsync(), await new SharedMemoryStrategy(aot).RunAsync(Job, 2));
    }

    [Fact]
    public async Task EnsureBuilt_BuildFails_SaysWhichCommandFailedWhere()
    {
        // no src/DiceOffload.Worker here: dotnet publish fails at once
        using var output = new StringWriter();

        string? failure = await AotWorker.EnsureBuiltAsync(_temp.Path, output);

        Assert.NotNull(failure);
        Assert.Contains(WorkerLaunch.AotBuildCommand, failure, StringComparison.Ordinal);
        Assert.Contains(_temp.Path, failure, StringComparison.Ordinal);
        Assert.Contains("exited with code", failure, StringComparison.Ordinal);
        Assert.Contains("building the NativeAOT worker: " + WorkerLaunch.AotBuildCommand, output.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>A test that needs the NativeAOT worker (<see cref="WorkerLaunch.AotBuildCommand"/>); skipped where it was not built.</summary>
internal sealed class AotWorkerFactAttribute : FactAttribute
{
    public AotWorkerFactAttribute()
    {
        try
        {
            _ = WorkerLaunch.For(WorkerForm.Aot);
        }
        catch (FileNotFoundException ex)
        {
            Skip = ex.Message;
        }
    }
}
