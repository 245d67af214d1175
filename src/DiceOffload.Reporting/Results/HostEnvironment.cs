using System.Globalization;

namespace DiceOffload.Reporting.Results;

/// <summary>The <c>HostEnvironmentInfo</c> block of an export: the machine and runtime a run measured.</summary>
public sealed class HostEnvironment
{
    public HostEnvironment(IReadOnlyList<KeyValuePair<string, string>> entries) => Entries = entries;

    /// <summary>Every plain value of the block in export order, formatted for a table (numbers invariant, booleans lower case).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries { get; }

    public string? BenchmarkDotNetVersion => this["BenchmarkDotNetVersion"];
    public string? OsVersion => this["OsVersion"];
    public string? ProcessorName => this["ProcessorName"];
    public string? RuntimeVersion => this["RuntimeVersion"];
    public string? Architecture => this["Architecture"];
    public string? Configuration => this["Configuration"];
    public string? DotNetSdkVersion => this["DotNetCliVersion"];
    public int? PhysicalCoreCount => Int("PhysicalCoreCount");
    public int? LogicalCoreCount => Int("LogicalCoreCount");
    public bool? HasAttachedDebugger => this["HasAttachedDebugger"] is { } text ? text == "true" : null;

    /// <summary>The value of <paramref name="name"/>, or null when the export does not have it.</summary>
    public string? this[string name] => Entries.FirstOrDefault(e => e.Key == name).Value;

    private int? Int(string name) =>
        int.TryParse(this[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null;
}
