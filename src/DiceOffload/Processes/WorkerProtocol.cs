using System.Globalization;
using System.Text;

namespace DiceOffload.Processes;

/// <summary>
/// The one-shot worker's command line and its answer on stdout, version 1: the parent's and the worker's side
/// (<c>src/DiceOffload.Worker</c>) both live here, so they cannot drift apart.
/// </summary>
/// <remarks>
/// <para>Request (arguments, no shell):
/// <c>roll --throws N --dice D --sides S --seed X --first-chunk F --chunk-count C [--kernel scalar|vector] [--lifeline stdin]</c>
/// counts chunks [F, F + C) of the job with its kernel (scalar when not given; the parent names it only when it is not)
/// and answers on stdout;
/// <c>shared --map PATH</c> with the same job arguments adds the counts into the mapped file instead and answers nothing.
/// With <c>--lifeline stdin</c> the worker exits when its stdin ends (<see cref="Lifeline"/>).</para>
/// <para>Answer of <c>roll</c>, UTF-8 text, one item per line (the histogram checks are <see cref="HistogramFrame"/>'s):</para>
/// <code>
/// dice-worker/1
/// bins B
/// &lt;sum&gt; &lt;count&gt;     (B lines, sums ascending from D)
/// end &lt;total&gt;
/// </code>
/// <para>Exit code 0 on success, 2 (<see cref="BadRequestExitCode"/>) for a request the worker cannot parse, 1 for
/// any other failure, with one line on stderr.</para>
/// <para><c>kernel-info</c> prints the path the vector kernel takes in the worker (<see cref="VectorDice.Path"/>), one
/// word such as <c>Vector512</c>: tests start the worker under the runtime's switches and check which path it took.</para>
/// <para>The worker's other modes have protocols of their own: <see cref="PoolProtocol"/> and <see cref="TransferProtocol"/>.</para>
/// </remarks>
public static class WorkerProtocol
{
    public const string Header = "dice-worker/1";
    public const string RollMode = "roll";
    public const string SharedMode = "shared";
    public const string KernelInfoMode = "kernel-info";
    public const int BadRequestExitCode = 2;
    private const string Answer = "the answer";

    public static IReadOnlyList<string> RollArguments(DiceJob job, long firstChunk, long chunkCount) =>
        [RollMode, .. JobArguments(job, firstChunk, chunkCount), .. Lifeline.Arguments];

    public static IReadOnlyList<string> SharedArguments(DiceJob job, long firstChunk, long chunkCount, string mapPath) =>
        [SharedMode, .. JobArguments(job, firstChunk, chunkCount), "--map", mapPath, .. Lifeline.Arguments];

    private static string[] JobArguments(DiceJob job, long firstChunk, long chunkCount) =>
    [
        "--throws", WireText.Number(job.Throws), "--dice", WireText.Number(job.Dice), "--sides", WireText.Number(job.Sides),
        "--seed", WireText.Number(job.Seed), "--first-chunk", WireText.Number(firstChunk), "--chunk-count", WireText.Number(chunkCount),
        .. job.Kernel == DiceKernel.Scalar ? [] : (string[])["--kernel", job.Kernel.Name()],
    ];

