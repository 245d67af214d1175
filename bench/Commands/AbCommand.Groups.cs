using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using DiceOffload.Bench.Benchmarks;
using DiceOffload.Reporting.Comparison;
using DiceOffload.Reporting.Results;

namespace DiceOffload.Bench.Commands;

/// <summary>What one study process of a round runs: a name for its folder and log, and its <c>--filter</c> patterns.</summary>
internal sealed record AbGroup(string Name, IReadOnlyList<string> Patterns)
{
    /// <summary>The name of the one group of an out-of-process run, the whole filter, whose rounds need no folder of their own.</summary>
    public const string WholeFilter = "all";

    public bool IsWholeFilter => Name == WholeFilter;
}

/// <summary>What <c>ab</c>'s rounds measure: the groups of benchmarks the first rounds run, and what they flagged, which the confirming rounds run again.</summary>
internal static partial class AbCommand
{
    /// <summary>What each round runs: with the in-process toolchain one study process per benchmark class, so that a
    /// class's base and head run seconds apart; out of process one for the whole filter, since every study process
    /// builds its benchmark program first. Also the benchmarks the filter selects that cannot be measured so, with why.</summary>
    public static (IReadOnlyList<AbGroup> Groups, IReadOnlyList<string> LeftOut) Groups(string filter, bool inProcess)
    {
        var glob = new GlobFilter([filter]);
        var groups = new List<AbGroup>();
        var leftOut = new List<string>();
        foreach (var type in BenchmarkClasses())
        {
            var cases = BenchmarkConverter.TypeToBenchmarks(type).BenchmarksCases;
            if (cases.Length == 0)
                continue;
            var selected = cases.Where(glob.Predicate).ToList();
            if (selected.Count == 0)
                continue;
            if (inProcess && type == typeof(DynamicPgo))
            {
                int measured = selected.Count(DynamicPgo.Measures);
                leftOut.Add($"{type.Name} ({measured} cases): it turns dynamic PGO on, which only a benchmark process of its own can; the out-of-process study measures it");
                continue;
            }
            IReadOnlyList<string> patterns = selected.Count == cases.Length
                ? [$"{type.FullName}.*"]
                : [.. selected.Select(c => FullNameProvider.GetBenchmarkName(c)).Distinct(StringComparer.Ordinal)];
            groups.Add(new AbGroup(type.Name, patterns));
        }
        if (!inProcess)
            return (groups.Count == 0 ? [] : [new AbGroup(AbGroup.WholeFilter, [filter])], leftOut);
        return (groups, leftOut);
    }

    /// <summary>The study's benchmark classes, by name: what the rounds' groups and the sides' lists are made of.</summary>
    public static IEnumerable<Type> BenchmarkClasses() =>
        typeof(Throughput).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(Throughput).Namespace && t is { IsClass: true, IsAbstract: false, IsPublic: true })
            .OrderBy(t => t.Name, StringComparer.Ordinal);

    /// <summary>The benchmarks the rounds under <paramref name="folder"/> flag slower or faster, grouped by class, each
    /// named by its full name: what the confirming rounds measure again.</summary>
    public static IReadOnlyList<AbGroup> Flagged(string folder, ComparisonOptions options)
    {
        AbReport report;
        try
        {
            report = AbComparer.Compare(LoadRounds(folder, AbSide.Base), LoadRounds(folder, AbSide.Head), options);
        }
        catch (ResultFileException)
        {
            return [];   // the judging afterwards names the file
        }
        string prefix = typeof(Throughput).Namespace + ".";
        return [.. report.Benchmarks
            .Where(b => b.Verdict is AbVerdict.Slower or AbVerdict.Faster && b.FullName.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(b => b.FullName[prefix.Length..].Split('.')[0], StringComparer.Ordinal)
            .Select(g => new AbGroup(g.Key, [.. g.Select(b => b.FullName)]))];
    }

    // round-1, round-2, … in order; a folder that is there but holds no export is an error, not a skipped round
    private static List<BenchmarkRun> LoadRounds(string folder, AbSide side)
    {
        string sideFolder = Path.GetDirectoryName(AbRun.RoundFolder(folder, side, 1))!;
        if (!Directory.Exists(sideFolder))
            return [];
        var roundFolders = Directory.GetDirectories(sideFolder, "round-*")
            .Select(path => (Path: path, Number: int.TryParse(Path.GetFileName(path)["round-".Length..], out int n) ? n : -1))
            .Where(r => r.Number > 0)
            .OrderBy(r => r.Number);
        return [.. roundFolders.Select(r => BenchmarkRunLoader.Load(r.Path))];
    }
}
