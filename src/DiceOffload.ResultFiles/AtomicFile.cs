using System.Text;

namespace DiceOffload.ResultFiles;

/// <summary>
/// Writes a file through a temporary file beside it and a rename, so that a reader (a CI step, a person, the report)
/// sees the old file or the new one, never half of one, and a failed write leaves the old file as it was.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> in UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text) => Write(path, writer => writer.Write(text));

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> writes (UTF-8 without a byte-order mark).</summary>
    /// <remarks>When <paramref name="write"/> throws, the exception passes through and the old file, if any, is left unchanged.</remarks>
    public static void Write(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        // in the same folder, so that the rename stays on one file system and replaces the file in one step
        string temporary = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = new StreamWriter(temporary, append: false, Utf8))
                write(writer);
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