    /// <summary>Reads a <c>roll</c> or <c>shared</c> command line (worker side).</summary>
    /// <exception cref="FormatException">The arguments are not a valid request; the message says which and why.</exception>
    public static WorkerRequest ParseArguments(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0] is not (RollMode or SharedMode))
            throw new FormatException($"the first argument must be '{RollMode}', '{SharedMode}', '{TransferProtocol.WorkerMode}' or '{PoolProtocol.WorkerMode}'.");
        var options = ReadOptions(args);
        var kernel = DiceKernel.Scalar;
        if (options.TryGetValue("--kernel", out string? kernelName) && !DiceKernels.TryParse(kernelName, out kernel))
            throw new FormatException($"--kernel must be {string.Join(" or ", DiceKernels.Names)}; got '{WireText.Shorten(kernelName)}'.");
        DiceJob job;
        try
        {
            job = new DiceJob(Long(options, "--throws"), (int)Long(options, "--dice"), (int)Long(options, "--sides"), ULong(options, "--seed"), kernel);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
        long first = Long(options, "--first-chunk");
        long count = Long(options, "--chunk-count");
        if (first < 0 || count < 0 || first + count > job.ChunkCount)
            throw new FormatException($"chunks [{first}, {first + count}) are outside the job's {job.ChunkCount} chunks.");
        string? map = options.GetValueOrDefault("--map");
        if (args[0] == SharedMode && map is null)
            throw new FormatException($"'{SharedMode}' needs --map PATH.");
        return new WorkerRequest(args[0], job, first, count, map, options.GetValueOrDefault(Lifeline.Option) == Lifeline.Stdin);
    }

    /// <summary>The <c>--name value</c> pairs after the mode; shared with <see cref="TransferProtocol"/>.</summary>
    internal static Dictionary<string, string> ReadOptions(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new FormatException($"expected '--name value' pairs after the mode, got '{args[i]}'.");
            options[args[i]] = args[i + 1];
        }
        return options;
    }

    // a sign is accepted so that a negative value reaches DiceJob, whose message names the allowed range
    internal static long Long(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out string? text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new FormatException($"{name} must be given as an integer.");

    private static ulong ULong(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out string? text) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new FormatException($"{name} must be given as an unsigned integer.");

    /// <summary>Writes a <c>roll</c> answer (worker side).</summary>
    public static void WriteHistogram(TextWriter writer, int minSum, ReadOnlySpan<long> counts)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("bins ").Append(WireText.Number(counts.Length)).Append('\n');
        long total = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            text.Append(WireText.Number(minSum + i)).Append(' ').Append(WireText.Number(counts[i])).Append('\n');
            total += counts[i];
        }
        text.Append("end ").Append(WireText.Number(total)).Append('\n');
        writer.Write(text);
        writer.Flush();
    }

    /// <summary>Reads a <c>roll</c> answer for <paramref name="job"/> that must hold <paramref name="expectedThrows"/> throws (parent side).</summary>
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
            throw new FormatException($"line 1 should be '{Header}' but is '{WireText.Shorten(header)}'");
        string binsLine = Next();
        HistogramFrame.ReadBins(Field(binsLine, "bins", line), job, Answer, binsLine);
        var counts = new long[job.BinCount];
        for (int i = 0; i < counts.Length; i++)
        {
            string text = Next();
            int space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0 || !WireText.TryParseNumber(text.AsSpan(0, space), out long sum))
                throw new FormatException($"line {line} should be '<sum> <count>' but is '{WireText.Shorten(text)}'");
            if (sum != job.MinSum + i)
                throw new FormatException($"line {line} gives sum {sum} where {job.MinSum + i} was due");
            counts[i] = HistogramFrame.ReadCount(text.AsSpan(space + 1), i, counts.Length, Answer, text);
        }
        string endLine = Next();
        if (!WireText.TryParseNumber(Field(endLine, "end", line), out long declared))
            throw new FormatException($"line {line} should be 'end <number>' but is '{WireText.Shorten(endLine)}'");
        HistogramFrame.CheckTotal(counts, expectedThrows, Answer);
        if (declared != expectedThrows)
            throw new FormatException($"the answer declares {declared} throws at its end but counts {expectedThrows}");
        return counts;
    }

    // the value of a '<name> <value>' line
    private static ReadOnlySpan<char> Field(string text, string name, int line) =>
        text.StartsWith(name + " ", StringComparison.Ordinal)
            ? text.AsSpan(name.Length + 1)
            : throw new FormatException($"line {line} should be '{name} <number>' but is '{WireText.Shorten(text)}'");
}

/// <summary>A parsed <c>roll</c> or <c>shared</c> command line (see <see cref="WorkerProtocol"/>).</summary>
/// <param name="MapPath">The shared map; set for <c>shared</c> only.</param>
/// <param name="WatchesLifeline">Whether the worker should exit when its stdin ends (<see cref="Lifeline"/>).</param>
public sealed record WorkerRequest(string Mode, DiceJob Job, long FirstChunk, long ChunkCount, string? MapPath, bool WatchesLifeline);
