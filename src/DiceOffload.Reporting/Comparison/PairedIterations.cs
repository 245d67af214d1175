using System.Text.Json;
using System.Text.Json.Serialization;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Comparison;

/// <summary>One pair of iterations of a benchmark: the base's and the head's, timed one right after the other.</summary>
/// <param name="BaseNs">Nanoseconds per operation of the base's iteration.</param>
/// <param name="HeadNs">The head's.</param>
/// <param name="BaseFirst">Whether the base's iteration ran first; the order alternates pair by pair.</param>
public sealed record IterationPair(double BaseNs, double HeadNs, bool BaseFirst);

/// <summary>What the paired iterations measured of one benchmark.</summary>
/// <param name="FullName">BenchmarkDotNet's full name of the case, as in the study's exports.</param>
/// <param name="Invocations">Invocations per iteration, the same on both sides.</param>
/// <param name="Pairs">The measured pairs, in the order they ran (the warm-up pairs are not here).</param>
/// <param name="Error">Why nothing was measured (a set-up or an iteration that failed, on which side); null when measured.</param>
/// <param name="ErrorInHeadOnly">Whether only the head failed: a regression, as a benchmark that stopped working is.</param>
public sealed record PairedBenchmark(string FullName, long Invocations, IReadOnlyList<IterationPair> Pairs, string? Error = null, bool ErrorInHeadOnly = false)
{
    /// <summary>The name without the study's namespace, as the tables print it.</summary>
    public string DisplayName => PairedIterations.DisplayName(FullName);
}

/// <summary>
/// An A/B comparison measured in paired iterations: a process of each side holds the same benchmark set up, and their
/// iterations alternate (A B, B A, …), so each of the head's iterations has the base's next to it, a fraction of a
/// second apart. Written to <see cref="FileName"/>; the looks say when the measuring stopped for a benchmark.
/// </summary>
/// <param name="Looks">The numbers of pairs after which a benchmark is judged, ascending: it stops at the first look that
/// judges it. Each look tests at alpha divided by the number of looks, so that looking twice does not raise the false alarms.</param>
/// <param name="IterationMs">The time an iteration aims at (a case longer than that runs one invocation per iteration).</param>
/// <param name="Benchmarks">Every case the filter selected that both sides could list, in the order they ran.</param>
/// <param name="OnlyInBase">Cases only the base lists.</param>
/// <param name="OnlyInHead">Cases only the head lists.</param>
/// <param name="LeftOut">Cases the sides could not time this way, one line each with why.</param>
public sealed record PairedIterations(
    IReadOnlyList<int> Looks,
    double IterationMs,
    IReadOnlyList<PairedBenchmark> Benchmarks,
    IReadOnlyList<string> OnlyInBase,
    IReadOnlyList<string> OnlyInHead,
    IReadOnlyList<string> LeftOut)
{
    public const string FileName = "pairs.json";
    public const string Namespace = "DiceOffload.Bench.Benchmarks";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary><paramref name="fullName"/> without the study's namespace, as the tables print it.</summary>
    public static string DisplayName(string fullName) =>
        fullName.StartsWith(Namespace + ".", StringComparison.Ordinal) ? fullName[(Namespace.Length + 1)..] : fullName;

    /// <summary>The significance level each look tests at.</summary>
    public double AlphaPerLook(double alpha) => AlphaPerLook(alpha, Looks.Count);

    /// <summary>The significance level each of <paramref name="looks"/> looks tests at: alpha shared equally (Bonferroni).</summary>
    public static double AlphaPerLook(double alpha, int looks) => alpha / Math.Max(1, looks);

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, s_json));

    /// <summary>Reads <paramref name="path"/>; a file that is missing or not such a record is a <see cref="ResultFileException"/> naming it.</summary>
    public static PairedIterations Load(string path)
    {
        try
        {
            var run = JsonSerializer.Deserialize<PairedIterations>(File.ReadAllText(path), s_json);
            if (run is null || run.Looks is not { Count: > 0 } || run.Looks.Any(l => l < 2) || run.Benchmarks is null
                || run.Benchmarks.Any(b => b?.FullName is null || b.Pairs is null || b.Pairs.Any(p => p is null))
                || new[] { run.OnlyInBase, run.OnlyInHead, run.LeftOut }.Any(names => names?.Any(n => n is null) == true))
                throw new ResultFileException(path, $"'{path}' is not a record of paired iterations (looks of two pairs or more, and benchmarks with a full name and pairs).");
            return run with { OnlyInBase = run.OnlyInBase ?? [], OnlyInHead = run.OnlyInHead ?? [], LeftOut = run.LeftOut ?? [] };
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ResultFileException(path, $"'{path}' cannot be read as paired iterations: {ex.Message}", ex);
        }
    }

    /// <summary>Judges every benchmark (<see cref="AbComparer.ComparePairs"/>) into a report.</summary>
    public AbReport Judge(ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        double alpha = AlphaPerLook(options.Alpha);
        var rows = Benchmarks.Select(b => AbComparer.ComparePairs(b, options, alpha))
            .Concat(OnlyInBase.Select(name => Absent(name, AbVerdict.OnlyInBase, "removed, renamed or filtered out of the head")))
            .Concat(OnlyInHead.Select(name => Absent(name, AbVerdict.OnlyInHead, "a new benchmark")))
            .OrderBy(b => b.FullName, StringComparer.Ordinal)
            .ToList();
        int most = Benchmarks.Count == 0 ? 0 : Benchmarks.Max(b => b.Pairs.Count);
        return new AbReport(most, most, options, rows) { LeftOut = LeftOut, Pairing = AbPairing.Iterations, Looks = Looks };
    }

    private static AbBenchmark Absent(string name, AbVerdict verdict, string note) =>
        new() { FullName = name, DisplayName = DisplayName(name), Verdict = verdict, Note = note };
}
