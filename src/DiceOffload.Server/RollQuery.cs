using System.Globalization;
using DiceOffload.Strategies;
using Microsoft.AspNetCore.Http;

namespace DiceOffload.Server;

/// <summary>A <c>/roll</c> request, read from its query string: the job and how to run it.</summary>
/// <param name="Lowered">The job's workers run at nice +10, below the server's request threads (<c>priority=lowered</c>).</param>
public sealed record RollQuery(DiceJob Job, string Strategy, int Workers, bool Lowered = false)
{
    public const string Normal = "normal";
    public const string LoweredPriority = "lowered";

    public const int DefaultDice = 2;
    public const int DefaultSides = 6;
    public const ulong DefaultSeed = 42;
    public const int MaxWorkers = 4096;

    /// <summary>Reads the query; on bad input, returns null and names the parameter and what it allows in <paramref name="problem"/>.</summary>
    /// <remarks><c>throws</c> and <c>strategy</c> are required; <c>dice</c>, <c>sides</c> and <c>seed</c> default to the
    /// article's job (2, 6, 42), <c>kernel</c> to scalar, <c>workers</c> to the number of cores. A parameter given twice is bad input.</remarks>
    public static RollQuery? TryRead(IQueryCollection query, long maxThrows, out (string Parameter, string Detail) problem)
    {
        problem = default;
        foreach (var (key, value) in query)
        {
            if (key is not ("throws" or "dice" or "sides" or "seed" or "kernel" or "strategy" or "workers" or "priority"))
            {
                problem = (key, $"'{key}' is not a parameter of /roll; the parameters are throws, dice, sides, seed, kernel, strategy, workers and priority.");
                return null;
            }
            if (value.Count != 1)
            {
                problem = (key, $"{key} is given {value.Count} times; give it once.");
                return null;
            }
        }
        if (!Count(query, "throws", null, 1, maxThrows, out long throws, ref problem, $" (this server's --max-throws is {maxThrows.ToString("N0", CultureInfo.InvariantCulture)})")
            || !Count(query, "dice", DefaultDice, 1, DiceJob.MaxDice, out long dice, ref problem)
            || !Count(query, "sides", DefaultSides, 2, int.MaxValue / 2, out long sides, ref problem)
            || !Count(query, "workers", Environment.ProcessorCount, 1, MaxWorkers, out long workers, ref problem))
            return null;
        if ((long)dice * sides > int.MaxValue / 2)
        {
            problem = ("sides", $"dice × sides must stay below {int.MaxValue / 2} so that every sum fits; got {dice} × {sides}.");
            return null;
        }
        ulong seed = DefaultSeed;
        if (query.TryGetValue("seed", out var seedText) && !ulong.TryParse(seedText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out seed))
        {
            problem = ("seed", $"seed must be a whole number from 0 to {ulong.MaxValue}; got '{seedText}'.");
            return null;
        }
        var kernel = DiceKernel.Scalar;
        if (query.TryGetValue("kernel", out var kernelText) && !DiceKernels.TryParse(kernelText.ToString(), out kernel))
        {
            problem = ("kernel", $"kernel must be {string.Join(" or ", DiceKernels.Names)}; got '{kernelText}'.");
            return null;
        }
        string strategy = query.TryGetValue("strategy", out var name) ? name.ToString() : "";
        if (!StrategyCatalog.Contains(strategy))
        {
            problem = ("strategy", $"strategy must be one of {string.Join(", ", StrategyCatalog.Names)}; got '{strategy}'.");
            return null;
        }
        string priority = query.TryGetValue("priority", out var given) ? given.ToString() : Normal;
        if (priority is not (Normal or LoweredPriority))
        {
            problem = ("priority", $"priority must be {Normal} or {LoweredPriority}; got '{priority}'.");
            return null;
        }
        bool lowered = priority == LoweredPriority;
        if (lowered && (!OperatingSystem.IsLinux() || !Strategies.LoweredPriority.Strategies.Contains(strategy)))
        {
            problem = ("priority", $"priority={LoweredPriority} (workers at nice +{Strategies.LoweredPriority.Nice}) is for {string.Join(" and ", Strategies.LoweredPriority.Strategies)} on Linux; got strategy '{strategy}'.");
            return null;
        }
        return new RollQuery(new DiceJob(throws, (int)dice, (int)sides, seed, kernel), strategy, (int)workers, lowered);
    }

    // a whole number (1e8 and 100_000_000 allowed) in [min, max]; a missing one takes its default, or is bad input without one
    private static bool Count(IQueryCollection query, string name, long? fallback, long min, long max, out long value, ref (string, string) problem, string extra = "")
    {
        value = fallback ?? 0;
        if (!query.TryGetValue(name, out var text))
        {
            if (fallback is not null)
                return true;
            problem = (name, $"{name} is required: a whole number from {min} to {max.ToString(CultureInfo.InvariantCulture)}, such as 1e8{extra}.");
            return false;
        }
        if (CountParser.TryParse(text.ToString(), out value) && value >= min && value <= max)
            return true;
        problem = (name, $"{name} must be a whole number from {min} to {max.ToString(CultureInfo.InvariantCulture)}{extra}; got '{text}'.");
        return false;
    }
}
