using DiceOffload.Reporting.Results;
using Perfolizer.Horology;
using Perfolizer.Mathematics.Common;
using Pragmastat.Metrology;

namespace DiceOffload.Reporting.Comparison;

/// <summary>Compares a current run with a baseline run, benchmark by benchmark, matched on BenchmarkDotNet's full name.</summary>
public static class RunComparer
{
    /// <summary>Why the two runs cannot be compared: a benchmark both hold was measured with different jobs in each (other
    /// iteration counts and times measure other things); null when they can. A run may hold several jobs, one per
    /// experiment (DynamicPgo has its own); benchmarks only one run holds do not decide.</summary>
    public static string? JobMismatch(BenchmarkRun baseline, BenchmarkRun current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        if (baseline.Jobs.Count == 0 || current.Jobs.Count == 0 || baseline.Jobs.SequenceEqual(current.Jobs))
            return null;
        var shared = current.Benchmarks.Select(c => (Current: c, Baseline: baseline.Find(c.FullName))).Where(p => p.Baseline is not null).ToList();
        if (shared.Count > 0 && shared.All(p => p.Baseline!.Job is null || p.Current.Job is null || string.Equals(p.Baseline.Job, p.Current.Job, StringComparison.Ordinal)))
            return null;
        return $"the baseline was measured with the job {string.Join(", ", baseline.Jobs)} and the current run with {string.Join(", ", current.Jobs)}; compare runs made with the same job.";
    }

