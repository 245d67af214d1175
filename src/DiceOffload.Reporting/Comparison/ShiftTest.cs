using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;
using Pragmastat.Metrology;

namespace DiceOffload.Reporting.Comparison;

/// <summary>The two one-sided Mann–Whitney p-values of a comparison and the verdict they give.</summary>
/// <param name="Result">Greater, Lesser, Indistinguishable, or Unknown when the samples are too small for the level.</param>
/// <param name="GreaterPValue">The p-value of "x exceeds y by more than the threshold".</param>
/// <param name="LesserPValue">The p-value of "y exceeds x by more than the threshold".</param>
public sealed record ShiftVerdict(ComparisonResult Result, double GreaterPValue, double LesserPValue)
{
    /// <summary>The two-sided p-value: twice the smaller one-sided one, at most 1.</summary>
    public double PValue => Math.Min(1, 2 * Math.Min(GreaterPValue, LesserPValue));
}

/// <summary>
/// The one test every comparison of the project makes: two one-sided Mann–Whitney tests of a shift beyond a threshold,
/// each at half the significance level, so that the pair is a two-sided test at that level.
/// </summary>
/// <remarks>
/// The p-values are Perfolizer's (<see cref="MannWhitneyTest"/>: exact, by Löffler's recurrence, for small samples;
/// Edgeworth's approximation for large ones). Perfolizer's own <c>SimpleEquivalenceTest</c> is not used: in 0.6.1 it
/// returns Greater or Lesser without a test whenever the shift's estimate exceeds ten times the threshold, which for a
/// threshold of zero is any shift at all, so two samples of one distribution came back "Lesser".
/// </remarks>
public static class ShiftTest
{
    /// <summary>
    /// <see cref="ComparisonResult.Greater"/> when <paramref name="x"/> exceeds <paramref name="y"/> by more than
    /// <paramref name="threshold"/> at significance level <paramref name="alpha"/> (two-sided), <see cref="ComparisonResult.Lesser"/>
    /// the other way, <see cref="ComparisonResult.Indistinguishable"/> when neither, <see cref="ComparisonResult.Unknown"/>
    /// when the samples are too small for any outcome to reach the level.
    /// </summary>
    public static ComparisonResult Compare(IReadOnlyList<double> x, IReadOnlyList<double> y, Threshold threshold, double alpha, MeasurementUnit unit) =>
        Test(x, y, threshold, alpha, unit).Result;

    /// <summary>The verdict of <see cref="Compare"/> with both one-sided p-values.</summary>
    public static ShiftVerdict Test(IReadOnlyList<double> x, IReadOnlyList<double> y, Threshold threshold, double alpha, MeasurementUnit unit)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(threshold);
        if (!CanReach(x.Count, y.Count, alpha))
            return new ShiftVerdict(ComparisonResult.Unknown, 1, 1);
        var xs = new Sample([.. x], unit);
        var ys = new Sample([.. y], unit);
        double greater = MannWhitneyTest.Instance.GetPValue(xs, ys, AlternativeHypothesis.Greater, threshold);
        double lesser = MannWhitneyTest.Instance.GetPValue(ys, xs, AlternativeHypothesis.Greater, threshold);
        var result = greater < alpha / 2 ? ComparisonResult.Greater
            : lesser < alpha / 2 ? ComparisonResult.Lesser
            : ComparisonResult.Indistinguishable;
        return new ShiftVerdict(result, greater, lesser);
    }

    /// <summary>Whether samples of <paramref name="n"/> and <paramref name="m"/> values can reach the level at all: the
    /// smallest one-sided p-value Mann–Whitney can give them, 1 / C(n + m, n), is below half of <paramref name="alpha"/>.</summary>
    public static bool CanReach(int n, int m, double alpha)
    {
        if (n < 1 || m < 1)
            return false;
        // log C(n + m, n) > log(2 / alpha), summed term by term so that large samples do not overflow
        double logCombinations = 0;
        for (int i = 1; i <= Math.Min(n, m); i++)
            logCombinations += Math.Log(Math.Max(n, m) + i) - Math.Log(i);
        return logCombinations > Math.Log(2 / alpha);
    }
}
