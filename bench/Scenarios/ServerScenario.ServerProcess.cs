using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

using DiceOffload.Bench.Cli;
using DiceOffload.Cgroups;
using DiceOffload.Processes;
using DiceOffload.Server;

namespace DiceOffload.Bench.Scenarios;

/// <summary>The server scenario's server: one <c>serve</c> process of this program, started and stopped.</summary>
internal static partial class ServerScenario
{
    /// <summary>A <c>serve</c> process of this program (<see cref="BenchProgram"/>), its URL, and what it printed; killed with its workers on dispose.</summary>
    private sealed partial class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines;

        private ServerProcess(Process process, List<string> lines)
        {
            _process = process;
            _lines = lines;
        }

        public string Url { get; private set; } = "";

        /// <summary>The GC its listening line names: <c>server</c> or <c>workstation</c>.</summary>
        public string Gc { get; private set; } = "";

        /// <summary>What <c>Environment.ProcessorCount</c> says in the server, as its listening line gives it.</summary>
        public int ProcessorCount { get; private set; }

        /// <summary>The thread pool's minimum in the server, as its listening line gives it.</summary>
        public int MinThreads { get; private set; }

        /// <summary>How many "listening" lines the server (or its instances) has printed.</summary>
        public int ListeningLines { get { lock (_lines) return _lines.Count(l => l.Contains("serve: listening on", StringComparison.Ordinal)); } }

        /// <summary>The pids of a cluster's instances, in the order they started; the latest start per instance.</summary>
        public IReadOnlyList<int> InstancePids()
        {
            lock (_lines)
            {
                return [.. _lines.Select(l => Started().Match(l)).Where(m => m.Success)
                    .GroupBy(m => m.Groups["instance"].Value).Select(g => int.Parse(g.Last().Groups["pid"].Value, CultureInfo.InvariantCulture))];
            }
        }

        /// <param name="listening">How many "listening" lines mean the server is ready: one, or one per instance.</param>
        /// <param name="environment">Variables for the server besides the study's own.</param>
        /// <param name="group">A cgroup the server starts in; null: the study's own.</param>
        public static async Task<ServerProcess> StartAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, int listening = 1, IReadOnlyDictionary<string, string>? environment = null,
            QuotaGroup? group = null)
        {
            var lines = new List<string>();
            void OnLine(string line)
            {
                lock (lines)
                    lines.Add(line);
            }
            // stdin is its lifeline: if the study dies, the server (a cluster's primary, and through it its instances) exits
            string[] command = [.. arguments, "--exit-with-stdin"];
            Process process;
            if (group is null)
            {
                process = ServeProcess.Start(BenchProgram.Path, command, OnLine, environment);
            }
            else
            {
                var entered = group.Enter(WorkerLaunch.DotnetHostPath(), [BenchProgram.Path, .. command]);
                process = ServeProcess.Start(entered[0], entered.Skip(1), OnLine, environment);
            }
            var server = new ServerProcess(process, lines);
            var clock = Stopwatch.StartNew();
            while (server.ListeningLines < listening)
            {
                if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    await server.DisposeAsync();
                    string printed;
                    lock (server._lines)
                        printed = string.Join(" | ", server._lines);
                    throw new InvalidOperationException($"serve did not start listening: {printed}");
                }
                await Task.Delay(20, cancellationToken);
            }
            lock (server._lines)
            {
                string printed = string.Join("\n", server._lines);
                server.Url = UrlPattern().Match(printed).Groups["url"].Value;
                server.Gc = GcPattern().Match(printed).Groups["gc"].Value;
                server.ProcessorCount = ProcessorCountPattern().Match(printed) is { Success: true } count ? int.Parse(count.Groups["count"].Value, CultureInfo.InvariantCulture) : 0;
                server.MinThreads = MinThreadsPattern().Match(printed) is { Success: true } minimum ? int.Parse(minimum.Groups["minimum"].Value, CultureInfo.InvariantCulture) : 0;
            }
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                // the whole tree while it is still a tree (a cluster's instances, every server's workers); closing the
                // lifeline first could let the server exit and orphan them
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        [GeneratedRegex(@"(?<url>http://[0-9.]+:\d+)")]
        private static partial Regex UrlPattern();

        [GeneratedRegex(@"\b(?<gc>server|workstation) GC\b")]
        private static partial Regex GcPattern();

        [GeneratedRegex(@"\bProcessorCount (?<count>\d+)\b")]
        private static partial Regex ProcessorCountPattern();

        [GeneratedRegex(@"\bthread-pool minimum (?<minimum>\d+)\b")]
        private static partial Regex MinThreadsPattern();

        [GeneratedRegex(@"^serve: instance (?<instance>\d+) started \(pid (?<pid>\d+)\)\.")]
        private static partial Regex Started();
    }
}
