using AnalogLA.IO;

namespace AnalogLA.Cli;

/// <summary>Writes result files without ever leaving a half-written file or silently replacing one (see <see cref="AtomicFile"/>).</summary>
public static class ResultFile
{
    /// <summary>Checks before the work starts that every target can be written (<see cref="AtomicFile.CheckWritable"/>).</summary>
    public static void CheckTargets(bool overwrite, params (string? Path, string Option)[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, option) in targets)
        {
            if (path is null)
            {
                continue;
            }

            AtomicFile.CheckWritable(path, overwrite, option);
            if (!seen.Add(Path.GetFullPath(path)))
            {
                throw new ArgumentException($"{option}: '{path}' is also the target of another output option.");
            }
        }
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically; replaces a file only when <paramref name="overwrite"/>.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public static void WriteAtomically(string path, string text, bool overwrite) => AtomicFile.WriteText(path, text, overwrite);

    /// <summary>Lets <paramref name="write"/> create a temporary file and renames it to <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public static void WriteAtomically(string path, Action<string> write, bool overwrite) => AtomicFile.Write(path, write, overwrite);
}
