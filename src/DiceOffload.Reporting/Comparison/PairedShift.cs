using DiceOffload.Reporting.Results;
using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace DiceOffload.Reporting.Comparison;

/// <summary>The head's shift from the base, as the mean of the rounds' paired log ratios with its Student interval.</summary>
/// <param name="Estimate">exp(mean of ln(B_i / A_i)); 1.25 means the head is 25% slower.</param>
/// <param name="Lower">The lower end of the interval, as a ratio.</param>
/// <param name="Upper">The upper end.</param>
/// <param name="Level">The interval's level, 1 − alpha.</param>
/// <param name="Pairs">How many pairs of rounds it rests on.</param>
public sealed record PairedShift(double Estimate, double Lower, double Upper, double Level, int Pairs)
{
    public double Percent => (Estimate - 1) * 100;

    public double LowerPercent => (Lower - 1) * 100;

    public double UpperPercent => (Upper - 1) * 100;

    /// <summary>The interval as the tables and notes print it: <c>[-4.2%, +6.0%]</c>.</summary>
    public string IntervalText => $"[{TextTable.SignedPercent(LowerPercent)}, {TextTable.SignedPercent(UpperPercent)}]";

    /// <summary>The shift with its interval, as the notes and the progress lines print it: <c>+1.3% [-4.2%, +6.0%]</c>.</summary>
    public string Text => $"{TextTable.SignedPercent(Percent)} {IntervalText}";

    /// <summary>The interval's half-width in percent: the resolution of this comparison for this benchmark.</summary>
    public double HalfWidthPercent => (Math.Exp((Math.Log(Upper) - Math.Log(Lower)) / 2) - 1) * 100;

    /// <summary>The largest change either way that the interval leaves possible: "same" means within this.</summary>
    public double WithinPercent => Math.Max(RatioShift.AbsolutePercent(Lower), RatioShift.AbsolutePercent(Upper));

    /// <summary>The mean and Student interval of <paramref name="logRatios"/> (one per pair of rounds); null with fewer than two.</summary>
    public static PairedShift? Of(IReadOnlyList<double> logRatios, double alpha)
    {
        ArgumentNullException.ThrowIfNull(logRatios);
        if (logRatios.Count < 2 || logRatios.Any(d => !double.IsFinite(d)))
            return null;
        int n = logRatios.Count;
        double mean = logRatios.Average();
        double sd = Statistics.StandardDeviation(logRatios);
        double t = new StudentDistribution(n - 1).Quantile(1 - alpha / 2);
        double half = t * sd / Math.Sqrt(n);
        return new PairedShift(Math.Exp(mean), Math.Exp(mean - half), Math.Exp(mean + half), 1 - alpha, n);
    }

    /// <summary>
    /// The shift of a two-period crossover: each pair's log ratio ln(B / A), the pairs split by which side ran first.
    /// The estimate is the mean of the two orders' means, so an effect of running first (or second) cancels; its Student
    /// interval takes the spread within each order (pooled, n − 2 degrees of freedom), so that effect does not widen it
    /// either. Null unless each order has a pair and there are three or more.
    /// </summary>
    /// <param name="residualSd">The pooled standard deviation of the log ratios within the orders; NaN when null is returned.</param>
    public static PairedShift? OfCrossover(IReadOnlyList<double> baseFirst, IReadOnlyList<double> headFirst, double alpha, out double residualSd)
    {
        ArgumentNullException.ThrowIfNull(baseFirst);
        ArgumentNullException.ThrowIfNull(headFirst);
        residualSd = double.NaN;
        int n1 = baseFirst.Count, n2 = headFirst.Count, n = n1 + n2;
        if (n1 == 0 || n2 == 0 || n < 3 || baseFirst.Concat(headFirst).Any(d => !double.IsFinite(d)))
            return null;
        double m1 = baseFirst.Average(), m2 = headFirst.Average();
        double squares = baseFirst.Sum(d => (d - m1) * (d - m1)) + headFirst.Sum(d => (d - m2) * (d - m2));
        residualSd = Math.Sqrt(squares / (n - 2));
        double mean = (m1 + m2) / 2;
        double standardError = residualSd / 2 * Math.Sqrt(1.0 / n1 + 1.0 / n2);
        double half = new StudentDistribution(n - 2).Quantile(1 - alpha / 2) * standardError;
        return new PairedShift(Math.Exp(mean), Math.Exp(mean - half), Math.Exp(mean + half), 1 - alpha, n);
    }
}

/// <summary>Where one benchmark's noise comes from, each as a standard deviation in percent (of ln times, so 5% means a
/// factor of about 1.05).</summary>
/// <param name="IterationPercent">Between the iterations of one round: the typical (median over rounds) spread of single
/// measurements. With paired iterations, the spread of the base's iterations over the benchmark's whole measuring.</param>
/// <param name="RoundPercent">Between the base's rounds: the spread of each round's median, which the iterations, the
/// processes' launches and the machine's drift between rounds all add to. NaN with paired iterations, which have no rounds.</param>
/// <param name="PairPercent">Between pairs: the spread of the rounds' log ratios B/A divided by √2, the noise each side
/// keeps once A and B of a round are compared with each other; below <paramref name="RoundPercent"/> by what the pairing
/// removed (drift that both sides of a round shared).</param>
public sealed record NoiseSources(double IterationPercent, double RoundPercent, double PairPercent);
