using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DiceOffload.Bench.Cli;
using DiceOffload.Bench.Scenarios;
using DiceOffload.Strategies;

namespace DiceOffload.Bench.Commands;

/// <summary>
/// <c>demo</c>: the article's console demo. A timer on an event loop prints the time every second; the job runs on
/// that loop (the timer stops), then on a worker thread (the timer keeps going).
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        // a billion throws take a few seconds inline here, long enough to see the one-second timer stop
        var throws = new Option<long>("--throws") { Description = "throws in the job (default 1e9)", DefaultValueFactory = _ => 1_000_000_000, CustomParser = OptionParsers.Count("--throws", 1, long.MaxValue, " (1000000000, 1_000_000_000 and 1e9 are accepted)") };
        var command = new Command("demo", "Replay the article's demo: a one-second timer stops while the job runs inline and keeps going while it runs on a worker.") { throws };
        command.SetAction((parsed, cancellationToken) => RunAsync(new DiceJob(parsed.GetValue(throws), 2, 6, StudySeed.Value), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(DiceJob job, CancellationToken cancellationToken)
    {
        var c = CultureInfo.InvariantCulture;
        using var loop = new EventLoop(TimeSpan.FromSeconds(1), _ => Console.WriteLine($"timer {DateTime.Now.ToString("HH:mm:ss.fff", c)}"));
        Console.WriteLine($"The job: {job}. A timer on the event loop prints the time every second.");
        try
        {
            await Task.Delay(2_500, cancellationToken);
            await RunOnLoopAsync(loop, new InlineStrategy(), job, "on the event loop itself (inline): the timer stops until it is done", cancellationToken);
            await Task.Delay(2_500, cancellationToken);
            await RunOnLoopAsync(loop, new ThreadStrategy(), job, "on a worker thread: the timer keeps going", cancellationToken);
            await Task.Delay(1_500, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        return 0;
    }

    private static async Task RunOnLoopAsync(EventLoop loop, IDiceStrategy strategy, DiceJob job, string how, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Running the job {how}.");
        DiceHistogram? histogram = null;
        var stopwatch = Stopwatch.StartNew();
        await loop.RunAsync(async () => histogram = await strategy.RunAsync(job, 1, cancellationToken));
        double elapsedMs = stopwatch.Elapsed.TotalMilliseconds;
        Console.WriteLine("┌─────┬───────────────┐");
        Console.WriteLine("│ sum │ count         │");
        Console.WriteLine("├─────┼───────────────┤");
        foreach (var (sum, count) in histogram!.Bins())
            Console.WriteLine($"│ {sum,3} │ {count.ToString("N0", CultureInfo.InvariantCulture),13} │");
        Console.WriteLine("└─────┴───────────────┘");
        Console.WriteLine($"processing time ({strategy.Name}): {elapsedMs.ToString("N0", CultureInfo.InvariantCulture)} ms");
    }
}
