using System.Globalization;

namespace DiceOffload;

/// <summary>Parses the whole numbers people type for job sizes: <c>100000000</c>, <c>100_000_000</c> and <c>1e8</c>.</summary>
/// <remarks>One syntax for the command line and the server's query string alike.</remarks>
public static class CountParser
{
    public static bool TryParse(string text, out long value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = 0;
        string digits = text.Replace("_", "", StringComparison.Ordinal).Trim();
        if (digits.Length == 0 || text.StartsWith('_') || text.EndsWith('_'))
            return false;
        if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            return true;
        // scientific notation must still name a whole number that fits a long
        if (!digits.Contains('e', StringComparison.OrdinalIgnoreCase)
            || !decimal.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal exact)
            || exact != decimal.Truncate(exact) || exact < long.MinValue || exact > long.MaxValue)
            return false;
        value = (long)exact;
        return true;
    }
}
