using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;
using Pragmastat.Metrology;

namespace DiceOffload.Reporting.Comparison;

/// <summary>The one test every comparison of the project makes: Perfolizer's Mann–Whitney test of a shift beyond a threshold.</summary>
public static class ShiftTest
{
    /// <summary>
    /// <see cref="ComparisonResult.Greater"/> when <paramref name="x"/> exceeds <paramref name="y"/> by more than
    /// <paramref name="threshold"/> at significance level <paramref name="alpha"/>, <see cref="ComparisonResult.Lesser"/>
    /// the other way, <see cref="ComparisonResult.Indistinguishable"/> when neither, <see cref="ComparisonResult.Unknown"/>
    /// when there are too few measurements.
    /// </summary>
    public static ComparisonResult Compare(IReadOnlyList<double> x, IReadOnlyList<double> y, Threshold threshold, double alpha, MeasurementUnit unit) =>
        new SimpleEquivalenceTest(MannWhitneyTest.Instance).Perform(new Sample([.. x], unit), new Sample([.. y], unit), threshold, new SignificanceLevel(alpha));
}
