using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.IO;

/// <summary>
/// Matrix Market files (NIST, "The Matrix Market Exchange Formats: Initial Design", 1996): coordinate and
/// array formats; real, integer and pattern fields; general, symmetric and skew-symmetric symmetry.
/// </summary>
public static class MatrixMarket
{
    /// <summary>Reads a file into a MathNet matrix (sparse for coordinate, dense for array).</summary>
    /// <exception cref="FormatException">The file is not valid Matrix Market; the message names the file and line.</exception>
    public static Matrix<double> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads Matrix Market text; <paramref name="source"/> names it in errors.</summary>
    public static Matrix<double> Read(TextReader reader, string source = "matrix")
    {
        ArgumentNullException.ThrowIfNull(reader);
        int lineNumber = 1;
        string? header = reader.ReadLine();
        if (header is null || !header.StartsWith("%%MatrixMarket", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"{source}, line 1: expected a '%%MatrixMarket matrix <format> <field> <symmetry>' header, found '{Trim(header)}'.");
        }

        var h = header.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(t => t.ToLowerInvariant()).ToArray();
        if (h.Length != 5 || h[1] != "matrix")
        {
            throw new FormatException($"{source}, line 1: header must have 5 words ('%%MatrixMarket matrix format field symmetry'), found '{header}'.");
        }

        string format = h[2], field = h[3], symmetry = h[4];
        if (format is not ("coordinate" or "array"))
        {
            throw new FormatException($"{source}, line 1: format must be 'coordinate' or 'array', found '{format}'.");
        }

        if (field is not ("real" or "integer" or "pattern" or "double"))
        {
            throw new FormatException($"{source}, line 1: field must be real, integer or pattern (complex is not supported), found '{field}'.");
        }

        if (symmetry is not ("general" or "symmetric" or "skew-symmetric"))
        {
            throw new FormatException($"{source}, line 1: symmetry must be general, symmetric or skew-symmetric, found '{symmetry}'.");
        }

        if (format == "array" && field == "pattern")
        {
            throw new FormatException($"{source}, line 1: the array format cannot have a pattern field.");
        }

        string? line;
        string[] size;
        while (true)
        {
            line = reader.ReadLine();
            lineNumber++;
            if (line is null)
            {
                throw new FormatException($"{source}, line {lineNumber}: the file ends before the size line.");
            }

            if (line.Length == 0 || line.TrimStart().StartsWith('%'))
            {
                continue;
            }

            size = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            break;
        }

        int expectedSize = format == "coordinate" ? 3 : 2;
        if (size.Length != expectedSize || !size.All(t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 0))
        {
            throw new FormatException($"{source}, line {lineNumber}: expected {expectedSize} non-negative integers (rows columns{(format == "coordinate" ? " entries" : string.Empty)}), found '{line}'.");
        }

        int rows = int.Parse(size[0], CultureInfo.InvariantCulture), cols = int.Parse(size[1], CultureInfo.InvariantCulture);
        if (symmetry != "general" && rows != cols)
        {
            throw new FormatException($"{source}, line {lineNumber}: a {symmetry} matrix must be square, found {rows}×{cols}.");
        }

        if (format == "array")
        {
            var dense = Matrix<double>.Build.Dense(rows, cols);
            int count = 0;
            int total = symmetry == "general" ? rows * cols : symmetry == "symmetric" ? rows * (rows + 1) / 2 : rows * (rows - 1) / 2;
            int column = 0, row = 0;
            while (count < total && (line = reader.ReadLine()) is not null)
            {
                lineNumber++;
                if (line.Length == 0 || line.TrimStart().StartsWith('%'))
                {
                    continue;
                }

                double value = ParseValue(line.Trim(), source, lineNumber);
                // Column-major; symmetric stores the lower triangle, skew-symmetric the strict lower triangle.
                int start = symmetry == "general" ? 0 : symmetry == "symmetric" ? column : column + 1;
                if (row < start)
                {
                    row = start;
                }

                dense[row, column] = value;
                if (symmetry == "symmetric") { dense[column, row] = value; }
                if (symmetry == "skew-symmetric") { dense[column, row] = -value; }
                count++;
                row++;
                if (row >= rows)
                {
                    column++;
                    row = 0;
                }
            }

            if (count < total)
            {
                throw new FormatException($"{source}, line {lineNumber}: expected {total} values, the file ends after {count}.");
            }

            return dense;
        }

        int entries = int.Parse(size[2], CultureInfo.InvariantCulture);
        var triplets = new List<Tuple<int, int, double>>(symmetry == "general" ? entries : 2 * entries);
        int read = 0;
        while (read < entries && (line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0 || line.TrimStart().StartsWith('%'))
            {
                continue;
            }

            var t = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            int expected = field == "pattern" ? 2 : 3;
            if (t.Length < expected)
            {
                throw new FormatException($"{source}, line {lineNumber}: expected '{(field == "pattern" ? "row column" : "row column value")}', found '{line}'.");
            }

            if (!int.TryParse(t[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) || i < 1 || i > rows)
            {
                throw new FormatException($"{source}, line {lineNumber}: row index '{t[0]}' is not an integer in [1, {rows}].");
            }

            if (!int.TryParse(t[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int j) || j < 1 || j > cols)
            {
                throw new FormatException($"{source}, line {lineNumber}: column index '{t[1]}' is not an integer in [1, {cols}].");
            }

            double v = field == "pattern" ? 1.0 : ParseValue(t[2], source, lineNumber);
            triplets.Add(Tuple.Create(i - 1, j - 1, v));
            if (i != j && symmetry == "symmetric")
            {
                triplets.Add(Tuple.Create(j - 1, i - 1, v));
            }
            else if (symmetry == "skew-symmetric")
            {
                if (i == j)
                {
                    throw new FormatException($"{source}, line {lineNumber}: a skew-symmetric matrix has a zero diagonal; found entry ({i}, {j}).");
                }

                triplets.Add(Tuple.Create(j - 1, i - 1, -v));
            }

            read++;
        }

        if (read < entries)
        {
            throw new FormatException($"{source}, line {lineNumber}: the header announces {entries} entries, the file ends after {read}.");
        }

        return Matrix<double>.Build.SparseOfIndexed(rows, cols, triplets);
    }

    private static double ParseValue(string text, string source, int line)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            throw new FormatException($"{source}, line {line}: '{text}' is not a finite real number.");
        }

        return v;
    }

