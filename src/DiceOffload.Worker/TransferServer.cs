using System.IO.MemoryMappedFiles;
using DiceOffload.Processes;

/// <summary>Answers Transfer experiment requests (see <see cref="TransferProtocol"/>) until stdin closes.</summary>
internal static class TransferServer
{
    public static int Serve(string mapPath, int capacityBytes)
    {
        var payload = new byte[capacityBytes];
        TransferProtocol.FillPayload(payload);
        using var map = MemoryMappedFile.CreateFromFile(mapPath, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.ReadWrite);
        using var view = map.CreateViewStream(0, capacityBytes, MemoryMappedFileAccess.Write);
        using var stdout = Console.OpenStandardOutput();
        // read on this thread, as the pool's worker does (no hand-over between threads); an answer is one write, so
        // end-of-file is seen at the next read
        using var input = new StreamReader(Console.OpenStandardInput());
        while (input.ReadLine() is { } line)
        {
            var (inMap, size) = TransferProtocol.ParseRequest(line, capacityBytes);
            if (inMap)
            {
                view.Position = 0;
                // no Flush: that would msync to disk; a shared mapping is coherent between processes without it
                view.Write(payload, 0, size);
                stdout.Write("ok\n"u8);
            }
            else
            {
                stdout.Write(payload, 0, size);
            }
            stdout.Flush();
        }
        return 0;
    }
}
