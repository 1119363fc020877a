namespace AnalogLA.Cli;

/// <summary>Writes result files without ever leaving a half-written file or silently replacing one.</summary>
public static class ResultFile
{
    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/> through a temporary file in the same
    /// folder, then renames it into place. An existing file is replaced only when <paramref name="overwrite"/>.
    /// </summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public static void WriteAtomically(string path, string text, bool overwrite)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full) && !overwrite)
        {
            throw new IOException($"{path} exists; pass --force to replace it.");
        }

        string directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temporary, text);
        File.Move(temporary, full, overwrite);
    }
}
