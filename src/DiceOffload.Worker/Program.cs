using DiceOffload;
using DiceOffload.Processes;

// The worker of the process, shared-memory and process-pool strategies and of the Transfer experiment. It only
// dispatches: each mode's protocol, both sides of it, lives in DiceOffload.Processes. Its arguments are written by
// the parent, not by a person, and start-up time is measured in the Dispatch experiment, so the protocols parse
// them by hand rather than paying for a command-line library.
try
{
    switch (args)
    {
        case [PoolProtocol.WorkerMode]:
            return PoolServer.Serve();
        case [WorkerProtocol.KernelInfoMode]:
            Console.WriteLine(VectorDice.Path);
            return 0;
        case [TransferProtocol.WorkerMode, ..]:
            var (mapPath, capacityBytes) = TransferProtocol.ParseArguments(args);
            return TransferServer.Serve(mapPath, capacityBytes);
    }

    var request = WorkerProtocol.ParseArguments(args);
    if (request.WatchesLifeline)
        Lifeline.ExitWhenParentCloses();
    var job = request.Job;
    var counts = new long[job.BinCount];
    if (request.Mode == WorkerProtocol.RollMode)
    {
        DiceRoller.RollChunks(job, request.FirstChunk, request.ChunkCount, counts);
        WorkerProtocol.WriteHistogram(Console.Out, job.MinSum, counts);
        return 0;
    }

    using var map = SharedHistogramMap.Open(request.MapPath!, job.BinCount);
    // one atomic add per bin per chunk: the parent could watch progress in the map
    for (long chunk = request.FirstChunk; chunk < request.FirstChunk + request.ChunkCount; chunk++)
    {
        Array.Clear(counts);
        DiceRoller.RollChunk(job, chunk, counts);
        map.AddAtomic(counts);
    }
    return 0;
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"dice worker: {ex.Message}");
    return WorkerProtocol.BadRequestExitCode;
}
catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"dice worker: {ex.Message}");
    return 1;
}
