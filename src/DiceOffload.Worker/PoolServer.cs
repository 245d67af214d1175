using System.Collections.Concurrent;
using System.Text;
using DiceOffload;
using DiceOffload.Processes;

/// <summary>A long-lived worker of the process pool: answers <see cref="PoolProtocol"/> requests until stdin closes.</summary>
internal static class PoolServer
{
    public static int Serve()
    {
        using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        var requests = new BlockingCollection<string>();
        // stdin is read on its own thread so that end-of-file ends the worker at once, even in the middle of a request:
        // the parent has closed it or died, and nobody is left to read the answer
        var reader = new Thread(() =>
        {
            using var input = new StreamReader(Console.OpenStandardInput());
            while (input.ReadLine() is { } line)
                requests.Add(line);
            Environment.Exit(0);
        })
        { IsBackground = true, Name = "pool requests" };
        reader.Start();

        output.WriteLine(PoolProtocol.Ready);
        output.Flush();
        long[] counts = [];
        foreach (string line in requests.GetConsumingEnumerable())
        {
            string answer;
            long? id = null;
            try
            {
                var (job, first, count) = PoolProtocol.ParseRollRequest(line, out id);
                if (counts.Length != job.BinCount)
                    counts = new long[job.BinCount];
                else
                    Array.Clear(counts);
                DiceRoller.RollChunks(job, first, count, counts);
                answer = PoolProtocol.DoneFrame(id!.Value, counts);
            }
            catch (FormatException ex)
            {
                answer = PoolProtocol.ErrorFrame(id, ex.Message);
                Console.Error.WriteLine($"dice worker: rejected request '{(line.Length <= 80 ? line : line[..80] + "…")}': {ex.Message}");
            }
            output.WriteLine(answer);
            output.Flush();
        }
        return 0;
    }
}
