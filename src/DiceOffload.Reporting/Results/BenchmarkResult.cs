namespace DiceOffload.Reporting.Results;

/// <summary>One benchmark case from a BenchmarkDotNet full JSON export: what ran, and what it measured.</summary>
/// <remarks>
/// Times are nanoseconds per operation, taken from the export's raw measurements with iteration mode
/// <c>Workload</c> and stage <c>Result</c> (BenchmarkDotNet's own summary statistics come from the same
/// measurements). A case with no such measurements is <see cref="IsFailed">failed</see>: BenchmarkDotNet
/// still exports cases that did not build or threw, but with nothing measured.
/// </remarks>
public sealed class BenchmarkResult
{
    public BenchmarkResult(
        string fullName, string? @namespace, string type, string method, string parametersText,
        IReadOnlyList<BenchmarkParameter> parameters, IReadOnlyList<double> measurementsNs,
        ConfidenceIntervalNs? confidenceIntervalNs, long? bytesAllocatedPerOperation, string sourceFile)
    {
        FullName = fullName;
        Namespace = @namespace;
        Type = type;
        Method = method;
        ParametersText = parametersText;
        Parameters = parameters;
        MeasurementsNs = measurementsNs;
        ConfidenceIntervalNs = confidenceIntervalNs;
        BytesAllocatedPerOperation = bytesAllocatedPerOperation;
        SourceFile = sourceFile;
        if (measurementsNs.Count > 0)
        {
            MedianNs = Statistics.Median(measurementsNs);
            MedianIntervalNs = MedianInterval.Of(measurementsNs);
            MeanNs = measurementsNs.Average();
        }
    }

    /// <summary>BenchmarkDotNet's permanent id of the case: namespace, type, method and parameters, e.g. <c>Ns.Throughput.Inline(Throws: 1000)</c>.</summary>
    public string FullName { get; }

    public string? Namespace { get; }

    /// <summary>The benchmark class's name without its namespace (generic arguments written C#-style).</summary>
    public string Type { get; }

    public string Method { get; }

    /// <summary>The parameters as BenchmarkDotNet prints them, <c>Name=Value&amp;Name=Value</c>; empty when there are none.</summary>
    public string ParametersText { get; }

    /// <summary>The parameters in declaration order.</summary>
    public IReadOnlyList<BenchmarkParameter> Parameters { get; }

    /// <summary><see cref="FullName"/> without the namespace: short enough for a table, unique within a study.</summary>
    public string DisplayName => Namespace is { Length: > 0 } ns && FullName.StartsWith(ns + ".", StringComparison.Ordinal)
        ? FullName[(ns.Length + 1)..]
        : FullName;

    /// <summary>Nanoseconds per operation of each result iteration, in the order they ran.</summary>
    public IReadOnlyList<double> MeasurementsNs { get; }

    /// <summary>The launch (benchmark process, from 1) each of <see cref="MeasurementsNs"/> came from; empty when the
    /// export does not say, which reads as one launch.</summary>
    public IReadOnlyList<int> LaunchIndices { get; init; } = [];

    /// <summary>The measurements of each launch, in launch order: the unit of variation between processes.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Launches =>
        LaunchIndices.Count != MeasurementsNs.Count
            ? [MeasurementsNs]
            : [.. MeasurementsNs.Select((ns, i) => (ns, Launch: LaunchIndices[i])).GroupBy(m => m.Launch).OrderBy(g => g.Key)
                .Select(g => (IReadOnlyList<double>)[.. g.Select(m => m.ns)])];

    /// <summary>Median of <see cref="MeasurementsNs"/>; null when the case failed.</summary>
    public double? MedianNs { get; }

    /// <summary>Mean of <see cref="MeasurementsNs"/>; null when the case failed.</summary>
    public double? MeanNs { get; }

    /// <summary>BenchmarkDotNet's confidence interval of the mean, when the export has one.</summary>
    public ConfidenceIntervalNs? ConfidenceIntervalNs { get; }

    /// <summary>The confidence interval of <see cref="MedianNs"/>, from the measurements themselves; null when nothing was measured.</summary>
    public MedianInterval? MedianIntervalNs { get; }

    /// <summary>Managed bytes allocated per operation; null when the run had no memory diagnoser.</summary>
    public long? BytesAllocatedPerOperation { get; }

    public bool IsFailed => MeasurementsNs.Count == 0;

    /// <summary>The export file this case was read from.</summary>
    public string SourceFile { get; }

    /// <summary>The id of the BenchmarkDotNet job that measured it (<c>Study</c>, <c>Dry</c>, ...), from its display info; null when the export does not say.</summary>
    public string? Job { get; init; }

    /// <summary>The instruction sets the runtime accelerated for this case, as BenchmarkDotNet lists them (<c>AVX512 F+BW+CD+DQ+VL,AVX2+BMI1+…</c>); null when not exported.</summary>
    public string? HardwareIntrinsics { get; init; }

    /// <summary>
    /// This case as a case of another experiment that shares it: the same measurements under <paramref name="type"/>,
    /// without the parameter <paramref name="without"/> that experiment holds fixed; its full name still says where
    /// it was measured.
    /// </summary>
    public BenchmarkResult SharedWith(string type, string without)
    {
        BenchmarkParameter[] parameters = [.. Parameters.Where(p => p.Name != without)];
        return new BenchmarkResult(FullName, Namespace, type, Method, string.Join('&', parameters.Select(p => $"{p.Name}={p.Value}")), parameters,
            MeasurementsNs, ConfidenceIntervalNs, BytesAllocatedPerOperation, SourceFile)
        {
            LaunchIndices = LaunchIndices,
            Job = Job,
            HardwareIntrinsics = HardwareIntrinsics,
            SharedFrom = Type,
        };
    }

    /// <summary>The experiment that measured this case when another one shares it (<see cref="SharedWith"/>); null for its own.</summary>
    public string? SharedFrom { get; init; }

    public override string ToString() => FullName;
}

/// <summary>One <c>[Params]</c> or argument value of a benchmark case, as BenchmarkDotNet displays it.</summary>
public sealed record BenchmarkParameter(string Name, string Value);

/// <summary>A confidence interval of a mean time, in nanoseconds per operation.</summary>
/// <param name="Level">BenchmarkDotNet's name or number for the confidence level, as exported (e.g. <c>L999</c> or <c>12</c>).</param>
public sealed record ConfidenceIntervalNs(double LowerNs, double UpperNs, string? Level);
