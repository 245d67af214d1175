using System.Globalization;
using System.Text;

namespace DiceOffload.Processes;

/// <summary>
/// The worker's command line and its answer on stdout, version 1. Both sides use this class, so they cannot drift apart.
/// </summary>
/// <remarks>
/// <para>Request (arguments, no shell):
/// <c>roll --throws N --dice D --sides S --seed X --first-chunk F --chunk-count C [--lifeline stdin]</c> counts chunks
/// [F, F + C) of the job and answers on stdout;
/// <c>shared --map PATH</c> with the same job arguments adds the counts into the mapped file instead and answers nothing.</para>
/// <para>Answer of <c>roll</c>, UTF-8 text, one item per line:</para>
/// <code>
/// dice-worker/1
/// bins B
/// &lt;sum&gt; &lt;count&gt;     (B lines, sums ascending from D)
/// end &lt;total&gt;
/// </code>
/// <para>Exit code 0 on success, 2 for a request the worker cannot parse, 1 for any other failure, with one line on stderr.</para>
/// </remarks>
public static class WorkerProtocol
{
    public const string Header = "dice-worker/1";

    public static IReadOnlyList<string> RollArguments(DiceJob job, long firstChunk, long chunkCount) =>
        ["roll", .. JobArguments(job, firstChunk, chunkCount), "--lifeline", "stdin"];

    public static IReadOnlyList<string> SharedArguments(DiceJob job, long firstChunk, long chunkCount, string mapPath) =>
        ["shared", .. JobArguments(job, firstChunk, chunkCount), "--map", mapPath, "--lifeline", "stdin"];

    private static string[] JobArguments(DiceJob job, long firstChunk, long chunkCount) =>
    [
        "--throws", Invariant(job.Throws), "--dice", Invariant(job.Dice), "--sides", Invariant(job.Sides),
        "--seed", Invariant(job.Seed), "--first-chunk", Invariant(firstChunk), "--chunk-count", Invariant(chunkCount),
    ];

    /// <summary>Writes a <c>roll</c> answer.</summary>
    public static void WriteHistogram(TextWriter writer, int minSum, ReadOnlySpan<long> counts)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("bins ").Append(Invariant(counts.Length)).Append('\n');
        long total = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            text.Append(Invariant(minSum + i)).Append(' ').Append(Invariant(counts[i])).Append('\n');
            total += counts[i];
        }
        text.Append("end ").Append(Invariant(total)).Append('\n');
        writer.Write(text);
        writer.Flush();
    }

    /// <summary>Reads a <c>roll</c> answer for <paramref name="job"/> that must hold <paramref name="expectedThrows"/> throws.</summary>
    /// <exception cref="FormatException">The answer breaks the protocol; the message says where.</exception>
    public static long[] ReadHistogram(string output, DiceJob job, long expectedThrows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(job);
        string[] lines = output.Split('\n');
        int line = 0;
        string Next() => line < lines.Length ? lines[line++].TrimEnd('\r') : throw new FormatException($"the answer ends after {line} lines, before 'end'");

        string header = Next();
        if (header != Header)
            throw new FormatException($"line 1 should be '{Header}' but is '{Shorten(header)}'");
        long bins = ParseField(Next(), "bins", line);
        if (bins != job.BinCount)
            throw new FormatException($"line 2 announces {bins} bins but {job.Dice}d{job.Sides} has {job.BinCount}");
        var counts = new long[job.BinCount];
        for (int i = 0; i < counts.Length; i++)
        {
            string text = Next();
            string[] parts = text.Split(' ');
            if (parts.Length != 2 || !TryParse(parts[0], out long sum) || !TryParse(parts[1], out long count) || count < 0)
                throw new FormatException($"line {line} should be '<sum> <count>' but is '{Shorten(text)}'");
            if (sum != job.MinSum + i)
                throw new FormatException($"line {line} gives sum {sum} where {job.MinSum + i} was due");
            counts[i] = count;
        }
        long total = ParseField(Next(), "end", line);
        long counted = counts.Sum();
        if (total != counted || counted != expectedThrows)
            throw new FormatException($"the answer counts {counted} throws and declares {total}, but {expectedThrows} were asked for");
        return counts;
    }

    private static long ParseField(string text, string name, int line)
    {
        string[] parts = text.Split(' ');
        return parts.Length == 2 && parts[0] == name && TryParse(parts[1], out long value)
            ? value
            : throw new FormatException($"line {line} should be '{name} <number>' but is '{Shorten(text)}'");
    }

    private static bool TryParse(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 60), "…");

    private static string Invariant<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}
