namespace DiceOffload.Reporting.Results;

/// <summary>Every benchmark case found in one results folder, each counted once.</summary>
public sealed class BenchmarkRun
{
    private readonly Dictionary<string, BenchmarkResult> _byFullName;

    public BenchmarkRun(string folder, IReadOnlyList<BenchmarkExport> exports)
    {
        Folder = folder;
        Exports = exports;
        var warnings = new List<string>();
        _byFullName = new Dictionary<string, BenchmarkResult>(StringComparer.Ordinal);
        foreach (var result in exports.SelectMany(e => e.Benchmarks))
        {
            if (!_byFullName.TryAdd(result.FullName, result))
                warnings.Add($"{result.FullName} is in both {_byFullName[result.FullName].SourceFile} and {result.SourceFile}; the first one counts.");
        }
        Benchmarks = [.. _byFullName.Values];
        Warnings = warnings;
    }

    public string Folder { get; }

    /// <summary>The export files read, one per benchmark class (see <see cref="BenchmarkRunLoader"/> for which are skipped).</summary>
    public IReadOnlyList<BenchmarkExport> Exports { get; }

    /// <summary>The cases of all exports; where two exports hold the same full name, the first one's.</summary>
    public IReadOnlyList<BenchmarkResult> Benchmarks { get; }

    /// <summary>What the loader skipped or doubted, as sentences for the reader.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The environment of the first export that has one; runs of one study share a machine.</summary>
    public HostEnvironment? Environment => Exports.Select(e => e.Environment).FirstOrDefault(e => e is not null);

    /// <summary>The ids of the BenchmarkDotNet jobs that measured the run, in order.</summary>
    public IReadOnlyList<string> Jobs => [.. Benchmarks.Select(b => b.Job).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public BenchmarkResult? Find(string fullName) => _byFullName.GetValueOrDefault(fullName);
}
