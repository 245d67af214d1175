using System.CommandLine.Parsing;
using System.Globalization;
using DiceOffload.Reporting.Comparison;

namespace DiceOffload.Bench.Cli;

/// <summary>The System.CommandLine parsers of the options several commands share: counts, durations, thresholds and alpha.</summary>
/// <remarks>Each names its option and what it allows in the one line that bad input prints.</remarks>
internal static class OptionParsers
{
    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], written as <see cref="CountParser"/> reads it (<c>1e8</c>, <c>100_000_000</c>).</summary>
    public static Func<ArgumentResult, long> Count(string option, long min, long max, string? extra = null) => result =>
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : Text(result);
        if (CountParser.TryParse(text, out long value) && value >= min && value <= max)
            return value;
        string allowed = max == long.MaxValue ? $"a whole number of at least {min}" : $"a whole number from {min} to {max}";
        result.AddError($"{option} must be {allowed}{extra}; got '{text}'.");
        return min;
    };

    /// <summary>A positive duration of at most a day: <c>500ms</c>, <c>2s</c>, <c>1m</c>, or seconds.</summary>
    public static Func<ArgumentResult, TimeSpan> Duration(string option) => result =>
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1),
            _ when text.EndsWith('m') => (text[..^1], 60),
            _ => (text, 1),
        };
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && value * scale <= 86_400)
            return TimeSpan.FromSeconds(value * scale);
        result.AddError($"{option} must be a positive duration of at most a day, such as 500ms, 2s or 1m; got '{text}'.");
        return TimeSpan.Zero;
    };

    /// <summary><c>--threshold</c>: a percentage of at least 0% (<see cref="ComparisonOptions.TryParseThreshold"/>), kept as typed.</summary>
    public static string Threshold(ArgumentResult result)
    {
        string text = Text(result);
        if (!ComparisonOptions.TryParseThreshold(text, out _))
            result.AddError($"--threshold must be a percentage of at least 0%, such as 5% or 2.5%; got '{text}'.");
        return text;
    }

    /// <summary><c>--alpha</c>: a significance level strictly between 0 and 1.</summary>
    public static double Alpha(ArgumentResult result)
    {
        string text = Text(result);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double alpha) && alpha > 0 && alpha < 1)
            return alpha;
        result.AddError($"--alpha must be a significance level between 0 and 1 (exclusive), such as 0.01; got '{text}'.");
        return 0.01;
    }

    /// <summary>An option's tokens as the user wrote them, for its parser and its error message.</summary>
    public static string Text(ArgumentResult result) => string.Join(' ', result.Tokens.Select(t => t.Value));
}
