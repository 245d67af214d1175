using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report;

/// <summary>One machine's results: its folder under <c>results/machines/</c>, what the study recorded of it, its run.</summary>
public sealed record MachineResults(string Name, string Folder, StudyResults Results)
{
    public MachineRecord? Record => Results.Machine;

    /// <summary>The cores the study could use there.</summary>
    public int Cores => Results.Cores;

    /// <summary>The CPU model: from the machine record, else the export.</summary>
    public string Cpu => Record?.Cpu ?? Results.Benchmarks.Environment?.ProcessorName ?? "unknown CPU";

    /// <summary>The instruction sets the runtime accelerated, as BenchmarkDotNet recorded them with the benchmarks; null when not
    /// recorded (its in-process toolchains leave the field empty: only a benchmark process of its own reports it).</summary>
    public string? HardwareIntrinsics => Results.Benchmarks.Benchmarks.Select(b => b.HardwareIntrinsics).FirstOrDefault(h => !string.IsNullOrWhiteSpace(h));

    /// <summary>The widest SIMD the runtime accelerated, which decides the vector kernel's path: <c>AVX-512</c>, <c>AVX2</c>, or <c>neither AVX2 nor AVX-512</c>.</summary>
    public string WidestSimd => HardwareIntrinsics is not { } isa ? "not recorded"
        : isa.Contains("AVX512", StringComparison.Ordinal) ? "AVX-512"
        : isa.Contains("AVX2", StringComparison.Ordinal) ? "AVX2"
        : "neither AVX2 nor AVX-512";

    /// <summary><see cref="MachineRecord.InProcess"/> or <see cref="MachineRecord.OutOfProcess"/>: from the record, else
    /// from the job BenchmarkDotNet printed (its in-process toolchains name themselves there).</summary>
    public string Toolchain => Record?.Toolchain
        ?? (Results.Job?.Contains("InProcess", StringComparison.OrdinalIgnoreCase) == true ? MachineRecord.InProcess : MachineRecord.OutOfProcess);

    /// <summary>The finished reruns of the study kept for the stability check under the machine's <c>stability/</c>.</summary>
    public int Reruns => Directory.Exists(new RunLayout(Folder).Stability)
        ? Directory.GetDirectories(new RunLayout(Folder).Stability).Count(d => !ResultsLayout.IsUnfinished(d))
        : 0;
}

/// <summary>
/// Every machine's results under one results folder: <c>results/machines/&lt;name&gt;/</c>, each holding its exports
/// (<c>benchmarkdotnet/</c>), scenarios (<c>scenarios/</c>) and <see cref="ResultsLayout.MachineFile"/>. A results folder
/// without <c>machines/</c> (the layout of one machine, as published before) is read as one machine.
/// </summary>
public sealed class MachineSet
{
    private MachineSet(string folder, IReadOnlyList<MachineResults> machines, MachineResults primary, bool oneMachineLayout, string primaryReason)
    {
        PrimaryReason = primaryReason;
        Folder = folder;
        Machines = machines;
        Primary = primary;
        IsOneMachineLayout = oneMachineLayout;
    }

    /// <summary>The results folder that holds <c>machines/</c> (or, in the one-machine layout, the results).</summary>
    public string Folder { get; }

    /// <summary>Every machine, the primary first, then by cores and name.</summary>
    public IReadOnlyList<MachineResults> Machines { get; }

    /// <summary>The machine whose run the report's experiment sections show in full.</summary>
    public MachineResults Primary { get; }

    /// <summary>Why <see cref="Primary"/> was chosen, as a clause: <c>chosen by quality: an out-of-process run, …</c>.</summary>
    public string PrimaryReason { get; }

    /// <summary>The folder has no <c>machines/</c>: it is one machine's results, in the layout published before.</summary>
    public bool IsOneMachineLayout { get; }

