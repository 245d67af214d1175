using System.Globalization;

namespace DiceOffload.Reporting.Report;

/// <summary>One unit of time for a whole chart or table, so that values compare at a glance.</summary>
/// <remarks>Named apart from Perfolizer's <c>TimeUnit</c>, which the comparison code uses beside it.</remarks>
public sealed record DisplayUnit(string Symbol, double Nanoseconds)
{
    private static readonly DisplayUnit[] Units = [new("ns", 1), new("μs", 1e3), new("ms", 1e6), new("s", 1e9)];

    /// <summary>The largest unit in which the median of <paramref name="valuesNs"/> is at least 1.</summary>
    public static DisplayUnit For(IEnumerable<double> valuesNs)
    {
        var sorted = valuesNs.Where(v => v > 0).Order().ToArray();
        if (sorted.Length == 0)
            return Units[0];
        double typical = sorted[sorted.Length / 2];
        return Units.Last(u => u.Nanoseconds <= typical || u == Units[0]);
    }

    /// <summary>One value in the unit that suits it alone, for sentences: <c>253 ns</c>, <c>22.9 ms</c>.</summary>
    public static string FormatAlone(double nanoseconds) => For([nanoseconds]).Format(nanoseconds);

    public double From(double nanoseconds) => nanoseconds / Nanoseconds;

    /// <summary>Three significant figures, invariant culture, with the symbol: <c>135 ms</c>, <c>2.61 s</c>, <c>0.0412 ms</c>.</summary>
    public string Format(double nanoseconds) => $"{Number(From(nanoseconds))} {Symbol}";

    /// <summary>Three significant figures, thousands separated, invariant culture.</summary>
    public static string Number(double value)
    {
        if (value == 0 || double.IsNaN(value) || double.IsInfinity(value))
            return value.ToString("0", CultureInfo.InvariantCulture);
        int digits = (int)Math.Floor(Math.Log10(Math.Abs(value))) + 1;
        int decimals = Math.Clamp(3 - digits, 0, 6);
        return Math.Round(value, decimals).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
