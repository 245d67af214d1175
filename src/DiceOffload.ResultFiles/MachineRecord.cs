namespace DiceOffload.ResultFiles;

/// <summary>
/// The machine a study ran on, as the study recorded it beside its results (<see cref="ResultsLayout.MachineFile"/>): what the report's
/// machine table shows, and what a benchmark export cannot tell (the cores this process was allowed to use, the
/// toolchain, how the program was installed).
/// </summary>
/// <param name="Name">The machine's folder name under <c>results/machines/</c>.</param>
/// <param name="Cpu">The CPU model, as the operating system names it.</param>
/// <param name="ProcessorCount">The cores the study could use (<see cref="Environment.ProcessorCount"/>, which follows an affinity mask such as <c>taskset</c>'s).</param>
/// <param name="MachineProcessorCount">The cores the machine has online, whatever the affinity.</param>
/// <param name="Affinity">The CPUs the study was allowed to run on, as a list (<c>0</c>, <c>0-15</c>); null where unknown.</param>
/// <param name="MemoryBytes">The memory available to the process; null where unknown.</param>
/// <param name="Toolchain"><see cref="OutOfProcess"/> or <see cref="InProcess"/>.</param>
/// <param name="Install">How the program was installed: <c>sdk</c> (built from the repository), or a bundle's kind.</param>
/// <param name="Job">The study's job: <c>study</c>, <c>short</c>, <c>dry</c> or the one BenchmarkDotNet's arguments named.</param>
/// <param name="Commit">The commit the program was built from, where known.</param>
/// <param name="WorkerForm">How the process strategies started their workers by default (<c>dll</c>, <c>apphost</c>,
/// <c>aot</c>, or a path named by <c>DICE_OFFLOAD_WORKER</c>); null in older records, whose runs started <c>dll</c>.</param>
public sealed record MachineRecord(
    int SchemaVersion,
    string Name,
    string Cpu,
    int ProcessorCount,
    int MachineProcessorCount,
    string? Affinity,
    long? MemoryBytes,
    string OperatingSystem,
    string Runtime,
    string Toolchain,
    string Install,
    string Job,
    DateTimeOffset StartedUtc,
    string? Commit,
    string? WorkerForm = null)
{
    /// <summary>How the process strategies started their workers when <see cref="WorkerForm"/> was not recorded: the
    /// default before the NativeAOT worker became it where built.</summary>
    public const string DllWorker = "dll";

    public const int CurrentSchemaVersion = 1;

    /// <summary>BenchmarkDotNet builds a program per benchmark and runs each launch in its own process (needs the SDK).</summary>
    public const string OutOfProcess = "out-of-process";

    /// <summary>BenchmarkDotNet's in-process toolchain: every benchmark runs in the study's own process (needs only the runtime).</summary>
    public const string InProcess = "in-process";

    /// <summary>Whether the study ran on fewer cores than the machine has because of an affinity mask (such as
    /// <c>taskset -c 0</c>); a CPU quota (a container's) also lowers <see cref="ProcessorCount"/> but leaves the mask whole.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsPinned => AffinityCount is { } cpus ? cpus < MachineProcessorCount : ProcessorCount < MachineProcessorCount;

    /// <summary>How many CPUs <see cref="Affinity"/> lists (<c>0-3,8</c> is 5); null when it was not recorded or cannot be read.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int? AffinityCount
    {
        get
        {
            if (string.IsNullOrEmpty(Affinity))
                return null;
            int count = 0;
            foreach (string part in Affinity.Split(','))
            {
                string[] ends = part.Split('-');
                if (ends.Length is < 1 or > 2 || !int.TryParse(ends[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int first))
                    return null;
                int last = first;
                if (ends.Length == 2 && (!int.TryParse(ends[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out last) || last < first))
                    return null;
                count += last - first + 1;
            }
            return count;
        }
    }

    /// <summary>A machine name: letters, digits, dots, dashes and underscores, starting with a letter or digit, at most 64 characters.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 64 } && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <summary>A default name from the CPU model and the cores used: <c>amd-epyc-2-cores</c>; with
    /// <c>-of-N</c> when the affinity allows fewer cores than the machine has (<c>amd-epyc-1-of-2-cores</c>).</summary>
    public static string DefaultName(string cpu, int processorCount, int machineProcessorCount)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        var slug = new System.Text.StringBuilder();
        foreach (char c in cpu.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
                slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        string model = slug.ToString().Trim('-');
        foreach (string noise in new[] { "-processor", "-cpu" })
            model = model.Replace(noise, "", StringComparison.Ordinal);
        if (model.Length == 0)
            model = "machine";
        string cores = processorCount < machineProcessorCount ? $"{processorCount}-of-{machineProcessorCount}-cores" : processorCount == 1 ? "1-core" : $"{processorCount}-cores";
        string name = model.Length > 48 ? model[..48].TrimEnd('-') : model;
        return $"{name}-{cores}";
    }
}
