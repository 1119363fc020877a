using System.Text;

namespace AnalogLA.IO;

/// <summary>
/// Reads text lines no longer than a stated maximum, counting them, so that a binary file or an endless device
/// (<c>/dev/zero</c>) given where text was expected ends in a clear error instead of an unbounded allocation.
/// </summary>
public sealed class BoundedLineReader
{
    /// <summary>Default longest line, in characters (1 MiB): far beyond any Matrix Market or vector file line.</summary>
    public const int DefaultMaxLength = 1 << 20;

    private readonly TextReader reader;
    private readonly string source;
    private readonly int maxLength;
    private readonly StringBuilder line = new();

    /// <summary>Wraps <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public BoundedLineReader(TextReader reader, string source, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        this.reader = reader;
        this.source = source;
        this.maxLength = maxLength;
    }

    /// <summary>Number of the line last returned (1-based; 0 before the first).</summary>
    public int LineNumber { get; private set; }

    /// <summary>The next line without its terminator (\n, \r or \r\n), or null at the end.</summary>
    /// <exception cref="FormatException">The line is longer than the maximum or holds a NUL character.</exception>
    public string? ReadLine()
    {
        line.Clear();
        int c = reader.Read();
        if (c < 0)
        {
            return null;
        }

        LineNumber++;
        while (c >= 0 && c != '\n' && c != '\r')
        {
            if (c == '\0')
            {
                throw new FormatException($"{source}, line {LineNumber}: holds a NUL character; this is not a text file.");
            }

            if (line.Length >= maxLength)
            {
                throw new FormatException($"{source}, line {LineNumber}: longer than {maxLength:N0} characters; this is not a text file of the expected kind.");
            }

            line.Append((char)c);
            c = reader.Read();
        }

        if (c == '\r' && reader.Peek() == '\n')
        {
            reader.Read();
        }

        return line.ToString();
    }
}
