using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;

namespace DiceOffload.Reporting.Comparison;

/// <summary>
/// How much larger one sample is than another, as a ratio: the Hodges–Lehmann estimate (the median of all pairwise
/// ratios y/x) with its distribution-free confidence interval (Bauer's, the Mann–Whitney test inverted).
/// </summary>
/// <param name="Estimate">The median of the n·m ratios y/x; 1.25 means y is 25% larger.</param>
/// <param name="Lower">The lower end of the interval; with <paramref name="Upper"/>, order statistics of the ratios.</param>
/// <param name="Coverage">
/// The interval's exact coverage under continuous distributions: at least the level asked for, or, when the samples
/// are too small for it, the most they give (the range of all ratios).
/// </param>
public sealed record RatioShift(double Estimate, double Lower, double Upper, double Coverage)
{
    /// <summary>The level of the intervals the comparisons show.</summary>
    public const double Level = 0.99;

    public double Percent => (Estimate - 1) * 100;

    public double LowerPercent => (Lower - 1) * 100;

    public double UpperPercent => (Upper - 1) * 100;

    /// <summary>The shift from <paramref name="x"/> to <paramref name="y"/>; null when either is empty or holds a value that is not positive.</summary>
    public static RatioShift? Of(IReadOnlyList<double> x, IReadOnlyList<double> y, double level = Level)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level must be between 0 and 1.");
        if (x.Count == 0 || y.Count == 0 || x.Any(v => !(v > 0)) || y.Any(v => !(v > 0)))
            return null;

        double[] ratios = new double[x.Count * y.Count];
        int index = 0;
        foreach (double xi in x)
            foreach (double yj in y)
                ratios[index++] = yj / xi;
        Array.Sort(ratios);
        double estimate = ratios.Length % 2 == 1
            ? ratios[ratios.Length / 2]
            : Math.Sqrt(ratios[ratios.Length / 2 - 1] * ratios[ratios.Length / 2]);

        // The interval [R(k), R(N+1-k)] (1-based) covers the true ratio with probability 1 - 2 P(U <= k-1), U the
        // Mann–Whitney statistic under no shift: take the largest k whose tail stays within (1 - level) / 2.
        int n = x.Count, m = y.Count;
        var cdf = Cdf(n, m);
        double tail = (1 - level) / 2;
        int k = 0;
        while (k + 1 <= ratios.Length / 2 && cdf.Cdf(n, m, k + 1) <= tail)   // Cdf(n, m, u) is P(U < u)
            k++;
        if (k == 0)
            return new RatioShift(estimate, ratios[0], ratios[^1], 1 - 2 * cdf.Cdf(n, m, 1));
        return new RatioShift(estimate, ratios[k - 1], ratios[^k], 1 - 2 * cdf.Cdf(n, m, k));
    }

    /// <summary>The size of a shift in percent, whichever way it goes: 25% for both 1.25 and 0.8.</summary>
    public static double AbsolutePercent(double ratio) => (Math.Exp(Math.Abs(Math.Log(ratio))) - 1) * 100;

    // exact while C(n + m, n) fits in a long with room (C(60, 30) is about 1.2e17), then Perfolizer's Edgeworth approximation
    private static IMannWhitneyCdf Cdf(int n, int m) =>
        n + m <= 60 ? MannWhitneyLoefflerExactCdf.Instance : MannWhitneyEdgeworthApproxCdf.Instance;
}
