using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using DiceOffload.Bench.Cli;
using DiceOffload.Processes;
using DiceOffload.Server;

namespace DiceOffload.Bench.Commands;

/// <summary>
/// <c>serve</c>: the article's web server. <c>GET /roll</c> runs a dice job under a strategy, <c>GET /ping</c> answers at
/// once; with <c>--instances N</c>, a primary runs N such servers on one port and restarts any that dies.
/// </summary>
/// <remarks>Runs until Ctrl+C or SIGTERM: exit code 0. Bad input, or a port that cannot be had: exit code 2 and one line.</remarks>
internal static class ServeCommand
{
    public const int DefaultPort = 5000;

    private static readonly string[] SamplePoolArgument = ["--sample-pool"];

    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var port = new Option<int>("--port") { Description = "TCP port to listen on; 0 takes a free one (the first line says which)", HelpName = "port", DefaultValueFactory = _ => DefaultPort, CustomParser = ParsePort };
        var host = new Option<string>("--host") { Description = "IP address to listen on; 127.0.0.1 keeps the server to this machine", HelpName = "address", DefaultValueFactory = _ => "127.0.0.1", CustomParser = ParseHost };
        var maxThrows = new Option<long>("--max-throws") { Description = "the largest job /roll takes (larger: 400)", HelpName = "count", DefaultValueFactory = _ => 10_000_000_000, CustomParser = OptionParsers.Count("--max-throws", 1, long.MaxValue) };
        var maxJobs = new Option<long>("--max-jobs") { Description = "jobs that may run at once (one more: 429 with Retry-After); default: the number of cores", HelpName = "count", DefaultValueFactory = _ => Environment.ProcessorCount, CustomParser = OptionParsers.Count("--max-jobs", 1, 1024) };
        var queueJobs = new Option<long>("--queue-jobs") { Description = "jobs over --max-jobs that wait for a place, oldest first, rather than get 429; with --consumers, the consumers' queue (at least 1)", HelpName = "count", DefaultValueFactory = _ => 0, CustomParser = OptionParsers.Count("--queue-jobs", 0, 1024) };
        var consumers = new Option<long>("--consumers") { Description = "run /roll's jobs on this many dedicated threads of a hosted service reading a bounded queue, not on the request's pool thread; 0: on the request's thread", HelpName = "count", DefaultValueFactory = _ => 0, CustomParser = OptionParsers.Count("--consumers", 0, 256) };
        var minThreads = new Option<long>("--min-threads") { Description = "ThreadPool.SetMinThreads at start: the pool makes this many worker threads on demand before it injects more slowly; 0: the runtime's minimum (the number of cores)", HelpName = "count", DefaultValueFactory = _ => 0, CustomParser = OptionParsers.Count("--min-threads", 0, 32767) };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "stop a job that runs longer, its threads or processes with it, and answer 503 (e.g. 500ms, 30s, 2m)", HelpName = "duration", DefaultValueFactory = _ => TimeSpan.FromSeconds(30), CustomParser = OptionParsers.Duration("--timeout") };
        var instances = new Option<long?>("--instances") { Description = "run this many server processes on the port, restarting any that exits (the article's cluster)", HelpName = "count", CustomParser = result => OptionParsers.Count("--instances", 1, 256)(result) };
        var clusterChild = new Option<bool>("--cluster-child") { Description = "an instance of a cluster: share the port, exit when the primary closes stdin", Hidden = true };
        var exitWithStdin = new Option<bool>("--exit-with-stdin") { Description = "exit when stdin ends: the study's scenario starts serve so, to leave nothing behind when it dies", Hidden = true };
        var samplePool = new Option<bool>("--sample-pool") { Description = "sample the thread pool every 10 ms and answer the samples at GET /pool (the study's server scenario)", Hidden = true };

        var command = new Command("serve", "Run the article's web server: GET /roll?throws=1e8&strategy=thread runs a dice job, GET /ping answers at once; until Ctrl+C.")
        {
            port, host, maxThrows, maxJobs, queueJobs, consumers, minThreads, timeout, instances, clusterChild, samplePool, exitWithStdin,
        };
        command.SetAction(async (parsed, cancel) =>
        {
            var settings = new ServeSettings(parsed.GetValue(maxThrows), (int)parsed.GetValue(maxJobs), parsed.GetValue(timeout), SamplePool: parsed.GetValue(samplePool),
                QueueJobs: (int)parsed.GetValue(queueJobs), Consumers: (int)parsed.GetValue(consumers), MinThreads: (int)parsed.GetValue(minThreads));
            var address = IPAddress.Parse(parsed.GetValue(host)!);
            var writer = output ?? Console.Out;
            if (parsed.GetValue(exitWithStdin))
                Lifeline.ExitWhenParentCloses();
            try
            {
                if (parsed.GetValue(instances) is { } count)
                {
                    // each instance applies it; the primary refuses what they would
                    if (ServeHost.MinThreadsRefusal(settings.MinThreads) is { } refused)
                    {
                        await (error ?? Console.Error).WriteLineAsync($"--min-threads: {refused}");
                        return ExitCodes.BadInput;
                    }
                    string[] childArguments = ["serve", "--host", address.ToString(), "--max-throws", settings.MaxThrows.ToString(CultureInfo.InvariantCulture),
                        "--max-jobs", settings.MaxJobs.ToString(CultureInfo.InvariantCulture), "--queue-jobs", settings.QueueJobs.ToString(CultureInfo.InvariantCulture),
                        "--consumers", settings.Consumers.ToString(CultureInfo.InvariantCulture), "--min-threads", settings.MinThreads.ToString(CultureInfo.InvariantCulture), "--timeout", $"{settings.Timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms", "--cluster-child",
                        .. settings.SamplePool ? SamplePoolArgument : []];
                    await ServerCluster.ServeAsync(address, parsed.GetValue(port), (int)count, BenchProgram.Path, childArguments, writer, cancel);
                }
                else
                {
                    if (settings.MinThreads > 0 && ServeHost.TryApplyMinThreads(settings.MinThreads) is { } refusedHere)
                    {
                        await (error ?? Console.Error).WriteLineAsync($"--min-threads: {refusedHere}");
                        return ExitCodes.BadInput;
                    }
                    await ServeHost.ServeAsync(address, parsed.GetValue(port), settings, parsed.GetValue(clusterChild), writer, cancel);
                }
                return 0;
            }
            catch (PortUnavailableException ex)
            {
                await (error ?? Console.Error).WriteLineAsync($"--port: {ex.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    /// <summary>Parses <paramref name="args"/> (what follows <c>serve</c>) and runs it, as the program would.</summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken? stop = null) =>
        stop is { } token
            ? new RootCommand { Create(output, error) }.Parse(["serve", .. args]).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, token)
            : CommandRunner.InvokeAsync(new RootCommand { Create(output, error) }, ["serve", .. args], error);

    private static int ParsePort(ArgumentResult result)
    {
        string text = OptionParsers.Text(result);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535)
            return port;
        result.AddError($"--port must be a whole number from 0 to 65535; got '{text}'.");
        return DefaultPort;
    }

    private static string ParseHost(ArgumentResult result)
    {
        string text = OptionParsers.Text(result);
        if (IPAddress.TryParse(text, out _))
            return text;
        result.AddError($"--host must be an IP address, such as 127.0.0.1 or 0.0.0.0; got '{text}'.");
        return "127.0.0.1";
    }
}
