using System.Globalization;
using System.Text;

namespace DiceOffload.Processes;

/// <summary>
/// The conversation between the process pool and one long-lived worker, version 1: the parent's and the worker's
/// side (<c>src/DiceOffload.Worker</c>) both live here, so they cannot drift apart.
/// </summary>
/// <remarks>
/// <para>The worker is started with the single argument <c>pool</c>. Every frame is one line of ASCII text ending in
/// <c>\n</c>, fields separated by one space, numbers in decimal without sign or leading zeros.</para>
/// <list type="table">
/// <item><term>worker → parent, once at start</term><description><c>dice-pool/1 ready</c></description></item>
/// <item><term>parent → worker</term><description><c>roll ID THROWS DICE SIDES SEED FIRST-CHUNK CHUNK-COUNT [KERNEL]</c>:
/// count chunks [FIRST-CHUNK, FIRST-CHUNK + CHUNK-COUNT) of the job; ID is the parent's request number (≥ 0). KERNEL is
/// <c>scalar</c> or <c>vector</c>; without it (the request of the first version of this protocol) the job is scalar, and
/// the parent sends it only for the vector kernel, so that a worker too old to know it refuses the request.</description></item>
/// <item><term>worker → parent</term><description><c>done ID BINS C0 C1 … C(BINS−1)</c>: the counts of the sums
/// DICE, DICE + 1, …, DICE × SIDES for exactly those chunks (checked by <see cref="HistogramFrame"/>).</description></item>
/// <item><term>worker → parent</term><description><c>error ID MESSAGE</c>: the request could not be parsed or run
/// (ID is <c>-</c> when the request had none). The worker keeps serving.</description></item>
/// </list>
/// <para>Each side polls for the other's next line for up to <see cref="Spin"/> before it sleeps in a read: the
/// worker after each answer, the parent after a request it expects answered within that time (<see cref="PipeReadiness"/>).</para>
/// <para>One request is outstanding at a time. The worker exits with code 0 when its stdin reaches end-of-file
/// (<see cref="Lifeline"/>),
/// whether it was idle or busy: the parent closed it, or the parent died. A worker that ends its stdout any other way
/// has died; the parent re-runs its request elsewhere.</para>
/// </remarks>
public static class PoolProtocol
{
    public const string Version = "dice-pool/1";
    public const string Ready = Version + " ready";
    public const string WorkerMode = "pool";

    /// <summary>How long each side polls for the other's next line before it sleeps in a read.</summary>
    /// <remarks>
    /// A few pipe round trips on the slowest host the study has run on, and short beside any job worth a worker
    /// process: the most a worker spends after each answer, or a pool on a request, polling for nothing.
    /// </remarks>
    public static TimeSpan Spin { get; } = TimeSpan.FromMicroseconds(50);

    public static string RollRequest(long id, DiceJob job, long firstChunk, long chunkCount)
    {
        ArgumentNullException.ThrowIfNull(job);
        string request = string.Create(CultureInfo.InvariantCulture, $"roll {id} {job.Throws} {job.Dice} {job.Sides} {job.Seed} {firstChunk} {chunkCount}");
        return job.Kernel == DiceKernel.Scalar ? request : $"{request} {job.Kernel.Name()}";
    }

    /// <summary>Reads a <c>roll</c> request (worker side).</summary>
    /// <exception cref="FormatException">The line is not a valid request; <paramref name="id"/> is set when its id was readable.</exception>
    public static (DiceJob Job, long FirstChunk, long ChunkCount) ParseRollRequest(string line, out long? id)
    {
        ArgumentNullException.ThrowIfNull(line);
        id = null;
        string[] fields = line.Split(' ');
        if (fields[0] != "roll")
            throw new FormatException($"unknown request '{WireText.Shorten(fields[0])}'; the only request is 'roll'");
        if (fields.Length > 1 && WireText.TryParseNumber(fields[1], out long readId) && readId >= 0)
            id = readId;
        if (fields.Length is not (8 or 9) || id is null || fields.Contains(""))
            throw new FormatException("'roll' takes 7 fields and an optional eighth: ID THROWS DICE SIDES SEED FIRST-CHUNK CHUNK-COUNT [KERNEL]");
        var kernel = DiceKernel.Scalar;
        if (fields.Length == 9 && !DiceKernels.TryParse(fields[8], out kernel))
            throw new FormatException($"KERNEL must be {string.Join(" or ", DiceKernels.Names)}; got '{WireText.Shorten(fields[8])}'");
        if (!WireText.TryParseNumber(fields[2], out long throws) || !WireText.TryParseNumber(fields[3], out long dice) || !WireText.TryParseNumber(fields[4], out long sides)
            || !WireText.TryParseNumber(fields[5], out ulong seed)
            || !WireText.TryParseNumber(fields[6], out long first) || !WireText.TryParseNumber(fields[7], out long count))
            throw new FormatException("every field of 'roll' after the word must be a whole number");
        if (dice is < 1 or > int.MaxValue || sides is < 2 or > int.MaxValue)
            throw new FormatException($"dice {dice} or sides {sides} is out of range");
        DiceJob job;
        try
        {
            job = new DiceJob(throws, (int)dice, (int)sides, seed, kernel);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new FormatException(ex.Message.Split(Environment.NewLine)[0], ex);
        }
        if (first < 0 || count < 1 || first > job.ChunkCount - count)
            throw new FormatException($"chunks [{first}, {first + count}) are not within the job's {job.ChunkCount} chunks");
        return (job, first, count);
    }

