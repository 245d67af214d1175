using System.Globalization;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report;

/// <summary>One run of the study and its claims: the published one, or a rerun kept for the stability check.</summary>
public sealed record ClaimRun(string Folder, DateTime? Date, IReadOnlyList<Claim> Claims);

/// <summary>One claim of the published run and what each rerun concluded on it (null where a rerun did not measure it).</summary>
public sealed record ClaimStability(Claim Published, IReadOnlyList<Claim?> Reruns)
{
    /// <summary>The runs that measured the claim, the published one included.</summary>
    public int Runs => 1 + Reruns.Count(r => r is not null);

    /// <summary>The runs that reached the published run's outcome, the published one included.</summary>
    public int Held => 1 + Reruns.Count(r => r?.Outcome == Published.Outcome);

    public bool HeldInAll => Held == Runs;

    /// <summary>The outcomes the other runs reached where they differ from the published one.</summary>
    public IEnumerable<string> OtherOutcomes => Reruns.OfType<Claim>().Select(r => r.Outcome).Where(o => o != Published.Outcome).Distinct(StringComparer.Ordinal);
}

/// <summary>
/// The stability check: reruns of the study kept under <c>results/stability/&lt;run&gt;/</c> (the <c>stability</c>
/// command writes them), each run's claims computed by the same code as the published run's, and for each claim
/// the number of runs in which it held.
/// </summary>
public static class Stability
{
    /// <summary>Every rerun under <paramref name="resultsFolder"/>'s stability folder that was measured with the
    /// published run's job, oldest first; a rerun that cannot be used becomes a sentence in <paramref name="problems"/>.</summary>
    public static IReadOnlyList<ClaimRun> LoadReruns(string resultsFolder, StudyResults published, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(problems);
        string folder = new RunLayout(resultsFolder).Stability;
        if (!Directory.Exists(folder))
            return [];
        var runs = new List<ClaimRun>();
        foreach (string runFolder in Directory.GetDirectories(folder).Where(d => !ResultsLayout.IsUnfinished(d)).Order(StringComparer.Ordinal))
        {
            StudyResults rerun;
            try
            {
                rerun = StudyResults.Load(runFolder);
            }
            catch (ResultFileException ex)
            {
                problems.Add($"the stability rerun in '{runFolder}' was left out: {ex.Message}");
                continue;
            }
            problems.AddRange(rerun.Problems.Select(p => $"the stability rerun in '{runFolder}': {p}"));
            if (Comparison.RunComparer.JobMismatch(published.Benchmarks, rerun.Benchmarks) is { } mismatch)
            {
                problems.Add($"the stability rerun in '{runFolder}' was left out: {mismatch}");
                continue;
            }
            runs.Add(new ClaimRun(runFolder, rerun.BenchmarkDate, Claims.Of(rerun)));
        }
        return [.. runs.OrderBy(r => r.Date ?? DateTime.MaxValue)];
    }

    /// <summary>Each claim of the published run with the reruns' outcomes on it.</summary>
    public static IReadOnlyList<ClaimStability> Of(IReadOnlyList<Claim> published, IReadOnlyList<ClaimRun> reruns)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(reruns);
        return [.. published.Select(claim => new ClaimStability(claim, [.. reruns.Select(r => r.Claims.FirstOrDefault(c => c.Id == claim.Id))]))];
    }

    /// <summary>What the summary appends to a sentence: nothing without reruns; else in how many runs its claims held, and what the others found.</summary>
    public static string Note(IEnumerable<ClaimStability> claims)
    {
        var list = claims.ToList();
        if (list.Count == 0 || list.All(c => c.Runs == 1))
            return "";
        if (list.All(c => c.HeldInAll))
            return $" Held in all {list.Max(c => c.Runs)} runs of the stability check.";
        // short: the methodology's stability table gives each run's outcome
        var shaky = list.Where(c => !c.HeldInAll).Select(c => $"{Short(c.Published)} in {c.Held} of {c.Runs}");
        return $" Not every part held in every run of the stability check: {string.Join(", ", shaky)} (the appendix's \"Every claim in every run\" has the other runs' outcomes).";
    }

    // a claim by the strategy it is about where its id names one (speedup:ThreadPool), else by its subject
    private static string Short(Claim claim)
    {
        string suffix = claim.Id[(claim.Id.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return DiceOffload.Strategies.StrategyCatalog.Find(suffix) is { } strategy ? strategy.Name : claim.Subject;
    }

    /// <summary>The run's date as the table shows it.</summary>
    public static string DateText(DateTime? date) => date?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "date unknown";
}
