namespace DiceOffload.Reporting.Report.Sections;

/// <summary>The sections of report.md, in report order: the one place a section is added, moved or removed.</summary>
internal static class ReportSections
{
    public static IReadOnlyList<IReportSection> All { get; } =
    [
        new SummarySection(),
        new EnvironmentSection(),
        new MethodologySection(),
        new ThroughputSection(),
        new BreakEvenSection(),
        new KernelSection(),
        new DispatchSection(),
        new PgoSection(),
        new ScalingSection(),
        new MachinesSection(),
        new TransferSection(),
        new ResponsivenessSection(),
        new LoopWaitSection(),
        new RemediesSection(),
        new ServerSection(),
        new ServerRemediesSection(),
        new QuotaSection(),
        new NodeSection(),
        new RaceSection(),
        new PriorityEffectSection(),
        new RegressionSection(),
        new StrategiesSection(),
        new CaveatsSection(),
        // after every section that may leave a part out
        new MissingSection(),
        new ReproduceSection(),
    ];
}