    private static string Trim(string? s) => s is null ? "end of file" : s.Length > 60 ? s[..60] + "…" : s;

    /// <summary>
    /// Writes <paramref name="matrix"/> as coordinate real general (sparse) or array real general (dense), with
    /// round-trip ("R") number formatting; writes to a temporary file and renames it into place.
    /// </summary>
    public static void Write(string path, Matrix<double> matrix, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(matrix);
        if (File.Exists(path) && !overwrite)
        {
            throw new IOException($"{path} exists; pass overwrite: true to replace it.");
        }

        string temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary))
        {
            Write(writer, matrix);
        }

        File.Move(temporary, path, overwrite);
    }

    /// <summary>Writes Matrix Market text.</summary>
    public static void Write(TextWriter writer, Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Storage.IsDense)
        {
            writer.WriteLine("%%MatrixMarket matrix array real general");
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{matrix.RowCount} {matrix.ColumnCount}"));
            for (int j = 0; j < matrix.ColumnCount; j++)
            {
                for (int i = 0; i < matrix.RowCount; i++)
                {
                    writer.WriteLine(matrix[i, j].ToString("R", CultureInfo.InvariantCulture));
                }
            }

            return;
        }

        var entries = matrix.EnumerateIndexed(Zeros.AllowSkip).Where(e => e.Item3 != 0).ToList();
        writer.WriteLine("%%MatrixMarket matrix coordinate real general");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{matrix.RowCount} {matrix.ColumnCount} {entries.Count}"));
        foreach (var (i, j, v) in entries)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i + 1} {j + 1} {v:R}"));
        }
    }
}
