namespace DiceOffload.ResultFiles;

/// <summary>
/// One run's folder in the <see cref="ResultsLayout"/>: a machine's published run, its staging folder, a stability
/// rerun, or the <c>--artifacts</c> folder of a run that is not published (there BenchmarkDotNet writes into the
/// folder itself rather than into <see cref="Exports"/>).
/// </summary>
public sealed record RunLayout(string Folder)
{
    /// <summary>BenchmarkDotNet's artifacts folder of a published run; a rerun keeps only the full exports there.</summary>
    public string Exports => Path.Combine(Folder, ResultsLayout.ExportsFolder);

    public string Scenarios => Path.Combine(Folder, ResultsLayout.ScenariosFolder);

    public string MachineRecord => Path.Combine(Folder, ResultsLayout.MachineFile);

    public string Baseline => Path.Combine(Folder, ResultsLayout.BaselineFolder);

    public string Stability => Path.Combine(Folder, ResultsLayout.StabilityFolder);

    /// <summary>One scenario file of the run, such as <see cref="ResultsLayout.RaceFile"/>.</summary>
    public string Scenario(string fileName) => Path.Combine(Scenarios, fileName);

    /// <summary>A finished stability rerun, named by <see cref="ResultsLayout.RerunName"/>.</summary>
    public RunLayout Rerun(string name) => new(Path.Combine(Stability, name));

    /// <summary>A stability rerun while it is written: hidden from the report by its leading dot.</summary>
    public RunLayout UnfinishedRerun(string name) => new(Path.Combine(Stability, "." + name));
}
