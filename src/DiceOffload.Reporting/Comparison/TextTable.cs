using System.Globalization;

namespace DiceOffload.Reporting.Comparison;

/// <summary>What the comparison tables share: console columns and signed percentages.</summary>
internal static class TextTable
{
    /// <summary>Writes a header, a rule and the rows in padded columns: the columns in <paramref name="leftAligned"/>
    /// read left to right (names, verdicts), the figures line up on the right.</summary>
    public static void Write(TextWriter writer, string[] headers, IReadOnlyList<string[]> rows, params int[] leftAligned)
    {
        int[] widths = [.. headers.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max()))];
        string Line(string[] cells) => string.Join("  ", cells.Select((cell, i) => leftAligned.Contains(i) ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd();
        writer.WriteLine(Line(headers));
        writer.WriteLine(Line([.. widths.Select(w => new string('-', w))]));
        foreach (var row in rows)
            writer.WriteLine(Line(row));
    }

    /// <summary>A change in percent with its sign, to one decimal: <c>+4.2%</c>, <c>-0.3%</c>, <c>0.0%</c>.</summary>
    public static string SignedPercent(double percent)
    {
        double rounded = Math.Round(percent, 1);
        return rounded == 0 ? "0.0%" : (rounded > 0 ? "+" : "") + rounded.ToString("0.0", CultureInfo.InvariantCulture) + "%";
    }
}
