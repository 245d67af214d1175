using System.Runtime.InteropServices;

namespace DiceOffload.Workers;

/// <summary>How to start a worker process: the program, the arguments that come before the request, extra environment.</summary>
/// <remarks>
/// The default is <c>dotnet DiceOffload.Worker.dll</c>, found next to the running program or in a folder above it
/// (BenchmarkDotNet builds its benchmark processes in a sub-folder of the benchmark's output). The variable
/// <c>DICE_OFFLOAD_WORKER</c> overrides the search with a path to the worker's .dll or to an executable.
/// </remarks>
public sealed record WorkerCommand(string FileName, IReadOnlyList<string> PrefixArguments, IReadOnlyDictionary<string, string>? Environment = null)
{
    public const string AssemblyName = "DiceOffload.Worker";
    public const string OverrideVariable = "DICE_OFFLOAD_WORKER";

    private static readonly Lazy<WorkerCommand> LocatedDefault = new(Locate);

    /// <summary>The worker of this project, located once per process.</summary>
    public static WorkerCommand Default => LocatedDefault.Value;

    /// <summary>A command for a worker at <paramref name="path"/>: a .dll runs under the dotnet host, anything else runs directly.</summary>
    public static WorkerCommand ForPath(string path) =>
        path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new WorkerCommand(DotnetHostPath(), [Path.GetFullPath(path)])
            : new WorkerCommand(Path.GetFullPath(path), []);

    /// <summary>Finds the worker: the override variable, then the program's folder and the folders above it.</summary>
    /// <exception cref="FileNotFoundException">No worker was found; the message says where it looked.</exception>
    public static WorkerCommand Locate()
    {
        string? overridePath = System.Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrEmpty(overridePath))
        {
            return File.Exists(overridePath)
                ? ForPath(overridePath)
                : throw new FileNotFoundException($"{OverrideVariable} names '{overridePath}', which does not exist.", overridePath);
        }

        string fileName = AssemblyName + ".dll";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, fileName);
            if (File.Exists(candidate) && File.Exists(Path.ChangeExtension(candidate, ".runtimeconfig.json")))
                return ForPath(candidate);
        }
        throw new FileNotFoundException(
            $"the worker {fileName} was not found in {AppContext.BaseDirectory} or any folder above it; build the solution " +
            $"(dotnet build -c Release) or set {OverrideVariable} to the worker's path.", fileName);
    }

    /// <summary>The dotnet host that runs framework-dependent programs.</summary>
    public static string DotnetHostPath()
    {
        string host = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        // set by the SDK for everything it starts (dotnet run, dotnet test, MSBuild)
        string? fromSdk = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
            return fromSdk;
        if (System.Environment.ProcessPath is { } self && Path.GetFileName(self).Equals(host, StringComparison.OrdinalIgnoreCase))
            return self;
        // <root>/shared/Microsoft.NETCore.App/<version>/ is where the running runtime lives
        string fromRuntime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", host));
        return File.Exists(fromRuntime) ? fromRuntime : host;
    }

    public override string ToString() => string.Join(' ', [FileName, .. PrefixArguments]);
}
