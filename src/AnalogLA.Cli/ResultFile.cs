namespace AnalogLA.Cli;

/// <summary>Writes result files without ever leaving a half-written file or silently replacing one.</summary>
public static class ResultFile
{
    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/> through a temporary file in the same
    /// folder, then renames it into place. An existing file is replaced only when <paramref name="overwrite"/>.
    /// </summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public static void WriteAtomically(string path, string text, bool overwrite) =>
        WriteAtomically(path, temporary => File.WriteAllText(temporary, text), overwrite);

    /// <summary>
    /// Lets <paramref name="write"/> create a temporary file (same folder and extension) and renames it to
    /// <paramref name="path"/>; for writers that take a path, such as plot libraries.
    /// </summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public static void WriteAtomically(string path, Action<string> write, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        if (File.Exists(full) && !overwrite)
        {
            throw new IOException($"{path} exists; pass --force to replace it.");
        }

        string directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp{Path.GetExtension(full)}");
        write(temporary);
        File.Move(temporary, full, overwrite);
    }
}
