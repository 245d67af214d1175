namespace DiceOffload.Reporting.Report.Sections;

/// <summary>One part of report.md: its prose, its table and its chart, all computed from the result files.</summary>
internal interface IReportSection
{
    void Write(ReportContext report);
}