    public static ComparisonReport Compare(BenchmarkRun baseline, BenchmarkRun current, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        var fullNames = baseline.Benchmarks.Select(b => b.FullName)
            .Union(current.Benchmarks.Select(b => b.FullName), StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var rows = fullNames.Select(name => Compare(baseline, current, baseline.Find(name), current.Find(name), options)).ToList();
        return new ComparisonReport(baseline, current, options, rows);
    }

    private static BenchmarkComparison Compare(BenchmarkRun baselineRun, BenchmarkRun currentRun, BenchmarkResult? baseline, BenchmarkResult? current, ComparisonOptions options)
    {
        var any = (baseline ?? current)!;
        var row = new BenchmarkComparison
        {
            FullName = any.FullName,
            DisplayName = any.DisplayName,
            Baseline = baseline,
            Current = current,
            TimeVerdict = TimeVerdict.Same,
        };
        // a failure outranks a missing partner: the reader has to hear about a benchmark that does not work
        if (baseline?.IsFailed == true || current?.IsFailed == true)
        {
            string which = baseline?.IsFailed == true && current?.IsFailed == true ? "both runs"
                : baseline?.IsFailed == true ? "the baseline run" + (current is null ? ", and it is not in the current run" : "")
                : "the current run" + (baseline is null ? ", and it is not in the baseline run" : "");
            return row with { TimeVerdict = TimeVerdict.Failed, Note = $"nothing measured in {which}" };
        }
        if (baseline is null)
            return row with { TimeVerdict = TimeVerdict.OnlyInCurrent, Note = "a new benchmark" };
        if (current is null)
            return row with { TimeVerdict = TimeVerdict.OnlyInBaseline, Note = "removed, renamed or filtered out of the current run" };

        row = CompareAllocations(row, baseline.BytesAllocatedPerOperation, current.BytesAllocatedPerOperation, options.ThresholdPercent);
        return options.Mode == ComparisonMode.Ratio
            ? CompareRatios(row, baselineRun, currentRun, baseline, current, options)
            : CompareTimes(row, baseline.MeasurementsNs, current.MeasurementsNs, TimeUnit.Nanosecond, options);
    }

    private static BenchmarkComparison CompareRatios(BenchmarkComparison row, BenchmarkRun baselineRun, BenchmarkRun currentRun, BenchmarkResult baseline, BenchmarkResult current, ComparisonOptions options)
    {
        if (IsReference(baselineRun, baseline))
            return row with { TimeVerdict = TimeVerdict.Reference, BaselineMedianRatio = 1, CurrentMedianRatio = 1, Note = "every ratio is taken against it" };
        double? baselineReferenceNs = ReferenceMedianNs(baselineRun, baseline);
        double? currentReferenceNs = ReferenceMedianNs(currentRun, current);
        if (baselineReferenceNs is not { } baseNs || currentReferenceNs is not { } curNs)
        {
            string which = baselineReferenceNs is null && currentReferenceNs is null ? "either run" : baselineReferenceNs is null ? "the baseline run" : "the current run";
            return row with { TimeVerdict = TimeVerdict.NoReference, Note = $"no measured {ComparisonOptions.ReferenceMethodText} case of {baseline.Type} with the same parameters in {which}" };
        }
        var compared = CompareTimes(row, [.. baseline.MeasurementsNs.Select(ns => ns / baseNs)], [.. current.MeasurementsNs.Select(ns => ns / curNs)], RatioUnit.Instance, options);
        return compared with { BaselineMedianRatio = baseline.MedianNs / baseNs, CurrentMedianRatio = current.MedianNs / curNs };
    }

    // The reference is the Inline case (in a class without one, the Dll case) of the same class with the same
    // parameters, in the same run: dividing by it cancels what the machine contributes to both.
    private static BenchmarkResult? Reference(BenchmarkRun run, BenchmarkResult result)
    {
        var sameCase = run.Benchmarks.Where(r => r.Type == result.Type && r.Namespace == result.Namespace && r.ParametersText == result.ParametersText).ToList();
        return ComparisonOptions.ReferenceMethods.Select(m => sameCase.FirstOrDefault(r => r.Method == m)).FirstOrDefault(r => r is not null);
    }

    private static bool IsReference(BenchmarkRun run, BenchmarkResult result) => ReferenceEquals(Reference(run, result), result);

    private static double? ReferenceMedianNs(BenchmarkRun run, BenchmarkResult result) =>
        Reference(run, result)?.MedianNs is > 0 and var medianNs ? medianNs : null;

    private static BenchmarkComparison CompareTimes(BenchmarkComparison row, IReadOnlyList<double> baseline, IReadOnlyList<double> current, MeasurementUnit unit, ComparisonOptions options)
    {
        double baselineMedian = Statistics.Median(baseline), currentMedian = Statistics.Median(current);
        double? changePercent = baselineMedian > 0 ? (currentMedian / baselineMedian - 1) * 100 : null;
        if (baseline.SequenceEqual(current))
            return row with { TimeVerdict = TimeVerdict.Same, ChangePercent = changePercent };

        // Compare(x, y): Greater means x exceeds y by more than the threshold, at the significance level (two-sided)
        var result = ShiftTest.Compare(current, baseline, options.Threshold, options.Alpha, unit);
        return result switch
        {
            ComparisonResult.Greater => row with { TimeVerdict = TimeVerdict.Slower, ChangePercent = changePercent },
            ComparisonResult.Lesser => row with { TimeVerdict = TimeVerdict.Faster, ChangePercent = changePercent },
            ComparisonResult.Indistinguishable => row with { TimeVerdict = TimeVerdict.Same, ChangePercent = changePercent },
            _ => row with { TimeVerdict = TimeVerdict.Unknown, ChangePercent = changePercent, Note = $"too few measurements to test ({baseline.Count} and {current.Count})" },
        };
    }

    private static BenchmarkComparison CompareAllocations(BenchmarkComparison row, long? baselineBytes, long? currentBytes, double thresholdPercent)
    {
        if (baselineBytes is not { } before || currentBytes is not { } after)
            return row with { AllocationVerdict = AllocationVerdict.NotMeasured };
        // allocations are counted, not sampled: no noise to test against, the threshold alone decides
        double limit = thresholdPercent / 100 * before;
        var verdict = after > before + limit ? AllocationVerdict.More
            : after < before - limit ? AllocationVerdict.Less
            : AllocationVerdict.Same;
        return row with
        {
            AllocationVerdict = verdict,
            AllocationChangePercent = before > 0 ? (after / (double)before - 1) * 100 : null,
        };
    }
}
