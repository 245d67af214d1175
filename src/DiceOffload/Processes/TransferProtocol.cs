using System.Globalization;

namespace DiceOffload.Processes;

/// <summary>
/// The worker's <c>transfer</c> mode, used by the Transfer experiment to time getting a result of a given size
/// back from another process: serialized over a pipe, or written into a shared map that the parent reads in place.
/// </summary>
/// <remarks>
/// <para>Started as <c>transfer --map PATH --capacity BYTES --lifeline stdin</c>; the map file must already be
/// <c>BYTES</c> long. The worker then answers one request per line on stdin until end-of-file:</para>
/// <list type="bullet">
/// <item><c>pipe N</c>: writes N payload bytes to stdout, nothing else.</item>
/// <item><c>map N</c>: copies N payload bytes into the map from offset 0, then writes the line <c>ok</c>.</item>
/// </list>
/// <para>The payload is prepared once at start-up, so each request costs one copy on the worker's side.</para>
/// </remarks>
public static class TransferProtocol
{
    public static IReadOnlyList<string> Arguments(string mapPath, long capacityBytes) =>
        ["transfer", "--map", mapPath, "--capacity", capacityBytes.ToString(CultureInfo.InvariantCulture), "--lifeline", "stdin"];

    public static string PipeRequest(int sizeBytes) => string.Create(CultureInfo.InvariantCulture, $"pipe {sizeBytes}");

    public static string MapRequest(int sizeBytes) => string.Create(CultureInfo.InvariantCulture, $"map {sizeBytes}");

    public const string MapDone = "ok";

    /// <summary>The payload byte at <paramref name="index"/>; both sides can check what arrived.</summary>
    public static byte PayloadByte(long index) => (byte)((index * 31) + 7);

    public static void FillPayload(Span<byte> payload)
    {
        for (int i = 0; i < payload.Length; i++)
            payload[i] = PayloadByte(i);
    }
}
