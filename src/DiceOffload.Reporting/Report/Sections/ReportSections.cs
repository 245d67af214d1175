namespace DiceOffload.Reporting.Report.Sections;

/// <summary>The sections of report.md, in report order: the one place a section is added, moved or removed.</summary>
/// <remarks>The order is the order of a reader's questions: what to use, then make the work cheaper, keep the loop or
/// the server responsive, use every core, what a hand-off costs, processes and isolation, containers, then the method,
/// the machines and the checks; what only some readers need is in the appendix.</remarks>
internal static class ReportSections
{
    public static IReadOnlyList<IReportSection> All { get; } =
    [
        new TitleSection(),
        new DecisionGuideSection(),
        new SummarySection(),
        // make the work cheaper first
        new KernelSection(),
        // keep the loop or the server responsive
        new ResponsivenessSection(),
        new LoopWaitSection(),
        new RemediesSection(),
        new ServerSection(),
        new ServerRemediesSection(),
        // use every core
        new ThroughputSection(),
        new BreakEvenSection(),
        new ScalingSection(),
        // what a hand-off costs: dispatch with worker start-up and the floors, then results coming back
        new DispatchSection(),
        new TransferSection(),
        // processes and isolation
        new RaceSection(),
        // containers
        new QuotaSection(),
        // the method, the machines and the checks
        new EnvironmentSection(),
        new MethodologySection(),
        new MachinesSection(),
        new CaveatsSection(),
        new ReproduceSection(),
        // the appendix
        new AppendixSection(),
        new NodeSection(),
        new PgoSection(),
        new PriorityEffectSection(),
        new MachinesSection(appendix: true),
        new RegressionSection(),
        new StrategiesSection(),
        new AppendixTablesSection(),
        // after every section that may leave a part out
        new MissingSection(),
    ];
}
