using System.Globalization;
using DiceOffload.Reporting.Report;
using Perfolizer.Horology;
using ScottPlot;

namespace DiceOffload.Reporting.Comparison;

/// <summary>Writes an <see cref="AbReport"/> for people: a text table for the console, markdown for a CI step summary, and the shift-against-noise chart.</summary>
public static class AbTable
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private const double MinHalfWidthPercent = 0.1;
    private static readonly string[] Headers = ["Benchmark", "Shift", "Interval", "Flags from", "Iterations ±", "Rounds ±", "Pairs ±", "Base median", "Head median", "Verdict"];

    public static void WriteText(AbReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(Explanation(report));
        writer.WriteLine();
        TextTable.Write(writer, Headers, Rows(report.Benchmarks), 0, 9);
        if (report.LeftOut.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Left out of the gate:");
            foreach (string line in report.LeftOut)
                writer.WriteLine("- " + line);
        }
        writer.WriteLine();
        writer.WriteLine(report.Summary());
    }

    /// <param name="chartPath">The chart's file, relative to the markdown's folder; null when there is none.</param>
    public static void WriteMarkdown(AbReport report, TextWriter writer, string? chartPath = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("## Benchmark A/B comparison");
        writer.WriteLine();
        writer.WriteLine(Explanation(report));
        writer.WriteLine();
        writer.WriteLine($"**{(report.HasRegressions ? "Regression" : "No regression")}.** {report.Summary()}");
        writer.WriteLine();
        if (chartPath is not null)
        {
            writer.WriteLine($"![Each benchmark's shift against the resolution of its interval]({chartPath})");
            writer.WriteLine();
        }
        writer.WriteLine("| " + string.Join(" | ", Headers) + " |");
        writer.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in Rows(report.Benchmarks))
            writer.WriteLine("| " + string.Join(" | ", row.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        if (report.LeftOut.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("**Left out of the gate:**");
            writer.WriteLine();
            foreach (string line in report.LeftOut)
                writer.WriteLine("- " + line);
        }
    }

    /// <summary>Draws each benchmark with a shift as a point: the half-width of its interval across (the resolution
    /// of this comparison for it), its shift up, with the threshold, half of it, and the diagonals beyond which the
    /// interval excludes no change; returns the file written, or null when no benchmark has a shift.</summary>
    public static string? WriteChart(AbReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        var points = report.Benchmarks.Where(b => b.Shift is not null).ToList();
        if (points.Count == 0)
            return null;
        var plot = ChartKit.NewPlot($"{report.Judged} of {report.Benchmarks.Count} judged at ±{report.Options.ThresholdText}: each shift against its interval's half-width",
            "Half-width of the interval (%), log scale", "Shift, head vs base (%)");
        double threshold = report.Options.ThresholdPercent;
        // half-widths span orders of magnitude: log10 across, from 0.1%
        static double X(double percent) => Math.Log10(Math.Max(MinHalfWidthPercent, percent));
        double xMax = Math.Max(threshold * 1.5, points.Max(b => b.Shift!.HalfWidthPercent) * 1.1);
        // above the diagonal the interval lies wholly above no change; a slowdown is flagged above both it and half the threshold
        double[] along = [.. Enumerable.Range(0, 101).Select(i => MinHalfWidthPercent * Math.Pow(xMax / MinHalfWidthPercent, i / 100.0))];
        foreach (int sign in new[] { 1, -1 })
        {
            var diagonal = plot.Add.ScatterLine(along.Select(X).ToArray(), along.Select(p => sign * p).ToArray(), Colors.Gray);
            diagonal.LinePattern = LinePattern.Dotted;
            if (sign > 0)
                diagonal.LegendText = "shift = half-width (beyond: interval excludes no change)";
            var line = plot.Add.HorizontalLine(sign * threshold / 2);
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.Gray;
            if (sign > 0)
                line.LegendText = $"half the threshold, ±{(threshold / 2).ToString("0.###", C)}%";
        }
        var judgeLimit = plot.Add.VerticalLine(X(threshold));
        judgeLimit.LinePattern = LinePattern.Dashed;
        judgeLimit.Color = Colors.Gray;
        judgeLimit.Text = "threshold";

        var groups = new (AbVerdict Verdict, string Label, Color Color)[]
        {
            (AbVerdict.Same, "same", ChartKit.SeriesColor(0)),
            (AbVerdict.Faster, "faster", ChartKit.SeriesColor(2)),
            (AbVerdict.Slower, "slower (regression)", ChartKit.SeriesColor(3)),
            (AbVerdict.TooNoisy, "too noisy to judge", Colors.Gray),
        };
        foreach (var (verdict, label, color) in groups)
        {
            var group = points.Where(b => b.Verdict == verdict).ToList();
            if (group.Count == 0)
                continue;
            // the shift's size as a factor (0.8 is 25% faster), signed, so that both sides read alike
            double[] xs = [.. group.Select(b => X(b.Shift!.HalfWidthPercent))], ys = [.. group.Select(b => Math.Sign(b.Shift!.Estimate - 1) * RatioShift.AbsolutePercent(b.Shift.Estimate))];
            var scatter = plot.Add.ScatterPoints(xs, ys);
            scatter.Color = color;
            scatter.MarkerSize = 7;
            scatter.LegendText = $"{label} ({group.Count})";
        }
        ChartKit.LogAxis(plot.Axes.Bottom);
        double yMax = Math.Max(threshold * 1.5, points.Max(b => RatioShift.AbsolutePercent(b.Shift!.Estimate)) * 1.2);
        plot.Axes.SetLimitsY(-yMax, yMax);
        plot.ShowLegend(Alignment.UpperLeft);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, ChartKit.Width, ChartKit.Height);
        return path;
    }

    private static string Explanation(AbReport report) => report.Pairing == AbPairing.Iterations ? PairedExplanation(report) : RoundsExplanation(report);

    private static string PairedExplanation(AbReport report) =>
        "Base (A) and head (B) measured on this machine in paired iterations: a process of each side holds the same benchmark set up, and their "
        + "iterations alternate (A B, then B A, …), so each of the head's iterations has one of the base's next to it, a fraction of a second apart. "
        + "A pair goes when either iteration is an upper outlier of its own side (Tukey's fences). Shift is the mean of ln(B / A) over the pairs where A ran first "
        + $"and over those where B ran first, averaged, with a Student interval at {(1 - report.Options.Alpha).ToString("0.###", C)} from the spread within each order; "
        + $"a benchmark is judged after {string.Join(" pairs, and if that does not decide it after ", report.Looks)} pairs, each look at alpha / {Math.Max(1, report.Looks.Count)}. "
        + $"It is slower when the interval lies wholly above no change and the shift is at least half the threshold ({(report.Options.ThresholdPercent / 2).ToString("0.###", C)}%); "
        + $"the same when the interval lies within ±{report.Options.ThresholdText}; otherwise too noisy to judge here. What is flagged is measured again in a new pair "
        + "of processes, and the verdict stands only where those flag it again. Flags from: the smallest slowdown it flags at least half the time at its noise. "
        + "Iterations ±: the spread of the base's iterations over the benchmark's measuring, drift included; pairs ±: what is left per side once each "
        + "iteration is compared with the other side's next to it.";

    private static string RoundsExplanation(AbReport report) =>
        $"Base (A) and head (B) measured on this machine in {report.BaseRounds}+{report.HeadRounds} interleaved rounds, A and B of each round "
        + "next to each other (A B, then B A, …). Shift is the mean over the rounds of the head's Hodges–Lehmann ratio to its paired base round, "
        + $"with a Student interval at {(1 - report.Options.Alpha).ToString("0.###", C)}. A benchmark is slower when the interval lies wholly above no change "
        + $"and the shift is at least half the threshold ({(report.Options.ThresholdPercent / 2).ToString("0.###", C)}%); the same when the interval lies within "
        + $"±{report.Options.ThresholdText}; otherwise too noisy to judge here. What the rounds flag is measured again in as many rounds of its own, "
        + "and the verdict stands only where those flag it again. Flags from: the smallest slowdown it flags at least half the time at its noise. "
        + "Iterations, rounds and pairs ±: the spread between iterations of a round, between the base's rounds, and what is left per side once each round's "
        + "A and B are compared with each other.";

    private static List<string[]> Rows(IEnumerable<AbBenchmark> benchmarks) =>
        [.. benchmarks.Select(b => new[]
        {
            b.DisplayName,
            b.Shift is { } s ? TextTable.SignedPercent(s.Percent) : "",
            b.Shift is { } i ? i.IntervalText : "",
            b.DetectablePercent is { } d ? "+" + d.ToString("0.0", C) + "%" : "",
            b.Noise is { } n1 ? n1.IterationPercent.ToString("0.0", C) + "%" : "",
            b.Noise is { RoundPercent: var round } && double.IsFinite(round) ? round.ToString("0.0", C) + "%" : "",
            b.Noise is { } n3 ? n3.PairPercent.ToString("0.0", C) + "%" : "",
            Median(b.BaseNs, b),
            Median(b.HeadNs, b),
            Verdict(b),
        })];

    private static string Median(IReadOnlyList<double> values, AbBenchmark row)
    {
        if (values.Count == 0)
            return "";
        double[] both = [.. new[] { row.BaseNs, row.HeadNs }.Where(v => v.Count > 0).Select(v => Results.Statistics.Median(v))];
        var unit = TimeUnit.GetBestTimeUnit(both);
        return TimeUnit.Convert(Results.Statistics.Median(values), TimeUnit.Nanosecond, unit).ToString("N2", C) + " " + unit.Abbreviation;
    }

    private static string Verdict(AbBenchmark b)
    {
        string text = b.Verdict switch
        {
            AbVerdict.Same => "Same",
            AbVerdict.Slower => "Slower",
            AbVerdict.Faster => "Faster",
            AbVerdict.TooNoisy => "Too noisy to judge here",
            AbVerdict.Undecided => "Undecided",
            AbVerdict.OnlyInBase => "Only in base",
            AbVerdict.OnlyInHead => "Only in head",
            AbVerdict.Failed => "Failed",
            _ => b.Verdict.ToString(),
        };
        if (b.Note is { } note)
            text += ": " + note;
        return b.IsRegression ? text + " (REGRESSION)" : text;
    }
}
