using System.Globalization;
using DiceOffload.Reporting.Results;

namespace DiceOffload.Reporting.Report;

/// <summary>How one setting's runs lie against another's: wholly below, wholly above, or overlapping.</summary>
internal enum Apart { Lower, Higher, Overlapping }

/// <summary>
/// The verdict a handful of repeated scenario runs can give: one setting's runs all below (or above) the other's, or not
/// distinguishable. With n runs against n, falling wholly apart has a chance of <see cref="Separation"/> when nothing
/// differs (an exact permutation test), the strongest verdict so few runs can give.
/// </summary>
internal static class RunsApart
{
    public static Apart Versus(IEnumerable<double> these, IEnumerable<double> those)
    {
        double[] a = [.. these], b = [.. those];
        if (a.Max() < b.Min())
            return Apart.Lower;
        if (a.Min() > b.Max())
            return Apart.Higher;
        return Apart.Overlapping;
    }

    public static string Verdict(Apart apart) => apart switch
    {
        Apart.Lower => "lower in every run",
        Apart.Higher => "higher in every run",
        _ => "not distinguishable",
    };

    /// <summary>The chance that <paramref name="n"/> runs against <paramref name="n"/> fall wholly apart, in either order, when nothing differs.</summary>
    public static string Separation(int n)
    {
        double ways = 1;
        for (int i = 1; i <= n; i++)
            ways = ways * (n + i) / i;
        return (2 / ways).ToString("0.00", CultureInfo.InvariantCulture);
    }

    /// <summary>The median of a handful of runs, the study's estimator.</summary>
    public static double Median(IEnumerable<double> values) => Statistics.Median([.. values]);

    /// <summary>The runs' range, "one run" for one.</summary>
    public static string Range(IEnumerable<double> values)
    {
        double[] all = [.. values];
        return all.Length == 1 ? "one run" : $"{DisplayUnit.Number(all.Min())} – {DisplayUnit.Number(all.Max())}";
    }
}
