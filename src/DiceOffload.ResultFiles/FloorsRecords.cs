namespace DiceOffload.ResultFiles;

/// <summary>
/// The operating system's floors under the study's hand-offs, version 1 (<c>scenarios/floors.json</c>): what a pipe
/// round trip, a thread's wake-up, a thread's start and a process's start cost on this machine, timed by the C program
/// <c>floors/floors.c</c> with no .NET in the way.
/// </summary>
/// <param name="Compiler">The C compiler that built the program and how, e.g. <c>cc -O2 -static -pthread</c>.</param>
/// <param name="Static">Whether the program, the one that fork + exec and posix_spawn start, is statically linked.</param>
public sealed record FloorsResult(int SchemaVersion, ScenarioEnvironment Environment, string Compiler, bool Static, IReadOnlyList<Floor> Floors)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>One byte to another process over a pipe and back over another, the two on different cores: the process
    /// pool's floor (with <see cref="OneCoreSuffix"/>: on one core). A cross-core wake-up needs an interrupt to the other
    /// core, which a virtual machine traps to its hypervisor, so the two placements differ there.</summary>
    public const string PipeRoundTrip = "pipe-round-trip";

    /// <summary>A blocked thread woken through an eventfd, waking the caller back: the thread pool's floor.</summary>
    public const string EventfdThreads = "eventfd-threads";

    /// <summary>The same between two processes, the other adding to a counter in a shared map first.</summary>
    public const string EventfdProcesses = "eventfd-processes";

    /// <summary><c>pthread_create</c> of a thread that returns at once, and <c>pthread_join</c>: a dedicated thread's floor.</summary>
    public const string ThreadCreateJoin = "thread-create-join";

    /// <summary><c>fork</c>, <c>exec</c> of a program that exits at once, and <c>waitpid</c>.</summary>
    public const string ForkExecWait = "fork-exec-wait";

    /// <summary><c>posix_spawn</c> of the same program and <c>waitpid</c>: a process per job's floor (.NET starts processes this way).</summary>
    public const string PosixSpawnWait = "posix-spawn-wait";

    /// <summary>The suffix of a wake-up floor timed with both sides on one core; the name alone is across two cores.</summary>
    public const string OneCoreSuffix = "-one-core";

    public Floor? Named(string name) => Floors.FirstOrDefault(f => f.Name == name);

    /// <summary>The lower of a wake-up floor's two placements (across two cores, and on one where it was timed): the
    /// least the operating system charges for it. Files from before the placements were timed have the name alone.</summary>
    public Floor? Lowest(string name) => new[] { Named(name), Named(name + OneCoreSuffix) }.OfType<Floor>().MinBy(f => f.MedianNs);
}

/// <summary>One floor: its repetitions' median with its 99% interval, and their range, in nanoseconds.</summary>
public sealed record Floor(string Name, string What, int Repetitions, double MedianNs, double LowerNs, double UpperNs, double MinNs, double MaxNs);
