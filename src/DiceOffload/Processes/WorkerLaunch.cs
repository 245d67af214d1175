using System.Runtime.InteropServices;

namespace DiceOffload.Processes;

/// <summary>The ways the worker program can be started; they differ only in start-up cost.</summary>
public enum WorkerForm
{
    /// <summary><c>dotnet DiceOffload.Worker.dll</c>: the dotnet host loads the runtime, then the JIT compiles the worker. Needs only the SDK's build.</summary>
    Dll,

    /// <summary>The <c>DiceOffload.Worker</c> executable the SDK builds next to the .dll (the app host): the same runtime and JIT, one process image less.</summary>
    AppHost,

    /// <summary>A NativeAOT build of the worker: machine code and a small runtime in one file, no JIT at start-up.</summary>
    Aot,
}

/// <summary>How to start a worker process: the program, the arguments that come before the request, extra environment.</summary>
/// <remarks>
/// The default is <c>dotnet DiceOffload.Worker.dll</c>, found next to the running program or in a folder above it
/// (BenchmarkDotNet builds its benchmark processes in a sub-folder of the benchmark's output): not the NativeAOT worker,
/// which starts several times faster but, compiled for the x64 baseline, runs the vector kernel on its scalar path.
/// The variable <c>DICE_OFFLOAD_WORKER</c> overrides the search with a path to the worker's .dll or to an executable.
/// <see cref="For(WorkerForm)"/> picks one <see cref="WorkerForm">form</see>; <see cref="FormName"/> says which ran.
/// </remarks>
public sealed record WorkerLaunch(string FileName, IReadOnlyList<string> PrefixArguments, IReadOnlyDictionary<string, string>? Environment = null)
{
    /// <summary>The form this launch starts; null for an executable named by <see cref="OverrideVariable"/>.</summary>
    public WorkerForm? Form { get; init; }

    /// <summary>The form as <c>run --worker</c> names it (<c>dll</c>, <c>apphost</c>, <c>aot</c>), or where the path came from.</summary>
    public string FormName => Form switch
    {
        WorkerForm.Dll => "dll",
        WorkerForm.AppHost => "apphost",
        WorkerForm.Aot => "aot",
        _ => $"named by {OverrideVariable}",
    };

    public const string AssemblyName = "DiceOffload.Worker";
    public const string OverrideVariable = "DICE_OFFLOAD_WORKER";

    /// <summary>Where the NativeAOT worker is published, relative to the repository root.</summary>
    public const string AotFolder = "artifacts/worker-aot";

    /// <summary>The command, run from the repository root, that publishes the NativeAOT worker into <see cref="AotFolder"/>.</summary>
    /// <remarks>The SDK picks the machine's runtime identifier itself when <c>PublishAot</c> is set.</remarks>
    public const string AotBuildCommand = "dotnet publish src/DiceOffload.Worker -c Release -p:PublishAot=true -o " + AotFolder;

    private static readonly Lazy<WorkerLaunch> LocatedDefault = new(Locate);

    /// <summary>The worker of this project, located once per process.</summary>
    public static WorkerLaunch Default => LocatedDefault.Value;

    /// <summary>How to launch the worker at <paramref name="path"/>: a .dll runs under the dotnet host, anything else runs directly.</summary>
    public static WorkerLaunch ForPath(string path) =>
        path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new WorkerLaunch(DotnetHostPath(), [Path.GetFullPath(path)]) { Form = WorkerForm.Dll }
            : new WorkerLaunch(Path.GetFullPath(path), []);

    /// <summary>How to launch the worker in <paramref name="form"/>, searching from the running program's folder upwards.</summary>
    /// <exception cref="FileNotFoundException">That form of the worker was not found; the message says how to build it.</exception>
    public static WorkerLaunch For(WorkerForm form) => For(form, AppContext.BaseDirectory);

    /// <summary>How to launch the worker in <paramref name="form"/>, searching from <paramref name="searchFrom"/> upwards.</summary>
    /// <exception cref="FileNotFoundException">That form of the worker was not found; the message says how to build it.</exception>
    public static WorkerLaunch For(WorkerForm form, string searchFrom)
    {
        ArgumentNullException.ThrowIfNull(searchFrom);
        return form switch
        {
            WorkerForm.Dll => ForPath(FindDll(searchFrom)),
            WorkerForm.AppHost => LocateAppHost(searchFrom) with { Form = WorkerForm.AppHost },
            WorkerForm.Aot => LocateAot(searchFrom) with { Form = WorkerForm.Aot },
            _ => throw new ArgumentOutOfRangeException(nameof(form), form, "not a worker form."),
        };
    }

    /// <summary>Finds the worker: the override variable, then the .dll in the program's folder and the folders above it.</summary>
    /// <exception cref="FileNotFoundException">No worker was found; the message says where it looked.</exception>
    public static WorkerLaunch Locate()
    {
        string? overridePath = System.Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrEmpty(overridePath))
        {
            return File.Exists(overridePath)
                ? ForPath(overridePath)
                : throw new FileNotFoundException($"{OverrideVariable} names '{overridePath}', which does not exist.", overridePath);
        }
        return ForPath(FindDll(AppContext.BaseDirectory));
    }

    // the first worker .dll that can run (its runtimeconfig beside it) in the folder or above it
    private static string FindDll(string searchFrom)
    {
        string fileName = AssemblyName + ".dll";
        return FirstAbove(searchFrom, fileName, candidate => File.Exists(Path.ChangeExtension(candidate, ".runtimeconfig.json")))
            ?? throw new FileNotFoundException(
                $"the worker {fileName} was not found in {searchFrom} or any folder above it; build the solution " +
                $"(dotnet build -c Release) or set {OverrideVariable} to the worker's path.", fileName);
    }

    private static string ExecutableName => OperatingSystem.IsWindows() ? AssemblyName + ".exe" : AssemblyName;

    /// <summary>Where the NativeAOT worker lies under the repository at <paramref name="root"/>.</summary>
    public static string AotPathUnder(string root) => Path.Combine(root, AotFolder, ExecutableName);

    // the first existing file at <relative> in the folder or a folder above it that passes <accept>
    private static string? FirstAbove(string searchFrom, string relative, Func<string, bool>? accept = null)
    {
        for (var dir = new DirectoryInfo(searchFrom); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate) && (accept is null || accept(candidate)))
                return candidate;
        }
        return null;
    }

    // the app host the SDK writes beside the .dll (UseAppHost is on by default); it finds the .dll by its own name
    private static WorkerLaunch LocateAppHost(string searchFrom)
    {
        string dll = FindDll(searchFrom);
        string appHost = Path.Combine(Path.GetDirectoryName(dll)!, ExecutableName);
        return File.Exists(appHost)
            ? new WorkerLaunch(appHost, [])
            : throw new FileNotFoundException(
                $"the worker's app host {appHost} does not exist beside {dll}; build the solution (dotnet build -c Release) " +
                "without turning UseAppHost off.", appHost);
    }

    // artifacts/worker-aot/ under the repository root, which is the program's folder or one above it
    private static WorkerLaunch LocateAot(string searchFrom)
    {
        string relative = Path.Combine(AotFolder, ExecutableName);
        return FirstAbove(searchFrom, relative) is { } found
            ? new WorkerLaunch(found, [])
            : throw new FileNotFoundException(
            $"the NativeAOT worker {relative.Replace('\\', '/')} was not found in {searchFrom} or any folder above it; " +
            $"build it from the repository root with: {AotBuildCommand}", relative);
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
