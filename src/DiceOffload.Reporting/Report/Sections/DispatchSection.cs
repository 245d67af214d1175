using DiceOffload.Processes;
using DiceOffload.Reporting.Results;
using DiceOffload.ResultFiles;
using ScottPlot;

namespace DiceOffload.Reporting.Report.Sections;

/// <summary>What handing a one-throw job over costs under each strategy, and what starting the worker process
/// costs in each of its forms (the WorkerStartup benchmark).</summary>
internal sealed class DispatchSection : IReportSection
{
    public const string Title = "What a hand-off costs";

    private static readonly (string Method, string Name, string Command, string Form)[] WorkerForms =
    [
        (Experiments.Dll, "dotnet worker.dll", "`dotnet DiceOffload.Worker.dll`", MachineRecord.DllWorker),
        (Experiments.AppHost, "app host", "`DiceOffload.Worker` beside the .dll", "apphost"),
        (Experiments.Aot, "NativeAOT", "`artifacts/worker-aot/DiceOffload.Worker`", "aot"),
    ];

    public void Write(ReportContext report)
    {
        var text = report.Text;
        var cases = report.Experiment(Experiments.Dispatch);
        if (text.ExperimentHeading(Title, cases, c => Chart(report.Charts, c)))
        {
            var unit = DisplayUnit.For(cases.Select(c => c.MedianNs!.Value));
            if (cases.Method(Experiments.Inline) is { } inline)
            {
                text.Line($"The inline loop does the one throw in {unit.Format(inline.MedianNs!.Value)}; everything above that is the cost of handing the job over and getting the result back: "
                    + string.Join(", ", cases.Where(c => c.Method != Experiments.Inline).OrderBy(c => Cases.Rank(c.Method)).Select(c => $"{Cases.StrategyName(c.Method)} {unit.Format(c.MedianNs!.Value)}")) + ".");
                text.Line();
            }
            if (ReuseSaving(cases) is { } reuse)
            {
                text.Line(reuse);
                text.Line();
            }
            text.BenchmarkTable(cases);
        }
        WorkerStartup(text, report.Experiment(Experiments.WorkerStartup), cases, report.Results.Machine?.WorkerForm ?? MachineRecord.DllWorker);
        AgainstTheFloor(text, report.Results.Floors, cases, report.Experiment(Experiments.WorkerStartup));
    }

    /// <summary>A ratio above this is a gap whose cause the section names as unmeasured until a breakdown shows it.</summary>
    public const double WideGap = 3;

    /// <summary>
    /// Each hand-off beside the operating system's floor under it, from the floors the run measured: a dedicated
    /// thread against a thread's start and join, the pool against a thread's wake-up, the process pool against a pipe
    /// round trip (each wake-up floor the lower of its two placements, across two cores and on one: the least the
    /// operating system charges), a process per job (and each worker form) against the cheaper of fork + exec and posix_spawn.
    /// </summary>
    public static IReadOnlyList<(BenchmarkResult HandOff, string Label, Floor Floor)> Floored(FloorsResult floors, IReadOnlyList<BenchmarkResult> dispatch, IReadOnlyList<BenchmarkResult> startup)
    {
        var spawn = new[] { floors.Named(FloorsResult.PosixSpawnWait), floors.Named(FloorsResult.ForkExecWait) }.OfType<Floor>().MinBy(f => f.MedianNs);
        var rows = new List<(BenchmarkResult, string, Floor)>();
        void Add(BenchmarkResult? handOff, string label, Floor? floor)
        {
            if (handOff is { MedianNs: not null } && floor is not null)
                rows.Add((handOff, label, floor));
        }
        Add(dispatch.Method("Thread"), Cases.StrategyName("Thread"), floors.Named(FloorsResult.ThreadCreateJoin));
        Add(dispatch.Method("LongRunning"), Cases.StrategyName("LongRunning"), floors.Named(FloorsResult.ThreadCreateJoin));
        Add(dispatch.Method("ThreadPool"), Cases.StrategyName("ThreadPool"), floors.Lowest(FloorsResult.EventfdThreads));
        Add(dispatch.Method("ProcessPool"), Cases.StrategyName("ProcessPool"), floors.Lowest(FloorsResult.PipeRoundTrip));
        Add(dispatch.Method("Process"), Cases.StrategyName("Process"), spawn);
        Add(dispatch.Method("SharedMemory"), Cases.StrategyName("SharedMemory"), spawn);
        foreach (var (method, name, _, _) in WorkerForms)
            Add(startup.Method(method), $"worker start-up, {name}", spawn);
        return rows;
    }

