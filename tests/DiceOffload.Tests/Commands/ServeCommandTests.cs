using System.Diagnostics;
using System.Text.RegularExpressions;
using DiceOffload.Bench.Commands;
using DiceOffload.Tests.Server;

namespace DiceOffload.Tests.Commands;

/// <summary>serve over a real socket on a free loopback port: one server, and a cluster that restarts a killed instance.</summary>
public sealed partial class ServeCommandTests : IDisposable
{
    private readonly StringWriter _text = new();
    private readonly TextWriter _output;
    private readonly StringWriter _error = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public ServeCommandTests() => _output = TextWriter.Synchronized(_text);

    public void Dispose()
    {
        _stop.Dispose();
        _http.Dispose();
        _output.Dispose();
        _error.Dispose();
    }

    private string Output { get { lock (_output) return _text.ToString(); } }

    // polls what serve printed until the pattern matches, for at most 30 s
    private async Task<Match> WaitForAsync(Regex pattern, int occurrences = 1)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var matches = pattern.Matches(Output);
            if (matches.Count >= occurrences)
                return matches[occurrences - 1];
            await Task.Delay(50);
        }
        throw new TimeoutException($"serve did not print /{pattern}/ {occurrences} time(s) in 30 s; it printed:\n{Output}\n{_error}");
    }

    [Fact]
    public async Task Serve_OnAFreePort_AnswersPingAndRollOverTcp_AndStopsOnCancel()
    {
        var serve = ServeCommand.InvokeAsync(["--port", "0"], _output, _error, _stop.Token);
        string url = (await WaitForAsync(Listening())).Groups["url"].Value;

        Assert.Equal("pong\n", await _http.GetStringAsync(new Uri(url + "/ping")));
        string roll = await _http.GetStringAsync(new Uri(url + "/roll?throws=1e5&strategy=thread-pool&workers=2"));
        Assert.Contains("\"throws\":100000", roll, StringComparison.Ordinal);

        await _stop.CancelAsync();
        Assert.Equal(0, await serve);
        Assert.Contains("serve: stopping.", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_Remedies_AreSaidInTheListeningLine_AndTheConsumersRunTheJobs()
    {
        // one above the pool's minimum, so that the line shows the option took effect; restored afterwards
        ThreadPool.GetMinThreads(out int minimum, out int io);
        try
        {
            var serve = ServeCommand.InvokeAsync(["--port", "0", "--consumers", "2", "--queue-jobs", "3", "--min-threads", (minimum + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)], _output, _error, _stop.Token);
            string url = (await WaitForAsync(Listening())).Groups["url"].Value;

            Assert.Matches($@"serve: listening on http://\S+ \(pid \d+, ProcessorCount \d+, (workstation|server) GC, thread-pool minimum {minimum + 1}, jobs on 2 consumer thread\(s\)\)", Output);
            string roll = await _http.GetStringAsync(new Uri(url + "/roll?throws=1e5&strategy=inline"));
            Assert.Contains("\"throws\":100000", roll, StringComparison.Ordinal);
            await _stop.CancelAsync();
            Assert.Equal(0, await serve);
            // the consumers are joined before the server's stop returns; a thread's entry may linger a moment after it ends
            for (int i = 0; i < 100 && ThreadNames.Count("job consumer") > 0; i++)
                await Task.Delay(50);
            Assert.Equal(0, ThreadNames.Count("job consumer"));
        }
        finally
        {
            ThreadPool.SetMinThreads(minimum, io);
        }
    }

    [Fact]
    public async Task Serve_PortInUse_ExitsTwoWithOneLine()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        Assert.Equal(2, await ServeCommand.InvokeAsync(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], _output, _error, _stop.Token));

        Assert.StartsWith("--port: cannot listen on 127.0.0.1:", _error.ToString(), StringComparison.Ordinal);
        Assert.Single(_error.ToString().TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("--port", "70000", "--port must be a whole number from 0 to 65535")]
    [InlineData("--host", "localhost", "--host must be an IP address")]
    [InlineData("--timeout", "0s", "--timeout must be a positive duration")]
    [InlineData("--max-jobs", "0", "--max-jobs must be a whole number from 1")]
    [InlineData("--instances", "0", "--instances must be a whole number from 1")]
    [InlineData("--queue-jobs", "-1", "--queue-jobs must be a whole number from 0")]
    [InlineData("--consumers", "many", "--consumers must be a whole number from 0")]
    [InlineData("--min-threads", "40000", "--min-threads must be a whole number from 0")]
    public async Task Serve_BadOption_ExitsTwoWithOneLine(string option, string value, string expected)
    {
        Assert.Equal(2, await ServeCommand.InvokeAsync([option, value], _output, _error));

        Assert.StartsWith(expected, _error.ToString(), StringComparison.Ordinal);
        Assert.Single(_error.ToString().TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Cluster_RestartsAKilledInstance_AndStopsThemAll()
    {
        var serve = ServeCommand.InvokeAsync(["--instances", "2", "--port", "0"], _output, _error, _stop.Token);
        string url = (await WaitForAsync(Primary())).Groups["url"].Value;
        await WaitForAsync(InstanceListening(), occurrences: 2);
        int victim = int.Parse((await WaitForAsync(Started(1))).Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture);

        Process.GetProcessById(victim).Kill();   // SIGKILL, as the drill does
        await WaitForAsync(Restarted(1, victim));
        int replacement = int.Parse((await WaitForAsync(Started(1), occurrences: 2)).Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture);
        await WaitForAsync(InstanceListening(), occurrences: 3);
        Assert.Equal("pong\n", await _http.GetStringAsync(new Uri(url + "/ping")));

        int other = int.Parse((await WaitForAsync(Started(2))).Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture);
        await _stop.CancelAsync();
        Assert.Equal(0, await serve);
        Assert.Contains("serve: all 2 instance(s) stopped.", Output, StringComparison.Ordinal);
        foreach (int pid in new[] { replacement, other })
            Assert.True(HasExited(pid), $"instance pid {pid} is still alive");
    }

    private static bool HasExited(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    [GeneratedRegex(@"^serve: listening on (?<url>http://[^ ]+) ", RegexOptions.Multiline)]
    private static partial Regex Listening();

    [GeneratedRegex(@"^serve: primary \(pid \d+\) runs \d+ instance\(s\) on (?<url>http://[^;]+);", RegexOptions.Multiline)]
    private static partial Regex Primary();

    [GeneratedRegex(@"^\[\d+\] serve: listening on ", RegexOptions.Multiline)]
    private static partial Regex InstanceListening();

    private static Regex Started(int instance) => new($@"^serve: instance {instance} started \(pid (?<pid>\d+)\)\.", RegexOptions.Multiline);

    private static Regex Restarted(int instance, int pid) => new($@"^serve: instance {instance} \(pid {pid}\) exited with code \d+ after [\d.]+ s; restarting in", RegexOptions.Multiline);
}
