namespace DiceOffload.ResultFiles;

/// <summary>
/// What the PriorityEffect benchmarks found in their global setup (<c>scenarios/priority.json</c>, version 1):
/// the nice values of the benchmark process's threads under each value of its Priority parameter,
/// e.g. <c>BenchmarkDotNet</c> → <c>-11 ×7</c> and <c>Normal</c> → <c>0 ×7</c> (Linux; elsewhere the process priority class).
/// </summary>
public sealed record PriorityRecord(int SchemaVersion, IReadOnlyDictionary<string, string> ThreadNiceValues);