    private static void AgainstTheFloor(MarkdownWriter text, FloorsResult? floors, IReadOnlyList<BenchmarkResult> dispatch, IReadOnlyList<BenchmarkResult> startup)
    {
        if (dispatch.Count == 0)
            return;
        text.Line("### Against the operating system's floor");
        text.Line();
        if (floors is null)
        {
            text.Line("This run did not measure the operating system's floors (no C compiler on the PATH, or a run from before the study measured them), so the hand-offs above stand without them.");
            text.Line();
            return;
        }
        text.Line($"What the operating system itself charges for the same hand-off, timed in the same run by `floors/floors.c` (built with `{floors.Compiler}`{(floors.Static ? "" : ", dynamically linked: no static C library here")}), with no .NET in the way. "
            + "The ratio is the hand-off's median over the floor's; parallel-for on one worker runs on the caller and has no floor.");
        text.Line();
        text.TableInAppendix("The operating system's floors", "What each floor times, with its interval and repetitions", table =>
        {
            table.Line("| floor | median (µs) | 99% interval (µs) | repetitions |");
            table.Line("| --- | ---: | ---: | ---: |");
            foreach (var floor in floors.Floors)
                table.Line($"| {floor.Name}: {floor.What} | {DisplayUnit.Number(floor.MedianNs / 1000)} | {DisplayUnit.Number(floor.LowerNs / 1000)} – {DisplayUnit.Number(floor.UpperNs / 1000)} | {floor.Repetitions:N0} |");
            table.Line();
        });
        var rows = Floored(floors, dispatch, startup);
        if (rows.Count == 0)
            return;
        text.Line("| hand-off | its median (µs) | floor under it | floor (µs) | ratio |");
        text.Line("| --- | ---: | --- | ---: | ---: |");
        foreach (var (handOff, label, floor) in rows)
            text.Line($"| {label} | {DisplayUnit.Number(handOff.MedianNs!.Value / 1000)} | {floor.Name} | {DisplayUnit.Number(floor.MedianNs / 1000)} | {ReportFormat.Ratio(handOff.MedianNs!.Value / floor.MedianNs)} |");
        text.Line();
        var below = rows.Where(r => r.HandOff.MedianNs!.Value < r.Floor.LowerNs).ToList();
        if (below.Count > 0)
        {
            text.Line($"Below the floor it is set beside: {string.Join(", ", below.Select(r => r.Label))}. That floor does not bound it: the hand-off did not pay a whole wake-up"
                + (below.Any(r => r.HandOff.Method != "ProcessPool") ? ", as when it finds a thread still awake from the last job (not broken down here)." : "."));
            text.Line();
        }
        if (rows.Any(r => r.HandOff.Method == "ProcessPool"))
        {
            text.Line($"The process pool's floor sleeps on both sides of the pipe; the pool does not when the jobs come back to back: its worker polls stdin for the next request for up to {DisplayUnit.FormatAlone(PoolProtocol.Spin.TotalNanoseconds)} after each answer, "
                + "and the pool polls for an answer it expects within that time (poll(2), never an awaited read, whose epoll thread would be woken by every answer).");
            text.Line();
        }
        var wide = rows.Where(r => r.HandOff.MedianNs!.Value / r.Floor.MedianNs > WideGap).Select(r => r.Label).ToList();
        if (wide.Count > 0)
        {
            text.Line($"Above {WideGap.ToString(System.Globalization.CultureInfo.InvariantCulture)}× its floor: {string.Join(", ", wide)}. "
                + "Where that time goes (runtime start-up, the JIT, the worker protocol's reads and writes, the wake-up path) has not been broken down by phase yet, so this report does not attribute it.");
            text.Line();
        }
    }

    /// <summary>What the pool's reuse of started workers saves over starting a process per job, from the Dispatch cases.</summary>
    public static string? ReuseSaving(IReadOnlyList<BenchmarkResult> dispatch)
    {
        if (Claims.Reuse(dispatch) is not { } cases)
            return null;
        var (pool, process) = cases;
        string ratio = Claims.Speedup(pool, process) is { } saving ? Claims.AsFast(saving, "as long") : $"{ReportFormat.Ratio(process.MedianNs!.Value / pool.MedianNs!.Value)} as long";
        return $"Reuse is what the process pool buys: its started worker takes a one-throw job and answers in {DisplayUnit.FormatAlone(pool.MedianNs!.Value)}, "
            + $"where starting a worker process for the job takes {DisplayUnit.FormatAlone(process.MedianNs!.Value)}: {ratio}.";
    }

