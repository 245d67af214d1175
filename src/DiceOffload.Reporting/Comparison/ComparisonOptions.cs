using System.Globalization;
using DiceOffload.ResultFiles;
using Perfolizer.Metrology;

namespace DiceOffload.Reporting.Comparison;

/// <summary>What the times of two runs are compared as.</summary>
public enum ComparisonMode
{
    /// <summary>Nanoseconds per operation: right when both runs had the same machine.</summary>
    Absolute,

    /// <summary>
    /// Each time divided by the median of its own run's reference case (<see cref="ComparisonOptions.ReferenceMethods"/>)
    /// with the same type and parameters, so a machine that is uniformly faster or slower does not show as a change.
    /// </summary>
    Ratio,
}

/// <summary>How strict a comparison is.</summary>
public sealed record ComparisonOptions
{
    /// <summary>
    /// The methods ratios are taken against, the first a class has: the study's baseline strategy, the loop on the
    /// calling thread; in WorkerStartup, which has no loop on the calling thread, the default worker form.
    /// </summary>
    public static IReadOnlyList<string> ReferenceMethods { get; } = [Experiments.Inline, Experiments.Dll];

    /// <summary>The reference methods as the messages name them: <c>Inline (or Dll)</c>.</summary>
    public static string ReferenceMethodText => $"{ReferenceMethods[0]} (or {string.Join(", ", ReferenceMethods.Skip(1))})";

    /// <param name="thresholdPercent">The smallest change, in percent of the baseline, that counts; smaller ones are Same.</param>
    /// <param name="alpha">The significance level of the Mann–Whitney tests, in (0, 1).</param>
    public ComparisonOptions(double thresholdPercent = 5, double alpha = 0.01, ComparisonMode mode = ComparisonMode.Absolute)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(thresholdPercent);
        if (!double.IsFinite(thresholdPercent))
            throw new ArgumentOutOfRangeException(nameof(thresholdPercent), thresholdPercent, "The threshold must be finite.");
        if (!(alpha > 0 && alpha < 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The significance level must be between 0 and 1.");
        ThresholdPercent = thresholdPercent;
        Alpha = alpha;
        Mode = mode;
    }

    public double ThresholdPercent { get; }

    public double Alpha { get; }

    public ComparisonMode Mode { get; }

    /// <summary>The threshold as Perfolizer takes it, e.g. <c>5%</c>.</summary>
    public Threshold Threshold => Threshold.Parse(ThresholdText);

    public string ThresholdText => ThresholdPercent.ToString("0.###", CultureInfo.InvariantCulture) + "%";

    /// <summary>Reads a threshold written as a percentage, such as <c>5%</c> or <c>2.5 %</c>.</summary>
    /// <remarks>Perfolizer would also take absolute thresholds such as <c>5ns</c>; they mean nothing for ratios or bytes, so they are refused.</remarks>
    public static bool TryParseThreshold(string text, out double percent)
    {
        percent = 0;
        string trimmed = (text ?? "").Trim();
        return trimmed.EndsWith('%')
            && double.TryParse(trimmed[..^1].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out percent)
            && double.IsFinite(percent)
            && Threshold.TryParse(trimmed, out _);
    }
}
