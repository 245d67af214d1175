using DiceOffload;
using DiceOffload.Processes;

// The worker of the process, shared-memory and process-pool strategies. Its arguments are written by the parent
// (WorkerProtocol), not by a person, and start-up time is measured in the Dispatch experiment, so it parses
// them by hand rather than paying for a command-line library.
try
{
    // the process pool's long-lived worker: requests on stdin, answers on stdout (PoolProtocol)
    if (args is [PoolProtocol.WorkerMode])
        return PoolServer.Serve();
    var request = WorkerRequest.Parse(args);
    // the transfer server reads requests from stdin and ends at end-of-file by itself
    if (request.Mode == "transfer")
        return TransferServer.Serve(request.MapPath!, request.CapacityBytes);
    if (request.WatchStdin)
        WorkerRequest.ExitWhenParentCloses();

    var counts = new long[request.Job!.BinCount];
    switch (request.Mode)
    {
        case "roll":
            DiceRoller.RollChunks(request.Job, request.FirstChunk, request.ChunkCount, counts);
            WorkerProtocol.WriteHistogram(Console.Out, request.Job.MinSum, counts);
            break;
        case "shared":
            using (var map = SharedHistogramMap.Open(request.MapPath!, request.Job.BinCount))
            {
                // one atomic add per bin per chunk: the parent could watch progress in the map
                for (long chunk = request.FirstChunk; chunk < request.FirstChunk + request.ChunkCount; chunk++)
                {
                    Array.Clear(counts);
                    DiceRoller.RollChunk(request.Job, chunk, counts);
                    map.AddAtomic(counts);
                }
            }
            break;
    }
    return 0;
}
catch (WorkerRequestException ex)
{
    Console.Error.WriteLine($"dice worker: {ex.Message}");
    return 2;
}
catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"dice worker: {ex.Message}");
    return 1;
}
