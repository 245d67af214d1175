using System.Text;
using DiceOffload;
using DiceOffload.Processes;

/// <summary>A long-lived worker of the process pool: answers <see cref="PoolProtocol"/> requests until stdin closes.</summary>
internal static class PoolServer
{
    public static int Serve()
    {
        using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        // requests are read on this thread, so that one wakes the thread that runs it: a reader thread handing lines
        // over made every hand-off pay a second wake-up. End-of-file, idle, ends the loop; busy, RollUnlessParentGone sees it.
        using var input = new StreamReader(Console.OpenStandardInput());
        output.WriteLine(PoolProtocol.Ready);
        output.Flush();
        long[] counts = [];
        while (true)
        {
            // a pool that hands out short units sends the next one within microseconds of the last answer: poll for it
            // before sleeping in read(2), whose wake-up would cost more than the unit (PipeReadiness)
            PipeReadiness.SpinUntilReadable(0, PoolProtocol.Spin);
            if (input.ReadLine() is not { } line)
                break;
            string answer;
            long? id = null;
            try
            {
                var (job, first, count) = PoolProtocol.ParseRollRequest(line, out id);
                if (counts.Length != job.BinCount)
                    counts = new long[job.BinCount];
                else
                    Array.Clear(counts);
                if (!RollUnlessParentGone(job, first, count, counts))
                    return 0;
                answer = PoolProtocol.DoneFrame(id!.Value, counts);
            }
            catch (FormatException ex)
            {
                answer = PoolProtocol.ErrorFrame(id, ex.Message);
                Console.Error.WriteLine($"dice worker: rejected request '{WireText.Shorten(line)}': {ex.Message}");
            }
            output.WriteLine(answer);
            output.Flush();
        }
        return 0;
    }

    /// <summary>How many chunks (about 180 µs each at 2.8 ns a throw) run between two looks at stdin.</summary>
    private const int ChunksBetweenLooks = 8;

    /// <summary>Counts the chunks, looking every few chunks whether the parent has gone; false, at once, when it has.</summary>
    private static bool RollUnlessParentGone(DiceJob job, long first, long count, long[] counts)
    {
        for (long done = 0; done < count; done += ChunksBetweenLooks)
        {
            if (done > 0 && Lifeline.ParentGone())
                return false;
            DiceRoller.RollChunks(job, first + done, Math.Min(ChunksBetweenLooks, count - done), counts);
        }
        return true;
    }
}
