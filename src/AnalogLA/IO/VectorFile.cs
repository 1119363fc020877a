using System.Globalization;

namespace AnalogLA.IO;

/// <summary>
/// A right-hand side or other vector from a file: a Matrix Market array or coordinate file of shape n×1 or 1×n, or
/// plain text with exactly one number per line ('%' starts a comment line). Nothing is guessed: a plain-text line
/// with two numbers is an error naming the line, not a size line to skip.
/// </summary>
public static class VectorFile
{
    /// <summary>Reads the vector in <paramref name="path"/> and checks that it has <paramref name="expectedLength"/> values.</summary>
    /// <exception cref="FormatException">A line that is not one finite number, or a Matrix Market file that is not one row or column; names the file and line.</exception>
    /// <exception cref="ArgumentException">The length differs from <paramref name="expectedLength"/>.</exception>
    public static double[] Read(string path, int expectedLength)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedLength);
        double[] values;
        using (var reader = new StreamReader(path))
        {
            bool matrixMarket = reader.Peek() == '%' && StartsWithHeader(path);
            if (matrixMarket)
            {
                var m = MatrixMarket.Read(path);
                if (m.ColumnCount != 1 && m.RowCount != 1)
                {
                    throw new FormatException($"{path}: a vector file must be n×1 or 1×n; this Matrix Market file is {m.RowCount}×{m.ColumnCount}.");
                }

                values = m.ColumnCount == 1 ? m.Column(0).ToArray() : m.Row(0).ToArray();
            }
            else
            {
                values = ReadPlain(new BoundedLineReader(reader, path), path, expectedLength);
            }
        }

        if (values.Length != expectedLength)
        {
            throw new ArgumentException($"{path} holds {values.Length} values; the matrix has {expectedLength} rows.");
        }

        return values;
    }

    private static bool StartsWithHeader(string path)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[14];
        int read = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, read).Equals("%%MatrixMarket", StringComparison.OrdinalIgnoreCase);
    }

    private static double[] ReadPlain(BoundedLineReader lines, string path, int expectedLength)
    {
        var values = new List<double>();
        string? line;
        while ((line = lines.ReadLine()) is not null)
        {
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('%'))
            {
                continue;
            }

            if (values.Count == expectedLength)
            {
                throw new FormatException($"{path}, line {lines.LineNumber}: more than the {expectedLength} values the matrix has rows for.");
            }

            var tokens = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length != 1)
            {
                throw new FormatException($"{path}, line {lines.LineNumber}: expected one number per line, found {tokens.Length} ('{(trimmed.Length > 60 ? trimmed[..60] + "…" : trimmed)}'); a Matrix Market vector needs its %%MatrixMarket header.");
            }

            if (!double.TryParse(tokens[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            {
                throw new FormatException($"{path}, line {lines.LineNumber}: '{(tokens[0].Length > 60 ? tokens[0][..60] + "…" : tokens[0])}' is not a finite number.");
            }

            values.Add(v);
        }

        return values.ToArray();
    }
}
