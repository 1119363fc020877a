using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.IO;

/// <summary>
/// Matrix Market files (NIST, "The Matrix Market Exchange Formats: Initial Design", 1996): coordinate and
/// array formats; real, integer and pattern fields; general, symmetric and skew-symmetric symmetry.
/// </summary>
public static class MatrixMarket
{
    /// <summary>Largest accepted number of rows or columns (2^24): MathNet's CSR row pointers then take 64 MB.</summary>
    public const int MaxDimension = 1 << 24;

    /// <summary>Largest accepted dense (array-format) matrix, in entries (2^26, 512 MB as doubles).</summary>
    public const long MaxDenseEntries = 1L << 26;

    /// <summary>Largest accepted number of stored coordinate entries (2^27; about 3 GB while reading).</summary>
    public const long MaxCoordinateEntries = 1L << 27;

    /// <summary>Reads a file into a MathNet matrix (sparse for coordinate, dense for array).</summary>
    /// <remarks>
    /// Duplicate coordinate entries are summed, as scipy's <c>mmread</c> (COO → CSR) and the Matrix Market
    /// convention for assembled matrices do; entries beyond the declared count, sizes beyond the limits above or
    /// beyond what the file's length can hold, and lines that are not text are rejected with the line number before
    /// any large allocation.
    /// </remarks>
    /// <exception cref="FormatException">The file is not valid Matrix Market; the message names the file and line.</exception>
    public static Matrix<double> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        using var reader = new StreamReader(path);
        // A regular file's length bounds what it can hold; devices and pipes report 0 and are bounded by the line reader.
        return Read(reader, path, info.Length > 0 ? info.Length : null);
    }

    /// <summary>Reads Matrix Market text; <paramref name="source"/> names it in errors.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">Name used in messages.</param>
    /// <param name="byteLength">The length of the underlying file when known: a declared size that cannot fit in it is rejected up front.</param>
    /// <exception cref="FormatException">The text is not valid Matrix Market; the message names the source and line.</exception>
    public static Matrix<double> Read(TextReader reader, string source = "matrix", long? byteLength = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lines = new BoundedLineReader(reader, source);
        string? header = lines.ReadLine();
        if (header is null || !header.StartsWith("%%MatrixMarket", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"{source}, line 1: expected a '%%MatrixMarket matrix <format> <field> <symmetry>' header, found '{Trim(header)}'.");
        }

        var h = header.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(t => t.ToLowerInvariant()).ToArray();
        if (h.Length != 5 || h[1] != "matrix")
        {
            throw new FormatException($"{source}, line 1: header must have 5 words ('%%MatrixMarket matrix format field symmetry'), found '{Trim(header)}'.");
        }

        string format = h[2], field = h[3], symmetry = h[4];
        if (format is not ("coordinate" or "array"))
        {
            throw new FormatException($"{source}, line 1: format must be 'coordinate' or 'array', found '{Trim(format)}'.");
        }

        if (field is not ("real" or "integer" or "pattern" or "double"))
        {
            throw new FormatException($"{source}, line 1: field must be real, integer or pattern (complex is not supported), found '{Trim(field)}'.");
        }

        if (symmetry is not ("general" or "symmetric" or "skew-symmetric"))
        {
            throw new FormatException($"{source}, line 1: symmetry must be general, symmetric or skew-symmetric, found '{Trim(symmetry)}'.");
        }

        if (format == "array" && field == "pattern")
        {
            throw new FormatException($"{source}, line 1: the array format cannot have a pattern field.");
        }

        string? line = NextDataLine(lines) ?? throw new FormatException($"{source}, line {lines.LineNumber + 1}: the file ends before the size line.");
        var size = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        int expectedSize = format == "coordinate" ? 3 : 2;
        var numbers = new long[size.Length];
        if (size.Length != expectedSize || !size.Select((t, k) => long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out numbers[k]) && numbers[k] >= 0).All(ok => ok))
        {
            throw new FormatException($"{source}, line {lines.LineNumber}: expected {expectedSize} non-negative integers (rows columns{(format == "coordinate" ? " entries" : string.Empty)}), found '{Trim(line)}'.");
        }

        if (numbers[0] > MaxDimension || numbers[1] > MaxDimension)
        {
            throw new FormatException($"{source}, line {lines.LineNumber}: {numbers[0]}×{numbers[1]} exceeds the largest accepted side, {MaxDimension:N0}.");
        }

        int rows = (int)numbers[0], cols = (int)numbers[1];
        if (symmetry != "general" && rows != cols)
        {
            throw new FormatException($"{source}, line {lines.LineNumber}: a {symmetry} matrix must be square, found {rows}×{cols}.");
        }

        // The values an array file stores: the whole matrix, or the lower (strict lower) triangle.
        long n = rows;
        long stored = symmetry == "general" ? (long)rows * cols : symmetry == "symmetric" ? n * (n + 1) / 2 : n * (n - 1) / 2;
        return format == "array"
            ? ReadArray(lines, source, (rows, cols, stored), symmetry, byteLength)
            : ReadCoordinate(lines, source, (rows, cols, numbers[2]), field, symmetry, byteLength);
    }

    private static Matrix<double> ReadArray(BoundedLineReader lines, string source, (int Rows, int Cols, long Stored) size, string symmetry, long? byteLength)
    {
        var (rows, cols, total) = size;
        if ((long)rows * cols > MaxDenseEntries)
        {
            throw new FormatException($"{source}, line {lines.LineNumber}: a dense {rows}×{cols} array ({(long)rows * cols:N0} entries) exceeds the limit of {MaxDenseEntries:N0} entries.");
        }

        // Every value takes at least two bytes ("0" and a line break).
        if (byteLength is long bytes && total > bytes / 2)
        {
            throw new FormatException($"{source}, line {lines.LineNumber}: {rows}×{cols} needs {total:N0} values, more than the file's {bytes:N0} bytes can hold.");
        }

        var dense = Matrix<double>.Build.Dense(rows, cols);
        long count = 0;
        int column = 0, row = 0;
        string? line;
        while (count < total && (line = NextDataLine(lines)) is not null)
        {
            double value = ParseValue(line.Trim(), source, lines.LineNumber);
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
            throw new FormatException($"{source}, line {lines.LineNumber}: expected {total} values, the file ends after {count}.");
        }

        RejectTrailing(lines, source, $"{total} values");
        return dense;
    }

    private static Matrix<double> ReadCoordinate(BoundedLineReader lines, string source, (int Rows, int Cols, long Entries) size, string field, string symmetry, long? byteLength)
    {
        var (rows, cols, entries) = size;
        int sizeLine = lines.LineNumber;
        if (entries > MaxCoordinateEntries)
        {
            throw new FormatException($"{source}, line {sizeLine}: {entries:N0} entries exceeds the limit of {MaxCoordinateEntries:N0}.");
        }

        // Each entry takes at least four bytes ("1 1" and a line break).
        if (byteLength is long bytes && entries > bytes / 4)
        {
            throw new FormatException($"{source}, line {sizeLine}: {entries:N0} entries cannot fit in the file's {bytes:N0} bytes.");
        }

        // Keys i·cols + j; duplicates are summed below, in file order, as scipy sums them.
        var keys = new List<long>((int)Math.Min(entries, 1 << 20));
        var values = new List<double>((int)Math.Min(entries, 1 << 20));
        long read = 0;
        string? line;
        int expected = field == "pattern" ? 2 : 3;
        while (read < entries && (line = NextDataLine(lines)) is not null)
        {
            var t = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (t.Length != expected)
            {
                throw new FormatException($"{source}, line {lines.LineNumber}: expected '{(field == "pattern" ? "row column" : "row column value")}', found '{Trim(line)}'.");
            }

            if (!int.TryParse(t[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) || i < 1 || i > rows)
            {
                throw new FormatException($"{source}, line {lines.LineNumber}: row index '{Trim(t[0])}' is not an integer in [1, {rows}].");
            }

            if (!int.TryParse(t[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int j) || j < 1 || j > cols)
            {
                throw new FormatException($"{source}, line {lines.LineNumber}: column index '{Trim(t[1])}' is not an integer in [1, {cols}].");
            }

            if (symmetry == "skew-symmetric" && i == j)
            {
                throw new FormatException($"{source}, line {lines.LineNumber}: a skew-symmetric matrix has a zero diagonal; found entry ({i}, {j}).");
            }

            double v = field == "pattern" ? 1.0 : ParseValue(t[2], source, lines.LineNumber);
            if (symmetry != "general" && j > i)
            {
                // An entry above the diagonal stands for its mirror image (scipy mirrors every off-diagonal entry).
                (i, j, v) = (j, i, symmetry == "skew-symmetric" ? -v : v);
            }

            keys.Add(((long)(i - 1) * cols) + (j - 1));
            values.Add(v);
            read++;
        }

        if (read < entries)
        {
            throw new FormatException($"{source}, line {lines.LineNumber}: the header announces {entries} entries, the file ends after {read}.");
        }

        RejectTrailing(lines, source, $"{entries} entries");
        var triplets = new List<Tuple<int, int, double>>(symmetry == "general" ? keys.Count : 2 * keys.Count);
        foreach (var (key, value) in Sum(keys, values))
        {
            int i = (int)(key / cols), j = (int)(key % cols);
            triplets.Add(Tuple.Create(i, j, value));
            if (i != j && symmetry == "symmetric")
            {
                triplets.Add(Tuple.Create(j, i, value));
            }
            else if (i != j && symmetry == "skew-symmetric")
            {
                triplets.Add(Tuple.Create(j, i, -value));
            }
        }

        return Matrix<double>.Build.SparseOfIndexed(rows, cols, triplets);
    }

    /// <summary>Entries with equal keys summed (in the order they appear, so the sum is reproducible), sorted by key.</summary>
    private static IEnumerable<(long Key, double Value)> Sum(List<long> keys, List<double> values)
    {
        var order = Enumerable.Range(0, keys.Count).ToArray();
        Array.Sort(order, (x, y) => keys[x] != keys[y] ? keys[x].CompareTo(keys[y]) : x.CompareTo(y));
        for (int k = 0; k < order.Length;)
        {
            long key = keys[order[k]];
            double sum = 0;
            for (; k < order.Length && keys[order[k]] == key; k++)
            {
                sum += values[order[k]];
            }

            yield return (key, sum);
        }
    }

    private static string? NextDataLine(BoundedLineReader lines)
    {
        string? line;
        while ((line = lines.ReadLine()) is not null)
        {
            if (line.Length != 0 && !line.TrimStart().StartsWith('%') && !string.IsNullOrWhiteSpace(line))
            {
                return line;
            }
        }

        return null;
    }

    private static void RejectTrailing(BoundedLineReader lines, string source, string declared)
    {
        if (NextDataLine(lines) is string extra)
        {
            throw new FormatException($"{source}, line {lines.LineNumber}: data after the declared {declared} ('{Trim(extra)}'); the size line and the data disagree.");
        }
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
        AtomicFile.Write(path, temporary =>
        {
            using var writer = new StreamWriter(temporary);
            Write(writer, matrix);
        }, overwrite);
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
