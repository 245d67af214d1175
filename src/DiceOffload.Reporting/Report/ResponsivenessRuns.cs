using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report;

/// <summary>The three parts of the responsiveness scenario's runs, as the report's sections read them.</summary>
internal static class ResponsivenessRuns
{
    public const string NoRemedy = "none";

    /// <summary>The responsiveness result when it is in the schema this report reads; null otherwise (the Responsiveness section says why).</summary>
    public static ResponsivenessResult? CurrentResponsiveness(this StudyResults results) =>
        results.Responsiveness is { SchemaVersion: ResponsivenessResult.CurrentSchemaVersion } result ? result : null;

    /// <summary>Every strategy with the loop's default wait and no remedy: the main table.</summary>
    public static IEnumerable<ResponsivenessRun> Plain(this ResponsivenessResult result) =>
        result.Runs.Where(r => r.Wait == result.DefaultWait && r.Remedy == NoRemedy);

    /// <summary>The runs of the wait dimension: one worker count, every wait, no remedy.</summary>
    public static IEnumerable<ResponsivenessRun> ByWait(this ResponsivenessResult result)
    {
        var otherWaits = result.Runs.Where(r => r.Wait != result.DefaultWait).ToList();
        var measured = otherWaits.Select(r => (r.Strategy, r.Workers)).ToHashSet();
        // the default wait's runs of the same strategies and worker counts stand beside the others
        return result.Plain().Where(r => measured.Contains((r.Strategy, r.Workers))).Concat(otherWaits);
    }

    /// <summary>The remedies' runs.</summary>
    public static IEnumerable<ResponsivenessRun> Remedies(this ResponsivenessResult result) =>
        result.Runs.Where(r => r.Remedy != NoRemedy);

    /// <summary>The plain run of a strategy at a worker count, the comparison point of its wait and remedy runs.</summary>
    public static ResponsivenessRun? PlainRun(this ResponsivenessResult result, string strategy, int workers) =>
        result.Plain().FirstOrDefault(r => r.Strategy == strategy && r.Workers == workers);

    /// <summary>Lateness in milliseconds, to the precision the heartbeat is measured with.</summary>
    public static string Ms(double ms) => DisplayUnit.Number(ms);
}
