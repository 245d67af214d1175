using System.Globalization;
using System.Numerics;
using System.Text;

namespace DiceOffload.Processes;

/// <summary>
/// The conversation between the process pool and one long-lived worker, version 1. Both sides use this class.
/// </summary>
/// <remarks>
/// <para>The worker is started with the single argument <c>pool</c>. Every frame is one line of ASCII text ending in
/// <c>\n</c>, fields separated by one space, numbers in decimal without sign or leading zeros.</para>
/// <list type="table">
/// <item><term>worker → parent, once at start</term><description><c>dice-pool/1 ready</c></description></item>
/// <item><term>parent → worker</term><description><c>roll ID THROWS DICE SIDES SEED FIRST-CHUNK CHUNK-COUNT</c>: count
/// chunks [FIRST-CHUNK, FIRST-CHUNK + CHUNK-COUNT) of the job; ID is the parent's request number (≥ 0).</description></item>
/// <item><term>worker → parent</term><description><c>done ID BINS C0 C1 … C(BINS−1)</c>: the counts of the sums
/// DICE, DICE + 1, …, DICE × SIDES for exactly those chunks.</description></item>
/// <item><term>worker → parent</term><description><c>error ID MESSAGE</c>: the request could not be parsed or run
/// (ID is <c>-</c> when the request had none). The worker keeps serving.</description></item>
/// </list>
/// <para>One request is outstanding at a time. The worker exits with code 0 when its stdin reaches end-of-file,
/// whether it was idle or busy: the parent closed it, or the parent died. A worker that ends its stdout any other way
/// has died; the parent re-runs its request elsewhere.</para>
/// </remarks>
public static class PoolProtocol
{
    public const string Version = "dice-pool/1";
    public const string Ready = Version + " ready";
    public const string WorkerMode = "pool";

    public static string RollRequest(long id, DiceJob job, long firstChunk, long chunkCount)
    {
        ArgumentNullException.ThrowIfNull(job);
        return string.Create(CultureInfo.InvariantCulture, $"roll {id} {job.Throws} {job.Dice} {job.Sides} {job.Seed} {firstChunk} {chunkCount}");
    }

    /// <summary>Reads a <c>roll</c> request (worker side).</summary>
    /// <exception cref="FormatException">The line is not a valid request; <paramref name="id"/> is set when its id was readable.</exception>
    public static (DiceJob Job, long FirstChunk, long ChunkCount) ParseRollRequest(string line, out long? id)
    {
        ArgumentNullException.ThrowIfNull(line);
        id = null;
        string[] fields = line.Split(' ');
        if (fields[0] != "roll")
            throw new FormatException($"unknown request '{Shorten(fields[0])}'; the only request is 'roll'");
        if (fields.Length > 1 && TryParse(fields[1], out long readId) && readId >= 0)
            id = readId;
        if (fields.Length != 8 || id is null)
            throw new FormatException("'roll' takes 7 fields: ID THROWS DICE SIDES SEED FIRST-CHUNK CHUNK-COUNT");
        if (!TryParse(fields[2], out long throws) || !TryParse(fields[3], out long dice) || !TryParse(fields[4], out long sides)
            || !TryParse(fields[5], out ulong seed)
            || !TryParse(fields[6], out long first) || !TryParse(fields[7], out long count))
            throw new FormatException("every field of 'roll' after the word must be a whole number");
        if (dice is < 1 or > int.MaxValue || sides is < 2 or > int.MaxValue)
            throw new FormatException($"dice {dice} or sides {sides} is out of range");
        DiceJob job;
        try
        {
            job = new DiceJob(throws, (int)dice, (int)sides, seed);
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
        text.Append("done ").Append(id.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(counts.Length.ToString(CultureInfo.InvariantCulture));
        foreach (long count in counts)
            text.Append(' ').Append(count.ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }

    public static string ErrorFrame(long? id, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        string oneLine = message.ReplaceLineEndings(" ");
        return $"error {(id is { } known ? known.ToString(CultureInfo.InvariantCulture) : "-")} {oneLine}";
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
            throw new FormatException($"fields must be separated by single spaces: '{Shorten(line)}'");
        if (line.StartsWith("error ", StringComparison.Ordinal))
        {
            var error = line.AsSpan("error ".Length);
            var errorId = NextField(ref error);
            if (!errorId.SequenceEqual("-") && !(TryParse(errorId, out long rejected) && rejected == id))
                throw new FormatException($"expected the answer to request {id} but got an error for another: '{Shorten(line)}'");
            throw new WorkerRejectedRequestException(line["error ".Length..]);
        }

        var rest = line.AsSpan();
        if (!NextField(ref rest).SequenceEqual("done"))
            throw new FormatException($"expected 'done {id} …' but got '{Shorten(line)}'");
        if (!TryParse(NextField(ref rest), out long answeredId) || answeredId != id)
            throw new FormatException($"expected the answer to request {id} but got '{Shorten(line)}'");
        if (!TryParse(NextField(ref rest), out long bins) || bins != job.BinCount)
            throw new FormatException($"the answer to request {id} must have {job.BinCount} bins for {job.Dice}d{job.Sides}: '{Shorten(line)}'");

        Span<long> counts = job.BinCount <= 1024 ? stackalloc long[job.BinCount] : new long[job.BinCount];
        long sum = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            if (rest.IsEmpty || !TryParse(NextField(ref rest), out counts[i]) || counts[i] < 0)
                throw new FormatException($"count {i + 1} of {bins} in the answer to request {id} is missing or not a count: '{Shorten(line)}'");
            sum += counts[i];
        }
        if (!rest.IsEmpty)
            throw new FormatException($"the answer to request {id} has more than {bins} counts: '{Shorten(line)}'");
        if (sum != expectedThrows)
            throw new FormatException($"the answer to request {id} counts {sum} throws, but its chunks hold {expectedThrows}");
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

    // decimal digits only, no sign, no leading zero: one spelling per number
    private static bool TryParse<T>(ReadOnlySpan<char> text, out T value) where T : struct, IBinaryInteger<T>
    {
        value = default;
        return text.Length > 0 && (text.Length == 1 || text[0] != '0')
            && T.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");
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
