using static DiceOffload.Tests.Comparison.BdnExportWriter;

namespace DiceOffload.Tests.Comparison;

/// <summary>Result folders for the comparison tests, modelled on the study's throughput benchmarks.</summary>
internal static class Runs
{
    public const string Class = "Throughput";

    /// <summary>Inline and two offloading strategies at the medians a 2-core machine gives for 100 million throws.</summary>
    /// <param name="scale">How much slower the machine is; 2 is a machine that takes twice as long for everything.</param>
    /// <param name="seed">The noise: runs with the same seed have identical measurements.</param>
    public static FixtureCase[] Throughput(double scale = 1, int seed = 1, double threadPoolScale = 1, long threadPoolBytes = 400) =>
    [
        new(Class, "Inline", Around(1_100_000_000 * scale, seed)),
        new(Class, "ThreadPool", Around(600_000_000 * scale * threadPoolScale, seed + 1), threadPoolBytes),
        new(Class, "ParallelFor", Around(620_000_000 * scale, seed + 2), 1_200),
    ];

    public static string Write(string folder, IEnumerable<FixtureCase> cases) => BdnExportWriter.Write(folder, Class, cases);
}
