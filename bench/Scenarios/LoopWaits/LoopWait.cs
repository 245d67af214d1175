namespace DiceOffload.Bench.Scenarios.LoopWaits;

/// <summary>
/// The inbox an <see cref="EventLoop"/> takes its posted callbacks from, and the wait its thread makes for the next
/// one or for its next heartbeat. How that wait is made is a dimension of the responsiveness scenario: it decides how
/// late the heartbeat runs when every core is busy.
/// </summary>
public interface ILoopInbox : IDisposable
{
    /// <summary>Whether <see cref="Complete"/> was called and nothing is left.</summary>
    bool IsCompleted { get; }

    /// <summary>Adds a callback; callable from any thread.</summary>
    void Add(Action item);

    /// <summary>Takes the next callback, waiting at most <paramref name="timeout"/> for one; false when none came.</summary>
    /// <remarks>Called only from the loop's own thread.</remarks>
    bool TryTake(TimeSpan timeout, out Action? item);

    /// <summary>Wakes the loop so that it sees the end; no callback may be added after it.</summary>
    void Complete();
}

/// <summary>The ways of waiting the study measures, by name.</summary>
public static class LoopWait
{
    /// <summary>The loop's default: one blocking wait with a timeout and no spin phase.</summary>
    public const string Default = "monitor";

    /// <summary>How many times <c>yield-then-monitor</c> calls <see cref="Thread.Yield"/> before it blocks, about as often as a default <see cref="SpinWait"/> yields before it would block.</summary>
    public const int YieldsBeforeBlocking = 20;

    /// <summary>Every wait, <see cref="Default"/> first.</summary>
    public static IReadOnlyList<string> Names { get; } = [Default, "yield-then-monitor", "blocking-collection", "semaphore-slim", "manual-reset-event-slim", "channel"];

    /// <exception cref="ArgumentException">No wait has that name.</exception>
    public static ILoopInbox Create(string name) => name switch
    {
        Default => new MonitorInbox(yieldsFirst: 0),
        // the spin-then-block pattern reduced to its yields: isolates what yielding before a block costs
        "yield-then-monitor" => new MonitorInbox(yieldsFirst: YieldsBeforeBlocking),
        "blocking-collection" => new BlockingCollectionInbox(),
        "semaphore-slim" => new SemaphoreSlimInbox(),
        "manual-reset-event-slim" => new ManualResetEventSlimInbox(),
        "channel" => new ChannelInbox(),
        _ => throw new ArgumentException($"unknown loop wait '{name}'; the waits are {string.Join(", ", Names)}.", nameof(name)),
    };
}