    public static string DoneFrame(long id, ReadOnlySpan<long> counts)
    {
        var text = new StringBuilder(16 + (counts.Length * 10));
        text.Append("done ").Append(WireText.Number(id)).Append(' ').Append(WireText.Number(counts.Length));
        foreach (long count in counts)
            text.Append(' ').Append(WireText.Number(count));
        return text.ToString();
    }

    public static string ErrorFrame(long? id, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        string oneLine = message.ReplaceLineEndings(" ");
        return $"error {(id is { } known ? WireText.Number(known) : "-")} {oneLine}";
    }

    /// <summary>Reads the answer to request <paramref name="id"/> and adds its counts into <paramref name="total"/> (parent side).</summary>
    /// <param name="expectedThrows">How many throws the requested chunks hold; the counts must add up to it.</param>
    /// <exception cref="WorkerRejectedRequestException">The worker answered with an <c>error</c> frame.</exception>
    /// <exception cref="FormatException">The line is not the expected <c>done</c> frame; the message says what is wrong.</exception>
    public static void ReadDone(string line, long id, DiceJob job, long expectedThrows, Span<long> total)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(job);
        if (total.Length != job.BinCount)
            throw new ArgumentException($"expected room for {job.BinCount} counts, got {total.Length}.", nameof(total));
        if (line.EndsWith(' ') || line.Contains("  ", StringComparison.Ordinal))
            throw new FormatException($"fields must be separated by single spaces: '{WireText.Shorten(line)}'");
        if (line.StartsWith("error ", StringComparison.Ordinal))
        {
            var error = line.AsSpan("error ".Length);
            var errorId = NextField(ref error);
            if (!errorId.SequenceEqual("-") && !(WireText.TryParseNumber(errorId, out long rejected) && rejected == id))
                throw new FormatException($"expected the answer to request {id} but got an error for another: '{WireText.Shorten(line)}'");
            throw new WorkerRejectedRequestException(line["error ".Length..]);
        }

        var rest = line.AsSpan();
        if (!NextField(ref rest).SequenceEqual("done"))
            throw new FormatException($"expected 'done {id} …' but got '{WireText.Shorten(line)}'");
        if (!WireText.TryParseNumber(NextField(ref rest), out long answeredId) || answeredId != id)
            throw new FormatException($"expected the answer to request {id} but got '{WireText.Shorten(line)}'");
        string answer = string.Create(CultureInfo.InvariantCulture, $"the answer to request {id}");
        HistogramFrame.ReadBins(NextField(ref rest), job, answer, line);

        Span<long> counts = job.BinCount <= 1024 ? stackalloc long[job.BinCount] : new long[job.BinCount];
        for (int i = 0; i < counts.Length; i++)
            counts[i] = HistogramFrame.ReadCount(rest.IsEmpty ? [] : NextField(ref rest), i, counts.Length, answer, line);
        if (!rest.IsEmpty)
            throw new FormatException($"{answer} has more than {counts.Length} counts: '{WireText.Shorten(line)}'");
        HistogramFrame.CheckTotal(counts, expectedThrows, answer);
        for (int i = 0; i < counts.Length; i++)
            total[i] += counts[i];
    }

    private static ReadOnlySpan<char> NextField(ref ReadOnlySpan<char> rest)
    {
        int space = rest.IndexOf(' ');
        ReadOnlySpan<char> field = space < 0 ? rest : rest[..space];
        rest = space < 0 ? [] : rest[(space + 1)..];
        return field;
    }
}

/// <summary>A pool worker answered a request with an <c>error</c> frame: the request, not the worker, is at fault.</summary>
public sealed class WorkerRejectedRequestException : Exception
{
    public WorkerRejectedRequestException()
    {
    }

    public WorkerRejectedRequestException(string message)
        : base(message)
    {
    }

    public WorkerRejectedRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
