namespace DiceOffload.Strategies;

/// <summary>
/// <see cref="Task.Factory"/>.<see cref="TaskFactory.StartNew(Action, CancellationToken, TaskCreationOptions, TaskScheduler)"/>
/// with <see cref="TaskCreationOptions.LongRunning"/>, one task per worker: the idiomatic "dedicated thread" of most
/// .NET code. The default scheduler gives each such task a thread of its own, outside the pool, so it is
/// <see cref="ThreadStrategy"/> reached through the task API; what it adds is the task's own bookkeeping.
/// </summary>
public sealed class LongRunningStrategy(ChunkWork? work = null) : IDiceStrategy
{
    /// <summary>This strategy in the catalog.</summary>
    public static StrategyEntry Entry { get; } = new(
        "long-running",
        "LongRunning",
        "#393b79",
        new StrategyFeatures("yes", "with one task per core", "yes (the whole heap)", StrategyFeatures.Cooperative, StrategyFeatures.InProcessDeath),
        _ => new LongRunningStrategy());

    private readonly ChunkWork _work = work ?? DiceRoller.RollChunk;

    public string Name => Entry.Name;

    public Task<string?> StartAsync(int workers, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public Task<DiceHistogram> RunAsync(DiceJob job, int workers, CancellationToken cancellationToken = default) =>
        ChunkDispenser.Share(job, workers, _work, static (dispenser, _, _) =>
            // no token here: a task cancelled before it starts would never run its worker, and the dispenser counts on
            // every worker it was told of; the worker itself stops at its next chunk
            Task.Factory.StartNew(static d => ((ChunkDispenser)d!).RunWorker(), dispenser, CancellationToken.None,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default), cancellationToken);
}
