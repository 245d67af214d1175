using DiceOffload.Reporting.Report;

namespace DiceOffload.Tests.Report;

public class UslFitTests
{
    private static double Usl(double n, double sigma, double kappa) => n / (1 + (sigma * (n - 1)) + (kappa * n * (n - 1)));

    private static IEnumerable<SpeedupPoint> Synthetic(double sigma, double kappa, IEnumerable<int> workers, double noise = 0) =>
        workers.Select((n, i) => new SpeedupPoint(n, Usl(n, sigma, kappa) * (1 + (noise * (i % 2 == 0 ? 1 : -1)))));

    [Theory]
    [InlineData(0.02, 0.0004)]
    [InlineData(0.05, 0.002)]
    [InlineData(0.001, 0.00005)]
    public void Recovers_known_sigma_and_kappa_within_five_percent(double sigma, double kappa)
    {
        var fit = UslFit.Fit(Synthetic(sigma, kappa, [1, 2, 4, 8, 12, 16]), cores: 16, out string? why);

        Assert.NotNull(fit);
        Assert.Null(why);
        Assert.InRange(fit.Sigma, sigma * 0.95, sigma * 1.05);
        Assert.InRange(fit.Kappa, kappa * 0.95, kappa * 1.05);
        Assert.True(fit.CanProject);
        Assert.Equal(Usl(64, sigma, kappa), fit.Speedup(64), 6);
    }

    [Fact]
    public void Recovers_them_within_five_percent_through_a_tenth_of_a_percent_of_noise()
    {
        var fit = UslFit.Fit(Synthetic(0.03, 0.001, [1, 2, 3, 4, 6, 8, 10, 12, 14, 16], noise: 0.001), cores: 16, out _);

        Assert.NotNull(fit);
        Assert.InRange(fit.Sigma, 0.03 * 0.95, 0.03 * 1.05);
        Assert.InRange(fit.Kappa, 0.001 * 0.95, 0.001 * 1.05);
        Assert.InRange(fit.PeakWorkers!.Value, 30, 32);   // √((1 − 0.03) / 0.001) = 31.1
    }

    [Fact]
    public void Refuses_two_points_and_says_why()
    {
        var fit = UslFit.Fit([new SpeedupPoint(1, 1), new SpeedupPoint(2, 1.97)], cores: 2, out string? why);

        Assert.Null(fit);
        Assert.Contains("only one worker count above one up to the 2 cores (measured at 1, 2)", why, StringComparison.Ordinal);
        Assert.Contains("nothing is projected", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Uses_only_worker_counts_up_to_the_cores()
    {
        // a 2-core machine measured to 4 workers: past the cores the workers share them, which the law does not describe
        var fit = UslFit.Fit([new SpeedupPoint(1, 1), new SpeedupPoint(2, 1.97), new SpeedupPoint(3, 2.0), new SpeedupPoint(4, 1.99)], cores: 2, out string? why);

        Assert.Null(fit);
        Assert.Contains("up to the 2 cores", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Holds_a_negative_coefficient_at_zero()
    {
        // better than linear at first (a cache effect): σ would come out negative
        var points = new[] { new SpeedupPoint(1, 1), new SpeedupPoint(2, 2.05), new SpeedupPoint(4, 4.0), new SpeedupPoint(8, 7.0) };
        var fit = UslFit.Fit(points, cores: 8, out _);

        Assert.NotNull(fit);
        Assert.True(fit.Sigma >= 0);
        Assert.True(fit.Kappa >= 0);
    }

    [Fact]
    public void Does_not_project_a_poor_fit()
    {
        // speedups that jump about: no law of this shape describes them
        var points = new[] { new SpeedupPoint(1, 1), new SpeedupPoint(2, 1.2), new SpeedupPoint(3, 2.9), new SpeedupPoint(4, 1.1), new SpeedupPoint(5, 4.8) };
        var fit = UslFit.Fit(points, cores: 5, out _);

        Assert.NotNull(fit);
        Assert.True(fit.RSquared < UslFit.MinimumRSquared);
        Assert.False(fit.CanProject);
    }
}
