namespace DiceOffload.ResultFiles;

/// <summary>
/// The Node.js article's own code measured on the same machine (<c>scenarios/node.json</c>, version 1), as
/// <c>node/bench.js</c> prints it: the article's <c>diceRun()</c> with <c>Math.random()</c>, inline, on
/// <c>worker_threads</c>, on <c>child_process.fork</c> and adding into a <c>SharedArrayBuffer</c>; times in milliseconds.
/// </summary>
/// <param name="Node">The <c>node --version</c> that ran it.</param>
/// <param name="Repetitions">Timed runs per figure, each after one warm-up run.</param>
/// <param name="Runs">The Throughput job sizes at 1 worker and at every core.</param>
/// <param name="BreakEven">The Break-even job sizes, each mode at every core (inline at 1).</param>
/// <param name="Heartbeats">The article's timer demo: a 1 ms <c>setInterval</c> while the job runs inline, then on one worker thread.</param>
/// <param name="Fits">Each mode's chi-square statistic on every throw it made, against the exact distribution; the program fails when one exceeds the 0.1% point shared out over the modes (Bonferroni).</param>
public sealed record NodeResult(
    int SchemaVersion,
    string Node,
    string? V8,
    int Cores,
    string? Cpu,
    DateTimeOffset StartedUtc,
    int Dice,
    int Sides,
    int Repetitions,
    IReadOnlyList<NodeRun> Runs,
    IReadOnlyList<NodeRun> BreakEven,
    IReadOnlyList<NodeHeartbeat> Heartbeats,
    IReadOnlyDictionary<string, double> Fits)
{
    public const int CurrentSchemaVersion = 1;
}

/// <summary>
/// One mode at one worker count and job size: the warm-up (cold) run, the median of the timed runs and their range.
/// Worker start-up is in every run, as the article runs it (a new <c>Worker</c> or fork per job).
/// </summary>
/// <param name="Mode"><c>inline</c>, <c>worker_threads</c>, <c>fork</c> or <c>shared-array-buffer</c>.</param>
/// <param name="ChiSquare">Pearson's statistic of the last run's histogram against the exact distribution, for information (the test that fails the program is on each mode's pooled throws, <see cref="NodeResult.Fits"/>); null for jobs too small to test.</param>
public sealed record NodeRun(string Mode, int Workers, long Throws, double ColdMs, double MedianMs, double MinMs, double MaxMs, IReadOnlyList<double> TimesMs, double? ChiSquare);

/// <summary>The timer demo: how late a 1 ms <c>setInterval</c> ran while the job ran <see cref="Where"/> (<c>inline</c> or <c>worker</c>), with missed beats filled in as the .NET scenario fills them.</summary>
public sealed record NodeHeartbeat(string Where, double IntervalMs, long Throws, double ElapsedMs, int Beats, int Samples, double P50LatenessMs, double P99LatenessMs, double MaxLatenessMs);
