using Perfolizer.Mathematics.Distributions.DiscreteDistributions;

namespace DiceOffload.Reporting.Results;

/// <summary>
/// A distribution-free confidence interval of the median: two order statistics of the sample, chosen with the
/// binomial distribution so that the interval covers the true median with at least <see cref="Level"/>. It always
/// contains the sample median, unlike BenchmarkDotNet's interval of the mean, which a skewed sample pushes away.
/// </summary>
/// <param name="Coverage">The interval's exact coverage; below the level asked for when the sample is too small for it (three measurements reach 75% at most).</param>
public sealed record MedianInterval(double LowerNs, double UpperNs, double Coverage)
{
    /// <summary>The confidence the report asks of every median's interval.</summary>
    public const double Level = 0.99;

    /// <summary>The interval of the median of <paramref name="values"/>; null for an empty sample.</summary>
    public static MedianInterval? Of(IReadOnlyList<double> values, double level = Level)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            return null;
        double[] sorted = [.. values.Order()];
        int n = sorted.Length;
        if (n == 1)
            return new MedianInterval(sorted[0], sorted[0], 0);
        var binomial = new BinomialDistribution(n, 0.5);
        // the widest interval [x(k), x(n+1-k)] is [min, max] (k = 1); narrow it while the coverage stays at the level
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && 1 - (2 * binomial.Cdf(k)) >= level)
            k++;
        double coverage = 1 - (2 * binomial.Cdf(k - 1));
        return new MedianInterval(sorted[k - 1], sorted[n - k], coverage);
    }

    public bool Contains(double ns) => LowerNs <= ns && ns <= UpperNs;
}
