using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DiceOffload.Processes;

namespace DiceOffload.Server;

/// <summary>
/// The article's cluster and PM2 in one: a primary that starts N server processes sharing one port (SO_REUSEPORT, so
/// the kernel spreads the connections), logs each start, restarts an instance that exits or is killed, with back-off,
/// and stops them all when it is stopped.
/// </summary>
/// <remarks>Each instance holds the primary's end of a pipe as its stdin (<see cref="Lifeline"/>): when the primary
/// dies, even by SIGKILL, the instances see end-of-file and exit, and their worker processes with them.</remarks>
/// <param name="program">What each instance runs (<see cref="ServeProcess.Start"/>): a program whose <c>serve</c> takes <paramref name="childArguments"/>.</param>
public sealed class ServerCluster(int instances, string program, IReadOnlyList<string> childArguments, TextWriter log)
{
    /// <summary>The first wait before a restart; it doubles while an instance keeps dying young, up to <see cref="MaxBackOff"/>.</summary>
    public static readonly TimeSpan FirstBackOff = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(8);

    // an instance that lived this long was healthy: its next restart waits the first back-off again
    private static readonly TimeSpan Healthy = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();

    /// <summary>Linux socket options (SOL_SOCKET, SO_REUSEPORT): several listening sockets on one port, the kernel spreading connections over them.</summary>
    public static void AllowPortSharing(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        const int SolSocket = 1, SoReusePort = 15;
        socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
    }

    /// <summary>A bound, port-sharing socket that does not listen: it holds the port for the instances (a port of 0 gets a free one) and takes no connection.</summary>
    public static Socket ReservePort(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            AllowPortSharing(socket);
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Holds <paramref name="port"/> for the instances (0: a free one), says where on <paramref name="log"/>, and
    /// runs <paramref name="instances"/> of <paramref name="program"/> there until <paramref name="stop"/> is cancelled.</summary>
    /// <param name="childArguments">What each instance is given; <c>--port</c> and the port held are added.</param>
    /// <exception cref="PortUnavailableException">The port cannot be had; no instance was started.</exception>
    public static async Task ServeAsync(IPAddress address, int port, int instances, string program, IReadOnlyList<string> childArguments, TextWriter log, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(log);
        Socket reservation;
        try
        {
            reservation = ReservePort(address, port);
        }
        catch (SocketException ex)
        {
            throw new PortUnavailableException($"{address}:{port} cannot be had: {ex.Message}", ex);
        }
        using (reservation)
        {
            int actual = ((IPEndPoint)reservation.LocalEndPoint!).Port;
            await log.WriteLineAsync($"serve: primary (pid {Environment.ProcessId}) runs {instances} instance(s) on http://{address}:{actual}; Ctrl+C stops them all.");
            await new ServerCluster(instances, program, [.. childArguments, "--port", actual.ToString(CultureInfo.InvariantCulture)], log).RunAsync(stop);
        }
    }

    /// <summary>Runs the instances until <paramref name="stop"/> is cancelled, then stops them all.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(1, instances).Select(instance => SuperviseAsync(instance, stop)));
        Write($"serve: all {instances} instance(s) stopped.");
    }

    private async Task SuperviseAsync(int instance, CancellationToken stop)
    {
        var backOff = FirstBackOff;
        while (!stop.IsCancellationRequested)
        {
            using var process = Start(instance);
            var lived = Stopwatch.StartNew();
            Write($"serve: instance {instance} started (pid {process.Id}).");
            try
            {
                await process.WaitForExitAsync(stop);
            }
            catch (OperationCanceledException)
            {
                await StopAsync(process);
                return;
            }
            backOff = lived.Elapsed >= Healthy ? FirstBackOff : backOff;
            Write($"serve: instance {instance} (pid {process.Id}) exited with code {process.ExitCode} after {lived.Elapsed.TotalSeconds:0.0} s; restarting in {backOff.TotalSeconds:0.###} s.");
            try
            {
                await Task.Delay(backOff, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backOff = TimeSpan.FromTicks(Math.Min(backOff.Ticks * 2, MaxBackOff.Ticks));
        }
    }

    private Process Start(int instance) => ServeProcess.Start(program, childArguments, line => Write($"[{instance}] {line}"));

    // closing the lifeline stops an instance at once; one that does not exit in a few seconds is killed with its workers
    private static async Task StopAsync(Process process)
    {
        try
        {
            process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(grace.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            log.WriteLine(line);
            log.Flush();
        }
    }
}
