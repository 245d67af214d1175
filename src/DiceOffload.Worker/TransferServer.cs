using System.Globalization;
using System.IO.MemoryMappedFiles;
using DiceOffload.Processes;

/// <summary>Answers Transfer experiment requests (see <see cref="TransferProtocol"/>) until stdin closes.</summary>
internal static class TransferServer
{
    public static int Serve(string mapPath, long capacityBytes)
    {
        var payload = new byte[capacityBytes];
        TransferProtocol.FillPayload(payload);
        using var map = MemoryMappedFile.CreateFromFile(mapPath, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.ReadWrite);
        using var view = map.CreateViewStream(0, capacityBytes, MemoryMappedFileAccess.Write);
        using var stdout = Console.OpenStandardOutput();
        using var input = new StreamReader(Console.OpenStandardInput());
        while (input.ReadLine() is { } line)
        {
            string[] parts = line.Split(' ');
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size > capacityBytes)
            {
                Console.Error.WriteLine($"dice worker: transfer request '{line}' is not 'pipe N' or 'map N' with N up to {capacityBytes}.");
                return 2;
            }
            if (parts[0] == "pipe")
            {
                stdout.Write(payload, 0, size);
                stdout.Flush();
            }
            else if (parts[0] == "map")
            {
                view.Position = 0;
                // no Flush: that would msync to disk; a shared mapping is coherent between processes without it
                view.Write(payload, 0, size);
                stdout.Write("ok\n"u8);
                stdout.Flush();
            }
            else
            {
                Console.Error.WriteLine($"dice worker: unknown transfer request '{parts[0]}'.");
                return 2;
            }
        }
        return 0;
    }
}
