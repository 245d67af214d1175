using System.Text;
using DiceOffload;
using DiceOffload.Processes;

/// <summary>A long-lived worker of the process pool: answers <see cref="PoolProtocol"/> requests until stdin closes.</summary>
internal static class PoolServer
{
    public static int Serve()
    {
        using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        var requests = Lifeline.RequestsUntilParentCloses();
        output.WriteLine(PoolProtocol.Ready);
        output.Flush();
        long[] counts = [];
        foreach (string line in requests)
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
                Console.Error.WriteLine($"dice worker: rejected request '{WireText.Shorten(line)}': {ex.Message}");
            }
            output.WriteLine(answer);
            output.Flush();
        }
        return 0;
    }
}
