using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DiceOffload.Bench.Cli;
using DiceOffload.Cgroups;
using DiceOffload.Strategies;
using DiceOffload.Processes;

namespace DiceOffload.Bench.Commands;

/// <summary><c>run</c>: runs strategies once on one job, prints each one's time and histogram, and says whether they agree.</summary>
internal static class RunCommand
{
    // the --worker values, in the order the help and the error name them
    private static readonly (string Name, WorkerForm Form)[] WorkerForms = [("dll", WorkerForm.Dll), ("apphost", WorkerForm.AppHost), ("aot", WorkerForm.Aot)];

    public static Command Create()
    {
        var strategy = new Option<string[]>("--strategy")
        {
            Description = $"all, or one or more of {string.Join(", ", StrategyCatalog.Names)}, separated by commas",
            DefaultValueFactory = _ => [.. StrategyCatalog.Names],
            CustomParser = ParseStrategies,
        };
        var throws = new Option<long>("--throws") { Description = "throws in the job (100000000, 100_000_000 and 1e8 are accepted)", DefaultValueFactory = _ => 100_000_000, CustomParser = OptionParsers.Count("--throws", 1, long.MaxValue, " (100000000, 100_000_000 and 1e8 are accepted)") };
        var dice = new Option<long>("--dice") { Description = "dice per throw", DefaultValueFactory = _ => 2, CustomParser = OptionParsers.Count("--dice", 1, DiceJob.MaxDice) };
        var sides = new Option<long>("--sides") { Description = "sides per die", DefaultValueFactory = _ => 6, CustomParser = OptionParsers.Count("--sides", 2, int.MaxValue / 2) };
        var seed = new Option<ulong>("--seed") { Description = "seed of the job's generators", DefaultValueFactory = _ => 42, CustomParser = ParseSeed };
        var workers = new Option<long>("--workers") { Description = "threads or processes per strategy (default: the number of cores)", DefaultValueFactory = _ => Environment.ProcessorCount, CustomParser = OptionParsers.Count("--workers", 1, 4096) };
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "stop a strategy that runs longer than this (e.g. 500ms, 2s, 1m)", CustomParser = ParseTimeout };
        var worker = new Option<WorkerForm?>("--worker")
        {
            Description = "how the process strategies start the worker: dll (dotnet DiceOffload.Worker.dll, the default), apphost (its executable), "
                + $"aot (the NativeAOT build: {WorkerLaunch.AotBuildCommand})",
            CustomParser = ParseWorker,
        };
        var kernel = new Option<DiceKernel>("--kernel")
        {
            Description = "the dice loop: scalar (one generator per chunk, the default) or vector (eight generators per chunk in SIMD lanes); each draws its own stream",
            DefaultValueFactory = _ => DiceKernel.Scalar,
            CustomParser = ParseKernel,
        };
        var repeat = new Option<long>("--repeat") { Description = "timed runs of each strategy after its first, cold one (1 to 1000)", DefaultValueFactory = _ => 3, CustomParser = OptionParsers.Count("--repeat", 1, 1000) };
        var json = new Option<bool>("--json") { Description = "print one JSON array instead of tables" };

