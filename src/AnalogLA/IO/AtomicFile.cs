namespace AnalogLA.IO;

/// <summary>
/// Writes files so that a reader never sees half of one and nothing the user wrote is replaced without consent: the
/// content goes to a temporary file in the target's folder, which is then renamed over the target (atomic on one
/// file system). A failed write or rename removes the temporary file.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Checks, before any work is done, that <paramref name="path"/> can be written: not empty, not a folder, not an
    /// existing file unless <paramref name="overwrite"/>, and its folder writable (a probe file is created and removed).
    /// </summary>
    /// <param name="path">The target file.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <param name="option">The option or parameter that named the path, for the message (e.g. "--out").</param>
    /// <exception cref="ArgumentException">The path is empty or names a folder.</exception>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or the folder cannot be written.</exception>
    public static void CheckWritable(string path, bool overwrite, string option = "path")
    {
        string full = CheckTarget(path, overwrite, option);
        string directory = Path.GetDirectoryName(full) ?? ".";
        string probe = TemporaryName(full, ".probe");
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(probe, []);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IOException($"{option}: cannot write in '{directory}' ({e.Message}).", e);
        }
        finally
        {
            TryDelete(probe);
        }
    }

    /// <summary>The checks of <see cref="CheckWritable"/> that need no write; returns the full path.</summary>
    private static string CheckTarget(string path, bool overwrite, string option)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"{option}: the file name is empty.");
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException($"{option}: '{path}' is not a valid file name ({e.Message}).", e);
        }

        if (Directory.Exists(full))
        {
            throw new ArgumentException($"{option}: '{path}' is a folder; give a file name.");
        }

        if (File.Exists(full) && !overwrite)
        {
            throw new IOException($"{path} exists; pass --force to replace it.");
        }

        string directory = Path.GetDirectoryName(full) ?? ".";
        if (File.Exists(directory))
        {
            throw new ArgumentException($"{option}: '{directory}' is a file, so '{path}' cannot be created in it.");
        }

        return full;
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public static void WriteText(string path, string text, bool overwrite) =>
        Write(path, temporary => File.WriteAllText(temporary, text), overwrite);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public static void WriteBytes(string path, byte[] bytes, bool overwrite) =>
        Write(path, temporary => File.WriteAllBytes(temporary, bytes), overwrite);

    /// <summary>
    /// Lets <paramref name="write"/> create a temporary file (same folder and extension, so writers that pick a format
    /// by extension work) and renames it to <paramref name="path"/>; the temporary file is removed if anything fails.
    /// </summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public static void Write(string path, Action<string> write, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(write);
        // The temporary file itself is the write probe here; only the checks that need no write run first.
        string full = CheckTarget(path, overwrite, "path");
        Directory.CreateDirectory(Path.GetDirectoryName(full) ?? ".");
        string temporary = TemporaryName(full, Path.GetExtension(full));
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    private static string TemporaryName(string full, string extension) =>
        Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp{extension}");

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done; the caller's own error (if any) is the one to report.
        }
    }
}
