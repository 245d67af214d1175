using System.Net;
using System.Net.Sockets;
using DiceOffload.Processes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DiceOffload.Server;

/// <summary>Runs one <see cref="DiceServer"/> on Kestrel until it is stopped, and says where it listens.</summary>
public static class ServeHost
{
    /// <summary>What the listening line says of the runtime and the remedies: the GC, the pool's minimum, where jobs run.</summary>
    public static string Runtime(ServeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ThreadPool.GetMinThreads(out int minimum, out _);
        string jobs = settings.Consumers > 0 ? $"jobs on {settings.Consumers} consumer thread(s)" : "jobs on the request's thread";
        return $"ProcessorCount {Environment.ProcessorCount}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, thread-pool minimum {minimum}, {jobs}";
    }

    /// <summary><c>--min-threads</c>: why the pool would refuse <paramref name="workers"/> as its minimum (above its maximum); null when it would not.</summary>
    public static string? MinThreadsRefusal(int workers)
    {
        ThreadPool.GetMaxThreads(out int maximum, out _);
        return workers > maximum ? $"the thread pool allows at most {maximum} worker threads; got {workers}." : null;
    }

    /// <summary><c>--min-threads</c>: sets the pool's minimum worker threads, the I/O minimum left as it is; null, or why the pool refused.</summary>
    public static string? TryApplyMinThreads(int workers)
    {
        if (MinThreadsRefusal(workers) is { } refusal)
            return refusal;
        ThreadPool.GetMinThreads(out _, out int io);
        return ThreadPool.SetMinThreads(workers, io) ? null : $"the thread pool refused a minimum of {workers} worker threads.";
    }

    /// <summary>Serves on <paramref name="address"/>:<paramref name="port"/> (0: a free port; the first line says which) until <paramref name="stop"/> is cancelled.</summary>
    /// <param name="clusterInstance">An instance of a <see cref="ServerCluster"/>: it shares the port with the others and
    /// exits when the primary closes its stdin (<see cref="Lifeline"/>).</param>
    /// <exception cref="PortUnavailableException">The port cannot be had; nothing was served.</exception>
    public static async Task ServeAsync(IPAddress address, int port, ServeSettings settings, bool clusterInstance, TextWriter output, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(output);
        Socket? shared = null;
        if (clusterInstance)
        {
            // an instance listens on its own socket; with SO_REUSEPORT on every one, the kernel spreads connections over them
            shared = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            ServerCluster.AllowPortSharing(shared);
            try
            {
                shared.Bind(new IPEndPoint(address, port));
                shared.Listen(512);
            }
            catch (SocketException ex)
            {
                shared.Dispose();
                throw new PortUnavailableException($"{address}:{port} cannot be shared: {ex.Message}", ex);
            }
            Lifeline.ExitWhenParentCloses();
        }
        var app = DiceServer.Build(settings, builder => builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (shared is not null)
                kestrel.ListenHandle((ulong)shared.Handle);
            else
                kestrel.Listen(address, port);
        }));
        try
        {
            try
            {
                await app.StartAsync(stop);
            }
            catch (IOException ex)
            {
                throw new PortUnavailableException($"cannot listen on {address}:{port}: {ex.Message}", ex);
            }
            string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? $"http://{address}:{port}";
            await output.WriteLineAsync($"serve: listening on {url} (pid {Environment.ProcessId}, {Runtime(settings)}); try {url}/ping and {url}/roll?throws=1e8&strategy=thread. Ctrl+C stops.");
            await output.FlushAsync(CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, stop);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync("serve: stopping.");
            }
            await app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await app.DisposeAsync();
            // Kestrel wraps a ListenHandle descriptor without owning it: the socket is closed here, so that a stopped
            // instance leaves the port's SO_REUSEPORT group instead of being handed connections it never accepts
            shared?.Dispose();
        }
    }
}