    /// <summary>Reads every machine under <paramref name="folder"/>.</summary>
    /// <param name="primary">The machine the experiment sections show; null picks one: a run with BenchmarkDotNet's
    /// out-of-process toolchain before an in-process one, then the study's own job, then the most cores, then the newest run, then the name.</param>
    /// <exception cref="ResultFileException">The folder does not exist; a machine folder holds no results; two machines
    /// share a name; a machine record names another machine than its folder; <paramref name="primary"/> is not there.</exception>
    public static MachineSet Load(string folder, string? primary = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
            throw new ResultFileException(folder, $"the results folder '{folder}' does not exist; give the folder the study wrote (results by default), with --results.");
        var layout = new ResultsLayout(folder);
        string machinesFolder = layout.Machines;
        if (!layout.HasMachines)
        {
            var single = StudyResults.Load(folder);
            string name = single.Machine?.Name ?? MachineRecord.DefaultName(single.Benchmarks.Environment?.ProcessorName ?? "machine", single.Cores, single.Cores);
            var only = new MachineResults(name, folder, single);
            if (primary is not null && !string.Equals(primary, name, StringComparison.OrdinalIgnoreCase))
                throw new ResultFileException(folder, $"'{folder}' holds one machine's results ({name}), not '{primary}'; leave out --machine or give {name}.");
            return new MachineSet(folder, [only], only, oneMachineLayout: true, "the only machine");
        }

        var machines = new List<MachineResults>();
        foreach (string machineFolder in Directory.GetDirectories(machinesFolder).Where(d => !ResultsLayout.IsUnfinished(d)).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(machineFolder);
            var results = StudyResults.Load(machineFolder);
            if (results.Benchmarks.Benchmarks.Count == 0)
            {
                throw new ResultFileException(machineFolder,
                    $"the machine folder '{machineFolder}' holds no BenchmarkDotNet exports ({BenchmarkRunLoader.ExpectedFiles}); a machine's folder holds the study's {ResultsLayout.ExportsFolder}/, {ResultsLayout.ScenariosFolder}/ and {ResultsLayout.MachineFile}: copy a whole published machine folder, or remove this one."
                    + (results.Problems.Count > 0 ? " " + string.Join(" ", results.Problems) : ""));
            }
            if (results.Machine is { } record && !string.Equals(record.Name, name, StringComparison.Ordinal))
                throw new ResultFileException(machineFolder, $"the machine folder '{machineFolder}' holds the results of '{record.Name}' ({ResultsLayout.MachineFile}); a machine's folder carries its name: rename the folder to {record.Name}.");
            if (machines.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)) is { } twin)
                throw new ResultFileException(machineFolder, $"two machine folders share the name '{name}' ('{twin.Folder}' and '{machineFolder}'); machine names differ in more than case: rename one.");
            machines.Add(new MachineResults(name, machineFolder, results));
        }
        if (machines.Count == 0)
            throw new ResultFileException(machinesFolder, $"'{machinesFolder}' holds no machine folders; run the study (dotnet run -c Release --project bench) or copy a machine's folder there.");

        MachineResults chosen;
        if (primary is not null)
        {
            chosen = machines.FirstOrDefault(m => string.Equals(m.Name, primary, StringComparison.OrdinalIgnoreCase))
                ?? throw new ResultFileException(machinesFolder, $"no machine '{primary}' under '{machinesFolder}'; it holds {string.Join(", ", machines.Select(m => m.Name))}.");
        }
        else
        {
            // by quality first: the study's own job out of process, what the study recorded of the machine, the reruns
            // that check its claims; then the most cores, the newest run
            chosen = machines.OrderBy(m => m.Toolchain == MachineRecord.OutOfProcess ? 0 : 1)
                .ThenBy(m => m.Record?.Job is null or "study" ? 0 : 1)
                .ThenBy(m => m.Record is null ? 1 : 0)
                .ThenByDescending(m => Math.Min(m.Reruns, 2))
                .ThenByDescending(m => m.Cores)
                .ThenByDescending(m => m.Results.BenchmarkDate ?? DateTime.MinValue)
                .ThenBy(m => m.Name, StringComparer.Ordinal)
                .First();
        }
        string reason = primary is not null ? "chosen with --machine"
            : $"chosen by quality: {(chosen.Toolchain == MachineRecord.OutOfProcess ? "an out-of-process run" : "an in-process run")} of {(chosen.Record?.Job is null or "study" ? "the study's job" : $"the {chosen.Record?.Job} job")}, "
              + $"{(chosen.Record is null ? "no machine record" : "a machine record")}, {(chosen.Reruns == 0 ? "no stability rerun" : $"{chosen.Reruns} stability rerun{(chosen.Reruns == 1 ? "" : "s")}")}, {chosen.Cores} core{(chosen.Cores == 1 ? "" : "s")}"
              + (machines.Count > 1 ? $", ahead of {machines.Count - 1} other machine{(machines.Count == 2 ? "" : "s")}" : "");
        var ordered = machines.Where(m => m != chosen).OrderByDescending(m => m.Cores).ThenBy(m => m.Name, StringComparer.Ordinal).Prepend(chosen).ToList();
        return new MachineSet(folder, ordered, chosen, oneMachineLayout: false, reason);
    }
}
