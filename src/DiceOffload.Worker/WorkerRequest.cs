using System.Globalization;
using DiceOffload;

/// <summary>A parsed worker command line (see WorkerProtocol for the grammar).</summary>
internal sealed record WorkerRequest(string Mode, DiceJob? Job, long FirstChunk, long ChunkCount, string? MapPath, long CapacityBytes, bool WatchStdin)
{
    public static WorkerRequest Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("roll" or "shared" or "transfer"))
            throw new WorkerRequestException("the first argument must be 'roll', 'shared' or 'transfer'.");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new WorkerRequestException($"expected '--name value' pairs after the mode, got '{args[i]}'.");
            values[args[i]] = args[i + 1];
        }
        bool watchStdin = values.GetValueOrDefault("--lifeline") == "stdin";
        if (args[0] == "transfer")
        {
            long capacity = Long(values, "--capacity");
            return values.TryGetValue("--map", out string? transferMap) && capacity is > 0 and <= int.MaxValue
                ? new WorkerRequest("transfer", null, 0, 0, transferMap, capacity, watchStdin)
                : throw new WorkerRequestException("'transfer' needs --map PATH and --capacity between 1 and 2^31 - 1 bytes.");
        }

        DiceJob job;
        try
        {
            job = new DiceJob(Long(values, "--throws"), (int)Long(values, "--dice"), (int)Long(values, "--sides"), ULong(values, "--seed"));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new WorkerRequestException(ex.Message);
        }
        long first = Long(values, "--first-chunk");
        long count = Long(values, "--chunk-count");
        if (first < 0 || count < 0 || first + count > job.ChunkCount)
            throw new WorkerRequestException($"chunks [{first}, {first + count}) are outside the job's {job.ChunkCount} chunks.");
        string? map = values.GetValueOrDefault("--map");
        if (args[0] == "shared" && map is null)
            throw new WorkerRequestException("'shared' needs --map PATH.");
        return new WorkerRequest(args[0], job, first, count, map, 0, watchStdin);
    }

    /// <summary>Exits as soon as stdin reaches end-of-file: the parent closed it, or died.</summary>
    public static void ExitWhenParentCloses()
    {
        var watcher = new Thread(() =>
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[64];
            while (stdin.Read(buffer) > 0)
            {
            }
            Environment.Exit(3);
        })
        { IsBackground = true, Name = "parent lifeline" };
        watcher.Start();
    }

    private static long Long(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out string? text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new WorkerRequestException($"{name} must be given as an integer.");

    private static ulong ULong(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out string? text) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new WorkerRequestException($"{name} must be given as an unsigned integer.");
}

internal sealed class WorkerRequestException(string message) : Exception(message);
