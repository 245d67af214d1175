namespace DiceOffload.Tests.Strategies;

/// <summary>The exact distribution of dice sums, by convolution, and the chi-square statistic of a histogram against it.</summary>
internal static class ExactDistribution
{
    /// <summary>Probability of each sum from <paramref name="dice"/> to <paramref name="dice"/> × <paramref name="sides"/>.</summary>
    public static double[] Of(int dice, int sides)
    {
        double[] distribution = [1.0];
        for (int d = 0; d < dice; d++)
        {
            var next = new double[distribution.Length + sides - 1];
            for (int i = 0; i < distribution.Length; i++)
            {
                for (int face = 0; face < sides; face++)
                    next[i + face] += distribution[i] / sides;
            }
            distribution = next;
        }
        return distribution;
    }

    public static double ChiSquare(DiceHistogram histogram)
    {
        double[] p = Of(histogram.Dice, histogram.Sides);
        double total = histogram.Total, statistic = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double expected = total * p[i];
            double difference = histogram.Counts[i] - expected;
            statistic += difference * difference / expected;
        }
        return statistic;
    }
}
