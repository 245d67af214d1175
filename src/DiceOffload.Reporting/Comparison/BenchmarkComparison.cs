using DiceOffload.Reporting.Results;

namespace DiceOffload.Reporting.Comparison;

/// <summary>What happened to a benchmark's time between the baseline and the current run.</summary>
public enum TimeVerdict
{
    /// <summary>No change beyond the threshold that the Mann–Whitney test could tell from noise.</summary>
    Same,
    /// <summary>Slower beyond the threshold, significantly: a regression.</summary>
    Slower,
    /// <summary>Faster beyond the threshold, significantly.</summary>
    Faster,
    /// <summary>Too few measurements for the test to decide.</summary>
    Unknown,
    /// <summary>In ratio mode, the reference method itself: its ratio is 1 by definition.</summary>
    Reference,
    /// <summary>In ratio mode, a run has no reference case with the same type and parameters to divide by.</summary>
    NoReference,
    OnlyInBaseline,
    OnlyInCurrent,
    /// <summary>Nothing was measured in at least one run; see <see cref="BenchmarkComparison.BaselineFailed"/> and <see cref="BenchmarkComparison.CurrentFailed"/>.</summary>
    Failed,
}

/// <summary>What happened to a benchmark's allocations between the baseline and the current run.</summary>
public enum AllocationVerdict
{
    /// <summary>A run had no memory diagnoser, or the case is not in both runs.</summary>
    NotMeasured,
    Same,
    /// <summary>More bytes per operation beyond the threshold (any at all after none): a regression.</summary>
    More,
    Less,
}

/// <summary>One benchmark of a comparison: its medians in both runs and the verdicts.</summary>
public sealed record BenchmarkComparison
{
    public required string FullName { get; init; }

    /// <summary>The full name without its namespace, for tables.</summary>
    public required string DisplayName { get; init; }

    public BenchmarkResult? Baseline { get; init; }

    public BenchmarkResult? Current { get; init; }

    public required TimeVerdict TimeVerdict { get; init; }

    public AllocationVerdict AllocationVerdict { get; init; }

    /// <summary>In ratio mode, the baseline run's median time as a multiple of its reference case's median.</summary>
    public double? BaselineMedianRatio { get; init; }

    public double? CurrentMedianRatio { get; init; }

    /// <summary>The change of the compared median (time, or ratio in ratio mode) in percent of the baseline's; positive is slower.</summary>
    public double? ChangePercent { get; init; }

    public double? AllocationChangePercent { get; init; }

    /// <summary>Why there is no time verdict, for the reader; null when there is one.</summary>
    public string? Note { get; init; }

    public double? BaselineMedianNs => Baseline?.MedianNs;

    public double? CurrentMedianNs => Current?.MedianNs;

    public bool BaselineFailed => Baseline?.IsFailed ?? false;

    public bool CurrentFailed => Current?.IsFailed ?? false;

    /// <summary>Slower, allocating more, or failing in the current run unless it failed in the baseline too.</summary>
    /// <remarks>A new benchmark that fails counts: a CI gate must not pass a run in which a benchmark does not work.</remarks>
    /// <summary>Whether a reader needs this row: a change either way, a failure, no partner, or no decision.</summary>
    public bool IsNotable => TimeVerdict is not (TimeVerdict.Same or TimeVerdict.Reference) || AllocationVerdict is AllocationVerdict.More or AllocationVerdict.Less;

    public bool IsRegression => TimeVerdict == TimeVerdict.Slower || AllocationVerdict == AllocationVerdict.More || (CurrentFailed && !BaselineFailed);
}
