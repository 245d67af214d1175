using System.Globalization;
using DiceOffload.ResultFiles;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>What each experiment measures and how, with the study's values (job sizes, worker counts, the heartbeat,
/// the dice and seed) taken from the result files; a value that no file holds is left out of its sentence.</summary>
internal sealed class MethodologySection : IReportSection
{
    private static readonly string[] SmallNumbers = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    public void Write(ReportContext report)
    {
        var text = report.Text;
        var results = report.Results;
        text.Line("## Methodology");
        text.Line();
        text.Line($"Every experiment throws {Dice(report)} and counts the sums; every strategy returns the bit-identical histogram, so the timings compare like with like.");
        text.Line();
        text.Line($"- **Throughput**: {ThroughputJobs(report)} under each strategy, {ThroughputWorkers(report)}.");
        text.Line($"- **Break-even**: {BreakEvenJobs(report)} on every core, to find from what size each strategy beats the inline loop.");
        text.Line("- **Dispatch overhead**: a one-throw job on one worker: what handing a job over and getting the result back costs.");
        text.Line($"- **Scaling**: the article's job {ScalingWorkers(report)}; speedup is the inline median over the strategy's median.");
        text.Line($"- **Transfer**: getting {TransferSizes(report)} back to the caller: copied in process, serialized over a pipe from a child process, or read in place from a shared map.");
        text.Line($"- **Responsiveness** (a scenario outside BenchmarkDotNet): {Heartbeat(report)} on an event-loop-like thread while the job runs; lateness is how long after its due time each tick ran.");
        text.Line("- **Race** (a scenario): every worker bumps one shared counter, without atomics, with `Interlocked`, and with one counter per worker.");
        text.Line();
        text.Line($"BenchmarkDotNet runs each benchmark class in its own process with the job {(results.Job is { } job ? $"`{job}`" : "recorded in its exports")}: warm-up iterations first (tiered JIT, thread pool growth), then a fixed number of measured iterations. "
            + $"The tables show the median of the measured iterations with its own confidence interval ({ReportFormat.IntervalLabel}: two order statistics chosen with the binomial distribution, with no assumption about the distribution); the charts draw it as whiskers. "
            + Launches(results.Job)
            + "The scenarios repeat each run after an unmeasured one and report medians of the repetitions (the responsiveness scenario pools their heartbeats for its percentiles).");
        text.Line();
        Verdicts(report);
        Health(report);
        text.Line("BenchmarkDotNet raises its benchmark process's priority; the study resets every thread to normal in each global setup, so that no strategy inherits it (the appendix's Priority effect measures what the reset changes).");
        text.Line();
        text.Line("Dynamic PGO is off in every program of the study, so that the caller and the workers run the same code; the appendix's \"With dynamic PGO on, as users run\" says why and measures what it changes.");
        Stability(report);
        text.Line();
    }

    // how "faster", "slower" and "not distinguishable" are decided, and the cases whose launches did not run alike
    private static void Verdicts(ReportContext report)
    {
        var text = report.Text;
        string alpha = Claims.Alpha.ToString(CultureInfo.InvariantCulture);
        string effect = Claims.MinimalEffectPercent.ToString(CultureInfo.InvariantCulture);
        text.Line($"Every \"faster\" and \"slower\" in this report is a test, not a comparison of medians: two one-sided Mann–Whitney tests (Perfolizer's p-values, exact for these sample sizes), each at α/2, so α = {alpha} in all, of a shift larger than {effect}%. "
            + "Where both cases ran in several launches large enough to be tested on their own, the same verdict must also hold between every launch of one and every launch of the other (an intersection–union test, whose level stays α): a difference that one process shows and the next does not is no difference between the strategies. "
            + "Where neither direction holds, the report says \"not distinguishable\"; where the samples are too small for any outcome to reach α, it says so. Each speedup is against the inline case of the same class and parameters: the Hodges–Lehmann ratio with its 99% interval in the summary and the Throughput and Kernel sections, the ratio of medians (no interval) in Scaling and for the other machines. Where the measurements of a case come from a single launch, the test treats them as independent, which they are not quite.");
        var measured = report.Results.Benchmarks.Benchmarks.Where(b => !b.IsFailed && b.Launches.Count > 1).ToList();
        if (measured.Count > 0)
        {
            var disagreeing = measured.Where(Claims.LaunchesDisagree).ToList();
            text.Line();
            text.Line(disagreeing.Count == 0
                ? $"In no case of the {measured.Count} did two launches differ by more than {effect}% (the same test between the launches of one case)."
                : $"In {disagreeing.Count} of {measured.Count} cases two launches differed by more than {effect}% (by the same test between the launches of one case; about {Math.Round(measured.Count * Claims.Alpha).ToString(CultureInfo.InvariantCulture)} would by chance), "
                    + string.Join(", ", disagreeing.Take(3).Select(b => $"`{b.DisplayName}`")) + (disagreeing.Count > 3 ? $" and {disagreeing.Count - 3} more" : "")
                    + ": pooled medians hide that spread, and the verdicts are the launch-by-launch ones.");
        }
        text.Line();
    }

