using DiceOffload.Bench.Benchmarks;
using DiceOffload.Reporting.Results;
using DiceOffload.Tests.Report;

namespace DiceOffload.Tests.Benchmarks;

/// <summary>What a benchmark records reaches the report through a result file, not through BenchmarkDotNet's log.</summary>
public sealed class StudyRecordsTests : ReportTestBase
{
    [Fact]
    public async Task RecordPriority_FolderNamed_ReachesTheReportAndKeepsTheFirstValuePerSetting()
    {
        ReportFixtures.Write(Results);
        string scenarios = Path.Combine(Results, "scenarios");
        string? before = Environment.GetEnvironmentVariable(StudyRecords.FolderVariable);
        try
        {
            StudyRecords.RecordInto(scenarios);
            StudyRecords.RecordPriority("BenchmarkDotNet", "-11 ×7");
            StudyRecords.RecordPriority("Normal", "0 ×7");
            StudyRecords.RecordPriority("Normal", "5 ×7");
        }
        finally
        {
            Environment.SetEnvironmentVariable(StudyRecords.FolderVariable, before);
        }

        var record = ScenarioFiles.Read<PriorityRecord>(Path.Combine(scenarios, PriorityRecord.FileName));
        Assert.Equal("0 ×7", record.ThreadNiceValues["Normal"]);
        Assert.Contains("in their global setup: BenchmarkDotNet: -11 ×7; Normal: 0 ×7.", await ReportTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void RecordPriority_NoFolderNamed_WritesNothing()
    {
        string folder = Path.Combine(Temp.Path, "records");
        Directory.CreateDirectory(folder);
        string? before = Environment.GetEnvironmentVariable(StudyRecords.FolderVariable);
        try
        {
            StudyRecords.RecordInto(folder);
            Environment.SetEnvironmentVariable(StudyRecords.FolderVariable, null);
            StudyRecords.RecordPriority("Normal", "0 ×7");
        }
        finally
        {
            Environment.SetEnvironmentVariable(StudyRecords.FolderVariable, before);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void RecordInto_AnEarlierRunsRecord_IsReplacedNotKept()
    {
        string folder = Path.Combine(Temp.Path, "records");
        string? before = Environment.GetEnvironmentVariable(StudyRecords.FolderVariable);
        try
        {
            StudyRecords.RecordInto(folder);
            StudyRecords.RecordPriority("Normal", "5 ×7");
            StudyRecords.RecordInto(folder);
            StudyRecords.RecordPriority("Normal", "0 ×7");
        }
        finally
        {
            Environment.SetEnvironmentVariable(StudyRecords.FolderVariable, before);
        }

        Assert.Equal("0 ×7", ScenarioFiles.Read<PriorityRecord>(Path.Combine(folder, PriorityRecord.FileName)).ThreadNiceValues["Normal"]);
    }
}