        var command = new Command("run", "Run strategies on one job: the first (cold) run, then --repeat timed runs; print the times and the histogram, and say whether they agree.")
        {
            strategy, throws, dice, sides, seed, kernel, workers, timeout, worker, repeat, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            // checked here rather than in a validator: a validator also runs when one of the two options failed to parse
            long d = parsed.GetValue(dice), s = parsed.GetValue(sides);
            if (d * s > int.MaxValue / 2)
            {
                await Console.Error.WriteLineAsync($"--dice × --sides must be at most {int.MaxValue / 2} so that every sum fits; got {d} × {s}.");
                return ExitCodes.BadInput;
            }
            var job = new DiceJob(parsed.GetValue(throws), (int)d, (int)s, parsed.GetValue(seed), parsed.GetValue(kernel));
            WorkerLaunch? workerLaunch = null;
            if (parsed.GetValue(worker) is { } form)
            {
                try
                {
                    workerLaunch = WorkerLaunch.For(form);
                }
                catch (FileNotFoundException ex)
                {
                    await Console.Error.WriteLineAsync($"--worker {WorkerName(form)}: {ex.Message}");
                    return ExitCodes.BadInput;
                }
            }
            var settings = new RunSettings(job, (int)parsed.GetValue(workers), parsed.GetValue(timeout), workerLaunch, (int)parsed.GetValue(repeat));
            return await RunAsync(parsed.GetValue(strategy)!, settings, parsed.GetValue(json), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string[] names, RunSettings settings, bool json, CancellationToken cancellationToken)
    {
        var outcomes = new List<RunOutcome>();
        var quota = CpuQuotaReading.Current();
        if (!json)
            RunOutput.PrintHeading(settings, quota, names.Any(n => StrategyCatalog.Find(n) is { StartsWorkerProcesses: true }));
        try
        {
            foreach (string name in names)
            {
                var options = new StrategyOptions(settings.Worker, notice => Console.Error.WriteLine($"{name}: {notice}"));
                await using var strategy = StrategyCatalog.Create(name, options);
                var times = new List<double>();
                var throttling = new List<CpuStat?>();
                try
                {
                    await StartAsync(strategy, settings.Workers, json, cancellationToken);
                    DiceHistogram? first = null;
                    for (int i = 0; i <= settings.Repeat; i++)
                    {
                        var before = quota?.Stat();
                        var stopwatch = Stopwatch.StartNew();
                        var histogram = settings.Timeout is { } limit
                            ? await TimeLimit.RunAsync(strategy, settings.Job, settings.Workers, limit, cancellationToken)
                            : await strategy.RunAsync(settings.Job, settings.Workers, cancellationToken);
                        times.Add(stopwatch.Elapsed.TotalMilliseconds);
                        throttling.Add(before is null ? null : quota?.Stat()?.Since(before));
                        first ??= histogram;
                        if (!histogram.Equals(first))
                            throw new InvalidDataException($"run {i + 1} returned another histogram than the first run.");
                    }
                    outcomes.Add(new RunOutcome(name, times, first, null, throttling));
                }
                catch (Exception ex) when (ex is WorkerFailedException or TimeoutException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
                {
                    outcomes.Add(new RunOutcome(name, times, null, ex.Message, throttling));
                    await Console.Error.WriteLineAsync($"{name}: {ex.Message}");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("run: interrupted; every worker process was stopped and its temporary files deleted.");
            return 130;
        }

        var done = outcomes.Where(o => o.Histogram is not null).ToList();
        bool agree = done.All(o => o.Histogram!.Equals(done[0].Histogram));
        if (json)
            RunOutput.PrintJson(done, settings, quota);
        else
            RunOutput.PrintTables(outcomes, done, agree, settings, quota);
        return agree && done.Count == outcomes.Count ? 0 : 1;
    }

    /// <summary>Starts what the strategy keeps between jobs (the pool's workers) before the clock starts: reusing them is the point.</summary>
    private static async Task StartAsync(IDiceStrategy strategy, int workers, bool json, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        if (await strategy.StartAsync(workers, cancellationToken) is { } what && !json)
            Console.WriteLine($"{strategy.Name}: started {what} in {started.Elapsed.TotalMilliseconds.ToString("N1", CultureInfo.InvariantCulture)} ms, not counted below");
    }

    private static string[] ParseStrategies(System.CommandLine.Parsing.ArgumentResult result)
    {
        string text = string.Join(',', result.Tokens.Select(t => t.Value));
        string[] names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 1 && names[0] == "all")
            return [.. StrategyCatalog.Names];
        string? unknown = names.FirstOrDefault(n => !StrategyCatalog.Contains(n));
        if (names.Length == 0 || unknown is not null)
            result.AddError($"--strategy must be all, or one or more of {string.Join(", ", StrategyCatalog.Names)} separated by commas; got '{unknown ?? text}'.");
        return [.. names.Distinct()];
    }

    private static WorkerForm? ParseWorker(System.CommandLine.Parsing.ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        foreach (var (name, form) in WorkerForms)
        {
            if (name.Equals(text, StringComparison.OrdinalIgnoreCase))
                return form;
        }
        result.AddError($"--worker must be {string.Join(", ", WorkerForms[..^1].Select(w => w.Name))} or {WorkerForms[^1].Name}; got '{text}'.");
        return null;
    }

    private static DiceKernel ParseKernel(System.CommandLine.Parsing.ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        if (DiceKernels.TryParse(text.ToLowerInvariant(), out var kernel))
            return kernel;
        result.AddError($"--kernel must be {string.Join(" or ", DiceKernels.Names)}; got '{text}'.");
        return DiceKernel.Scalar;
    }

    private static string WorkerName(WorkerForm form) => WorkerForms.First(w => w.Form == form).Name;

    private static ulong ParseSeed(System.CommandLine.Parsing.ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (ulong.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
            return seed;
        result.AddError($"--seed must be a whole number from 0 to {ulong.MaxValue}; got '{text}'.");
        return 0;
    }

    private static TimeSpan? ParseTimeout(System.CommandLine.Parsing.ArgumentResult result) => OptionParsers.Duration("--timeout")(result);
}