    /// <summary>The drift the machine's own calibrations show beyond which a difference between classes can be a finding.</summary>
    public const double HealthDriftLimit = 0.05;

    // the machine's speed and the hypervisor's steal during the run, from the calibrations beside each class
    private static void Health(ReportContext report)
    {
        var text = report.Text;
        if (report.Results.Health is not { Checks.Count: > 0 } health)
        {
            text.Line("This run did not calibrate the machine beside its benchmark classes (runs record it in `scenarios/health.json`), so the machine's drift during the run is judged only from inline's own cases at different worker counts (the appendix's \"Parallel efficiency at all cores\").");
            text.Line();
            return;
        }
        var fastest = health.Checks.MinBy(c => c.NanosecondsPerThrow)!;
        var slowest = health.Checks.MaxBy(c => c.NanosecondsPerThrow)!;
        double drift = slowest.NanosecondsPerThrow / fastest.NanosecondsPerThrow - 1;
        string Ns(double ns) => ns.ToString("0.00", CultureInfo.InvariantCulture);
        var steals = health.Checks.Where(c => c.StealPercent is not null).Select(c => c.StealPercent!.Value).ToList();
        string steal = steals.Count == 0 ? "The hypervisor's steal time could not be read."
            : $"The hypervisor took {ReportFormat.Percent(steals.Max() / 100)} of the CPU time at most between two checks ({ReportFormat.Percent(steals.Average() / 100)} on average).";
        text.Line($"The study calibrated the machine {health.Checks.Count} times, before and after each benchmark class: the scalar loop on the study's thread took from {Ns(fastest.NanosecondsPerThrow)} ns a throw ({fastest.When} {fastest.Phase}) to {Ns(slowest.NanosecondsPerThrow)} ns ({slowest.When} {slowest.Phase}), {ReportFormat.Percent(drift)} apart. {steal} "
            + (drift > HealthDriftLimit
                ? $"The machine's speed moved by more than {ReportFormat.Percent(HealthDriftLimit)} during the run: a difference of that size between cases measured at different times (different classes, or a class and its rerun) may be the machine, not the strategies."
                : $"The machine's speed held within {ReportFormat.Percent(HealthDriftLimit)} across the run."));
        text.Line();
    }

