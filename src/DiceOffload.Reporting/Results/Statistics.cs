using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;

namespace DiceOffload.Reporting.Results;

/// <summary>The summary statistics the reporting shares, computed the way BenchmarkDotNet computes its own.</summary>
public static class Statistics
{
    /// <summary>The median by Hyndman–Fan type 7, the estimator behind BenchmarkDotNet's <c>Median</c> column.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        return SimpleQuantileEstimator.Instance.Median(new Sample([.. values])).NominalValue;
    }

    /// <summary>The sample standard deviation (divided by n − 1), as BenchmarkDotNet's <c>StdDev</c> column.</summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2)
            throw new ArgumentException("The standard deviation needs at least two values.", nameof(values));
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
