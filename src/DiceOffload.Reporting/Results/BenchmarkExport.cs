namespace DiceOffload.Reporting.Results;

/// <summary>One BenchmarkDotNet full JSON export file: usually one benchmark class.</summary>
public sealed record BenchmarkExport(string FilePath, string? Title, HostEnvironment? Environment, IReadOnlyList<BenchmarkResult> Benchmarks);
