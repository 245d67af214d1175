using System.Globalization;
using System.Numerics;

namespace DiceOffload.Processes;

/// <summary>How the worker protocols spell numbers, and how they quote what they received in an error message.</summary>
public static class WireText
{
    public static string Number<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>Reads a number the way the protocols write one: decimal digits only, no sign, no leading zero.</summary>
    /// <remarks>One spelling per number, so that a frame that was not written by the protocol's writer is caught.</remarks>
    public static bool TryParseNumber<T>(ReadOnlySpan<char> text, out T value) where T : struct, IBinaryInteger<T>
    {
        value = default;
        return text.Length > 0 && (text.Length == 1 || text[0] != '0')
            && T.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Text from the other side, cut to a length that fits in an error message.</summary>
    public static string Shorten(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");
    }
}
