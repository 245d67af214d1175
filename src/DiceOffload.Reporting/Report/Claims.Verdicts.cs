using DiceOffload.Reporting.Comparison;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using Perfolizer.Horology;
using Perfolizer.Mathematics.Common;
using Perfolizer.Metrology;

namespace DiceOffload.Reporting.Report;

// How the claims decide: the test behind every faster, slower and not distinguishable.
public static partial class Claims
{
    /// <summary>The study's significance level: the one <c>compare</c> uses by default.</summary>
    public const double Alpha = 0.01;

    /// <summary>The smallest difference the study calls faster or slower, in percent: a shift must exceed it at <see cref="Alpha"/>.</summary>
    public const double MinimalEffectPercent = 1;

    /// <summary>Whether <paramref name="x"/> is faster than <paramref name="y"/>: see <see cref="Test"/>.</summary>
    public static Difference Compare(BenchmarkResult x, BenchmarkResult y) => Test(x, y).Difference;

    /// <summary>
    /// Whether <paramref name="x"/> is faster than <paramref name="y"/> by more than <see cref="MinimalEffectPercent"/>:
    /// two one-sided Mann–Whitney tests at <see cref="Alpha"/> (two-sided) on all measurements, and, where both cases
    /// ran in several launches each large enough to be tested, the same verdict between every launch of one and every
    /// launch of the other.
    /// </summary>
    /// <remarks>
    /// A launch is one benchmark process; its measurements share the process's JIT, heap and placement on the cores, so
    /// they are not independent of each other the way two launches are. Requiring the verdict between every pair of
    /// launches is an intersection–union test: its level stays <see cref="Alpha"/> without a correction, and a case
    /// that is faster in one process and slower in the next is not distinguishable. The p-value is the largest of the
    /// tests made.
    /// </remarks>
    public static CaseVerdict Test(BenchmarkResult x, BenchmarkResult y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var pooled = ShiftTest.Test(x.MeasurementsNs, y.MeasurementsNs, MinimalEffect, Alpha, TimeUnit.Nanosecond);
        var difference = Of(pooled.Result);
        if (difference is not (Difference.Faster or Difference.Slower))
            return new CaseVerdict(difference, pooled.PValue, LaunchesTested: false);

        var xLaunches = x.Launches;
        var yLaunches = y.Launches;
        bool byLaunch = xLaunches.Count > 1 && yLaunches.Count > 1
            && xLaunches.All(xl => yLaunches.All(yl => ShiftTest.CanReach(xl.Count, yl.Count, Alpha)));
        if (!byLaunch)
            return new CaseVerdict(difference, pooled.PValue, LaunchesTested: false);

        double pValue = pooled.PValue;
        foreach (var xl in xLaunches)
        {
            foreach (var yl in yLaunches)
            {
                var pair = ShiftTest.Test(xl, yl, MinimalEffect, Alpha, TimeUnit.Nanosecond);
                pValue = Math.Max(pValue, difference == Difference.Faster ? 2 * pair.LesserPValue : 2 * pair.GreaterPValue);
                if (Of(pair.Result) != difference)
                    return new CaseVerdict(Difference.NotDistinguishable, Math.Min(1, pValue), LaunchesTested: true);
            }
        }
        return new CaseVerdict(difference, Math.Min(1, pValue), LaunchesTested: true);
    }

    /// <summary>The test on all measurements alone, without the launch by launch check: for a warning (the machine's
    /// drift between two cases that should take the same time), where erring towards "different" is the safe side.</summary>
    public static Difference ComparePooled(BenchmarkResult x, BenchmarkResult y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Of(ShiftTest.Compare(x.MeasurementsNs, y.MeasurementsNs, MinimalEffect, Alpha, TimeUnit.Nanosecond));
    }

    /// <summary>Whether some two launches of one case differ by more than <see cref="MinimalEffectPercent"/> at
    /// <see cref="Alpha"/>: its processes did not run alike, and a figure pooled over them hides that.</summary>
    public static bool LaunchesDisagree(BenchmarkResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var launches = result.Launches;
        for (int i = 0; i < launches.Count; i++)
            for (int j = i + 1; j < launches.Count; j++)
                if (ShiftTest.Compare(launches[i], launches[j], MinimalEffect, Alpha, TimeUnit.Nanosecond) is ComparisonResult.Greater or ComparisonResult.Lesser)
                    return true;
        return false;
    }

    private static readonly Threshold MinimalEffect = Threshold.Parse(MinimalEffectPercent.ToString(System.Globalization.CultureInfo.InvariantCulture) + "%");

    private static Difference Of(ComparisonResult result) => result switch
    {
        ComparisonResult.Greater => Difference.Slower,
        ComparisonResult.Lesser => Difference.Faster,
        ComparisonResult.Indistinguishable => Difference.NotDistinguishable,
        _ => Difference.TooFewMeasurements,
    };
}
