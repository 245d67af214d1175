namespace DiceOffload.Processes;

/// <summary>
/// A histogram as both worker protocols carry it: a bin count that must be the job's, then one count per sum from
/// the smallest, adding up to the throws that were asked for. <see cref="WorkerProtocol"/> lays it out a line per
/// bin, <see cref="PoolProtocol"/> on one line; the checks and their messages are here once, so both read alike.
/// </summary>
/// <remarks>
/// In every method <c>answer</c> names the frame in the message ("the answer to request 4") and <c>received</c> is
/// the text the field came from, quoted shortened.
/// </remarks>
public static class HistogramFrame
{
    /// <summary>Reads the announced bin count.</summary>
    /// <exception cref="FormatException">It is not a number, or not the job's bin count.</exception>
    public static void ReadBins(ReadOnlySpan<char> field, DiceJob job, string answer, string received)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!WireText.TryParseNumber(field, out long bins) || bins != job.BinCount)
            throw new FormatException($"{answer} must have {job.BinCount} bins for {job.Dice}d{job.Sides}: '{WireText.Shorten(received)}'");
    }

    /// <summary>Reads count number <paramref name="index"/> (from 0) of <paramref name="bins"/>.</summary>
    /// <exception cref="FormatException">The field is empty or not a count.</exception>
    public static long ReadCount(ReadOnlySpan<char> field, int index, int bins, string answer, string received) =>
        WireText.TryParseNumber(field, out long count)
            ? count
            : throw new FormatException($"count {index + 1} of {bins} in {answer} is missing or not a count: '{WireText.Shorten(received)}'");

    /// <summary>Checks that the counts add up to the throws asked for.</summary>
    /// <exception cref="FormatException">They add up to another number, or overflow.</exception>
    public static void CheckTotal(ReadOnlySpan<long> counts, long expectedThrows, string answer)
    {
        long sum = 0;
        foreach (long count in counts)
        {
            sum += count;
            // counts are each at most long.MaxValue, so a wrapped sum turns negative before it could come round to the expected total
            if (sum < 0)
                throw new FormatException($"{answer} counts more throws than a 64-bit number holds, but its chunks hold {expectedThrows}");
        }
        if (sum != expectedThrows)
            throw new FormatException($"{answer} counts {sum} throws, but its chunks hold {expectedThrows}");
    }
}
