using System.CommandLine.Parsing;
using System.Globalization;

namespace DiceOffload.Bench.Commands;

/// <summary>Parses the whole numbers people type for job sizes: <c>100000000</c>, <c>100_000_000</c> and <c>1e8</c>.</summary>
internal static class CountParser
{
    public static bool TryParse(string text, out long value)
    {
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

    /// <summary>A System.CommandLine parser for a whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Func<ArgumentResult, long> Range(string option, long min, long max, string? extra = null) => result =>
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(t => t.Value));
        if (TryParse(text, out long value) && value >= min && value <= max)
            return value;
        string allowed = max == long.MaxValue ? $"a whole number of at least {min}" : $"a whole number from {min} to {max}";
        result.AddError($"{option} must be {allowed}{extra}; got '{text}'.");
        return min;
    };
}
