namespace DiceOffload.Processes;

/// <summary>
/// The worker's <c>transfer</c> mode, used by the Transfer experiment to time getting a result of a given size
/// back from another process: serialized over a pipe, or written into a shared map that the parent reads in place.
/// The parent's side (<see cref="TransferClient"/>) and the worker's (<c>src/DiceOffload.Worker</c>) both use this class.
/// </summary>
/// <remarks>
/// <para>Started as <c>transfer --map PATH --capacity BYTES --lifeline stdin</c>; the map file must already be
/// <c>BYTES</c> long. The worker then answers one request per line on stdin until end-of-file (<see cref="Lifeline"/>):</para>
/// <list type="bullet">
/// <item><c>pipe N</c>: writes N payload bytes to stdout, nothing else.</item>
/// <item><c>map N</c>: copies N payload bytes into the map from offset 0, then writes the line <c>ok</c>.</item>
/// </list>
/// <para>The payload is prepared once at start-up, so each request costs one copy on the worker's side.</para>
/// </remarks>
public static class TransferProtocol
{
    public const string WorkerMode = "transfer";
    public const string MapDone = "ok";
    private const string Pipe = "pipe";
    private const string Map = "map";

    public static IReadOnlyList<string> Arguments(string mapPath, long capacityBytes) =>
        [WorkerMode, "--map", mapPath, "--capacity", WireText.Number(capacityBytes), .. Lifeline.Arguments];

    /// <summary>Reads the <c>transfer</c> command line (worker side).</summary>
    /// <exception cref="FormatException">The map or a capacity between 1 and 2^31 − 1 bytes is missing.</exception>
    public static (string MapPath, int CapacityBytes) ParseArguments(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0] != WorkerMode)
            throw new FormatException($"the first argument must be '{WorkerMode}'.");
        var options = WorkerProtocol.ReadOptions(args);
        long capacity = WorkerProtocol.Long(options, "--capacity");
        return options.TryGetValue("--map", out string? map) && capacity is > 0 and <= int.MaxValue
            ? (map, (int)capacity)
            : throw new FormatException($"'{WorkerMode}' needs --map PATH and --capacity between 1 and 2^31 - 1 bytes.");
    }

    public static string PipeRequest(int sizeBytes) => $"{Pipe} {WireText.Number(sizeBytes)}";

    public static string MapRequest(int sizeBytes) => $"{Map} {WireText.Number(sizeBytes)}";

    /// <summary>Reads a request (worker side): whether it asks for the map, and how many bytes.</summary>
    /// <exception cref="FormatException">The line is not <c>pipe N</c> or <c>map N</c> with N up to <paramref name="capacityBytes"/>.</exception>
    public static (bool InMap, int SizeBytes) ParseRequest(string line, int capacityBytes)
    {
        ArgumentNullException.ThrowIfNull(line);
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        string kind = space < 0 ? line : line[..space];
        if (kind is not (Pipe or Map))
            throw new FormatException($"unknown transfer request '{WireText.Shorten(kind)}'.");
        return WireText.TryParseNumber(line.AsSpan(space + 1), out int size) && size <= capacityBytes
            ? (kind == Map, size)
            : throw new FormatException($"transfer request '{WireText.Shorten(line)}' is not '{Pipe} N' or '{Map} N' with N up to {capacityBytes}.");
    }

    /// <summary>The payload byte at <paramref name="index"/>; both sides can check what arrived.</summary>
    public static byte PayloadByte(long index) => (byte)((index * 31) + 7);

    public static void FillPayload(Span<byte> payload)
    {
        for (int i = 0; i < payload.Length; i++)
            payload[i] = PayloadByte(i);
    }
}
