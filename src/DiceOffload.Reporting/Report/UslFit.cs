namespace DiceOffload.Reporting.Report;

/// <summary>A speedup measured at a worker count.</summary>
public readonly record struct SpeedupPoint(double Workers, double Speedup);

/// <summary>
/// Gunther's Universal Scalability Law fitted to measured speedups: speedup(N) = N / (1 + σ(N − 1) + κN(N − 1)),
/// σ the share that does not run in parallel (contention), κ the cost of keeping workers coherent (crosstalk).
/// </summary>
/// <remarks>
/// The fit is Gunther's regression: N/speedup − 1 = σ(N − 1) + κN(N − 1) is linear in σ and κ with no intercept, so
/// ordinary least squares gives both. A coefficient that comes out negative (not physical) is held at 0 and the other
/// refitted alone. Only worker counts up to the cores are used: past them the workers share cores, which the law does
/// not describe. A fit needs at least <see cref="MinimumPoints"/> worker counts above one (one degree of freedom left
/// after two coefficients) and an R² of at least <see cref="MinimumRSquared"/>; otherwise it is not projected.
/// </remarks>
public sealed record UslFit(double Sigma, double Kappa, double RSquared, IReadOnlyList<SpeedupPoint> Points)
{
    /// <summary>Worker counts above one a fit needs: two coefficients and one degree of freedom to judge them.</summary>
    public const int MinimumPoints = 3;

    /// <summary>The least R² (of the fitted speedups against the measured) at which a fit is projected.</summary>
    public const double MinimumRSquared = 0.95;

    /// <summary>The speedup the law predicts at <paramref name="workers"/>.</summary>
    public double Speedup(double workers) => workers / (1 + (Sigma * (workers - 1)) + (Kappa * workers * (workers - 1)));

    /// <summary>Where the predicted speedup peaks, √((1 − σ)/κ); null when κ is 0 (it only levels off).</summary>
    public double? PeakWorkers => Kappa > 0 && Sigma < 1 ? Math.Sqrt((1 - Sigma) / Kappa) : null;

    /// <summary>Whether the fit is good enough to draw past the measured worker counts.</summary>
    public bool CanProject => RSquared >= MinimumRSquared;

    /// <summary>Fits the law to <paramref name="points"/> at or below <paramref name="cores"/> workers.</summary>
    /// <returns>The fit; null, with <paramref name="why"/> saying so, when there are too few worker counts to fit two coefficients.</returns>
    public static UslFit? Fit(IEnumerable<SpeedupPoint> points, int cores, out string? why)
    {
        ArgumentNullException.ThrowIfNull(points);
        var used = points.Where(p => p.Workers >= 1 && p.Workers <= cores && p.Speedup > 0 && double.IsFinite(p.Speedup))
            .OrderBy(p => p.Workers).ToList();
        int above = used.Select(p => p.Workers).Where(w => w > 1).Distinct().Count();
        if (above < MinimumPoints)
        {
            string counts = used.Count == 0 ? "none" : string.Join(", ", used.Select(p => ReportFormat.Count(p.Workers)).Distinct());
            why = $"{(above == 0 ? "no" : "only " + Word(above))} worker count{(above > 1 ? "s" : "")} above one up to the {cores} core{(cores == 1 ? "" : "s")} (measured at {counts}); "
                + $"two coefficients need at least {MinimumPoints} to fit and judge, so nothing is projected";
            return null;
        }

        // y = σ·a + κ·b with a = N − 1, b = N(N − 1)
        double saa = 0, sab = 0, sbb = 0, say = 0, sby = 0;
        foreach (var p in used)
        {
            double a = p.Workers - 1, b = p.Workers * (p.Workers - 1), y = (p.Workers / p.Speedup) - 1;
            saa += a * a;
            sab += a * b;
            sbb += b * b;
            say += a * y;
            sby += b * y;
        }
        double det = (saa * sbb) - (sab * sab);
        double sigma = det > 0 ? ((say * sbb) - (sby * sab)) / det : say / saa;
        double kappa = det > 0 ? ((sby * saa) - (say * sab)) / det : 0;
        if (kappa < 0)
        {
            kappa = 0;
            sigma = say / saa;
        }
        if (sigma < 0)
        {
            sigma = 0;
            kappa = Math.Max(0, sby / sbb);
        }

        double mean = used.Average(p => p.Speedup);
        double total = used.Sum(p => (p.Speedup - mean) * (p.Speedup - mean));
        var fit = new UslFit(sigma, kappa, 0, used);
        double residual = used.Sum(p => (p.Speedup - fit.Speedup(p.Workers)) * (p.Speedup - fit.Speedup(p.Workers)));
        why = null;
        return fit with { RSquared = total > 0 ? 1 - (residual / total) : 0 };
    }

    private static string Word(int n) => n switch { 1 => "one", 2 => "two", _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