    // the WorkerStartup benchmark: the same one-throw process job with the worker started in each of its forms
    /// <param name="workerForm">How the run's process strategies started their workers (the machine record's form).</param>
    private static void WorkerStartup(MarkdownWriter text, IReadOnlyList<BenchmarkResult> cases, IReadOnlyList<BenchmarkResult> dispatch, string workerForm)
    {
        if (cases.Count == 0)
            return;
        text.Line("### Worker start-up");
        text.Line();
        var used = WorkerForms.FirstOrDefault(f => f.Form == workerForm);
        text.Line($"In this run the process strategies (`process`, `shared-memory`, `process-pool`) started their worker as {(used.Method is null ? $"the program {workerForm}" : used.Command)}"
            + (used.Form == "aot" ? ", the NativeAOT build" : "")
            + ". The worker can start as `dotnet DiceOffload.Worker.dll`, as the executable the SDK builds beside the .dll (the app host) "
            + "or as a NativeAOT build, with no JIT at start-up. Each row is one worker process given a one-throw job, from its start to its histogram.");
        text.Line();
        var dll = cases.Method(Experiments.Dll);
        var unit = DisplayUnit.For(cases.Select(c => c.MedianNs!.Value));
        text.Line($"| worker form | started as | median ({unit.Symbol}) | {ReportFormat.IntervalLabel} ({unit.Symbol}) | ratio to `dotnet worker.dll` |");
        text.Line("| --- | --- | ---: | ---: | ---: |");
        foreach (var c in cases.OrderBy(c => Array.FindIndex(WorkerForms, f => f.Method == c.Method) is int i and >= 0 ? i : WorkerForms.Length).ThenBy(c => c.Method, StringComparer.Ordinal))
        {
            var (name, command) = WorkerForms.FirstOrDefault(f => f.Method == c.Method) is { Method: not null } form ? (form.Name, form.Command) : (c.Method, "");
            string ratio = dll is { MedianNs: { } dllNs } ? ReportFormat.Ratio(c.MedianNs!.Value / dllNs) : "n/a";
            text.Line($"| {name} | {command} | {DisplayUnit.Number(unit.From(c.MedianNs!.Value))} | {ReportFormat.Interval(c, unit)} | {ratio} |");
        }
        text.Line();
        // Dispatch.Process and the WorkerStartup case of the form it used do the same thing in two benchmark processes of the same run
        if (used.Method is not null && cases.Method(used.Method) is { MedianNs: { } sameNs } && dispatch.Method("Process") is { MedianNs: { } processNs })
        {
            text.Line($"`{used.Name}` here and `process` in the dispatch table start the same worker for the same one-throw job, in two benchmark processes of the same run: "
                + $"{DisplayUnit.FormatAlone(sameNs)} and {DisplayUnit.FormatAlone(processNs)}. The difference is how much process start-up varies from one benchmark process to the next on this machine; "
                + "read differences between process start-up figures smaller than that as noise.");
            text.Line();
        }
    }

    /// <summary>Bars on a log scale: what a one-throw job costs under each strategy.</summary>
    private static string? Chart(ChartKit charts, IReadOnlyList<BenchmarkResult> cases)
    {
        string[] methods = cases.Methods();
        if (methods.Length == 0)
            return null;
        var unit = DisplayUnit.For(cases.Select(c => c.MedianNs!.Value));
        var job = methods.Select((m, i) => (Position: (double)i, Case: cases.Method(m)!)).ToList();
        double floor = Math.Floor(job.Min(p => Math.Log10(unit.From(ChartKit.LowestNs(p.Case)))));

        var offloaded = job.Where(p => p.Case.Method != Experiments.Inline).Select(p => p.Case).OrderBy(c => c.MedianNs).ToList();
        string title = offloaded.Count < 2 ? "A one-throw job handed over to one worker"
            : $"Handing one throw over cost {DisplayUnit.FormatAlone(offloaded[0].MedianNs!.Value)} ({Cases.StrategyName(offloaded[0].Method)}) to {DisplayUnit.FormatAlone(offloaded[^1].MedianNs!.Value)} ({Cases.StrategyName(offloaded[^1].Method)})";
        using var plot = ChartKit.NewPlot(title, "strategy", $"median time ({unit.Symbol}), log scale, {ReportFormat.IntervalLabel}");
        ChartKit.AddBars(plot, job.Select(p => new Bar { Position = p.Position, ValueBase = floor, Value = Math.Log10(unit.From(p.Case.MedianNs!.Value)), FillColor = ChartKit.StrategyColor(p.Case.Method) }));
        ChartKit.AddErrorBars(plot, job, unit, log: true);

        ChartKit.LabelCategories(plot.Axes.Bottom, methods.Select(Cases.StrategyName));
        ChartKit.LogAxis(plot.Axes.Left);
        plot.Axes.Margins(bottom: 0);
        return charts.Save(plot, "dispatch.png");
    }
}