    // BenchmarkDotNet prints the launch count in the job's settings when it is not the default of one
    private static string Launches(string? job) =>
        job is not null && System.Text.RegularExpressions.Regex.Match(job, @"LaunchCount=(\d+)") is { Success: true } match && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) > 1
            ? $"Each case ran in {Word(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))} separate benchmark processes (launches) and their measurements are pooled, so the intervals and the tests include the variation between processes, not only between the iterations of one. "
            : "Each case ran in one benchmark process, so the intervals hold the variation between its iterations only. ";

    // the summary's claims against the reruns of the stability check
    private static void Stability(ReportContext report)
    {
        var text = report.Text;
        text.Line();
        text.Line("### Stability of the summary");
        text.Line();
        if (report.Reruns.Count == 0)
        {
            text.Line($"The summary rests on this one run; no rerun of the study is under `{text.Relative(new RunLayout(report.Results.Folder).Stability)}/` (the `stability` command makes them), so no claim has been checked against another run.");
            return;
        }
        text.Line($"Every claim of the summary was recomputed, by the same code, from {Word(report.Reruns.Count)} further full run{(report.Reruns.Count == 1 ? "" : "s")} of the study at other times on the same machine (`{text.Relative(new RunLayout(report.Results.Folder).Stability)}/`). "
            + "A claim held in a run when that run reached the same outcome; the figures may differ between runs that agree. The summary and the guide say so wherever a claim did not hold in every run. "
            + $"{report.Claims.Count(c => c.HeldInAll)} of {report.Claims.Count} claims held in every run that measured them.");
        text.Line();
        var claims = report.Claims;
        var reruns = report.Reruns;
        var published = report.Results.BenchmarkDate;
        text.TableInAppendix("Every claim in every run", "Each claim, its outcome and figures in each run", table =>
        {
            string Header(ClaimRun run, int index) => $"run {index + 2} ({Report.Stability.DateText(run.Date)})";
            table.Line($"| claim | run 1, published ({Report.Stability.DateText(published)}) | {string.Join(" | ", reruns.Select(Header))} | held |");
            table.Line("| --- | --- |" + string.Concat(reruns.Select(_ => " --- |")) + " ---: |");
            foreach (var claim in claims)
            {
                static string Cell(Claim? c) => c is null ? "not measured" : ReportFormat.Cell(c.Figure.Length > 0 ? $"{c.Outcome}: {c.Figure}" : c.Outcome);
                table.Line($"| {ReportFormat.Cell(claim.Published.Subject)} | {Cell(claim.Published)} | {string.Join(" | ", claim.Reruns.Select(Cell))} | {claim.Held} of {claim.Runs} |");
            }
            table.Line();
        });
    }

    // the exports do not hold the dice or the seed; the responsiveness scenario records the ones the study uses
    private static string Dice(ReportContext report) => report.Results.Responsiveness is { } scenario
        ? $"{Word(scenario.Dice)} {Word(scenario.Sides)}-sided {(scenario.Dice == 1 ? "die" : "dice")} with seed {scenario.Seed.ToString(CultureInfo.InvariantCulture)}"
        : "dice with one fixed seed";

    // the largest job is the article's; the smaller ones show how the picture changes with size
    private static string ThroughputJobs(ReportContext report)
    {
        double[] throws = report.Experiment(Experiments.Throughput).Values(ExperimentParameters.Throws);
        if (throws.Length == 0)
            return "the article's job";
        string article = $"the article's job ({ReportFormat.Count(throws[^1])} throws)";
        return throws.Length switch
        {
            1 => article,
            2 => $"{article} and a {ReportFormat.Count(throws[0])}-throw job",
            _ => $"{article} and {JoinAnd(throws[..^1].Select(t => ReportFormat.Count(t) + "-"))}throw jobs",
        };
    }

    private static string ThroughputWorkers(ReportContext report)
    {
        double[] workers = report.Experiment(Experiments.Throughput).Values(ExperimentParameters.Workers);
        return workers.Length == 0 || workers.SequenceEqual([1, report.Cores])
            ? "on 1 worker (offload) and on every core (parallel)"
            : "on " + JoinAnd(workers.Select(w => w == 1 ? "1 worker (offload)" : $"{ReportFormat.Count(w)} workers"));
    }

    private static string BreakEvenJobs(ReportContext report)
    {
        double[] throws = report.Experiment(Experiments.BreakEven).Values(ExperimentParameters.Throws);
        if (throws.Length == 0)
            return "jobs of growing size";
        bool decades = throws.Length > 1 && throws.Zip(throws.Skip(1)).All(p => p.Second == p.First * 10);
        return $"jobs of {ReportFormat.Count(throws[0])} to {ReportFormat.Count(throws[^1])} throws{(decades ? " by decades" : "")}";
    }

    private static string ScalingWorkers(ReportContext report)
    {
        double[] workers = report.Experiment(Experiments.Scaling).Values(ExperimentParameters.Workers);
        if (workers.Length < 2)
            return workers.Length == 0 ? "on a growing number of workers" : $"on {ReportFormat.Workers((int)workers[0])}";
        string to = workers[^1] == 2 * report.Cores ? "twice the cores" : ReportFormat.Workers((int)workers[^1]);
        return $"from {ReportFormat.Workers((int)workers[0])} to {to}";
    }

    private static string TransferSizes(ReportContext report)
    {
        double[] sizes = report.Experiment(Experiments.Transfer).Values(ExperimentParameters.SizeBytes);
        return sizes.Length switch
        {
            0 => "a result of each size",
            1 => $"a result of {ReportFormat.Bytes(sizes[0])}",
            _ => $"a result of {ReportFormat.Bytes(sizes[0])} to {ReportFormat.Bytes(sizes[^1])}",
        };
    }

    private static string Heartbeat(ReportContext report) => report.Results.Responsiveness is { } scenario
        ? $"a {scenario.HeartbeatIntervalMs.ToString("0.###", CultureInfo.InvariantCulture)} ms heartbeat"
        : "a heartbeat";

    private static string Word(int number) =>
        number >= 0 && number < SmallNumbers.Length ? SmallNumbers[number] : number.ToString(CultureInfo.InvariantCulture);

    private static string JoinAnd(IEnumerable<string> parts)
    {
        string[] all = [.. parts];
        return all.Length < 2 ? string.Concat(all) : $"{string.Join(", ", all[..^1])} and {all[^1]}";
    }
}
