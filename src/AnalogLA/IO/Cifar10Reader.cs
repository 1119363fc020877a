namespace AnalogLA.IO;

/// <summary>
/// CIFAR-10 binary batches (Krizhevsky, 2009): records of 3073 bytes — one label byte (0–9), then 1024 red,
/// 1024 green and 1024 blue bytes, each a row-major 32×32 plane.
/// </summary>
public static class Cifar10Reader
{
    /// <summary>Bytes per record.</summary>
    public const int RecordSize = 3073;

    /// <summary>Largest accepted batch file (a standard batch holds 10,000 records, 30.7 MB).</summary>
    public const long MaxFileBytes = 100_000L * RecordSize;

    /// <summary>Class names in label order.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Reads one or more batch files into one data set (pixels / 255).</summary>
    /// <exception cref="InvalidDataException">A file whose length is not a whole number of records, or a label above 9; names the file and record.</exception>
    public static ImageDataset Read(string name, params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var pixels = new List<float>();
        var labels = new List<int>();
        foreach (var path in paths)
        {
            var bytes = BoundedFile.ReadAllBytes(path, MaxFileBytes, "a CIFAR-10 batch file");
            if (bytes.Length == 0 || bytes.Length % RecordSize != 0)
            {
                throw new InvalidDataException($"{path}: {bytes.Length} bytes is not a whole number of {RecordSize}-byte CIFAR-10 records (record {bytes.Length / RecordSize} is truncated or the file is not CIFAR-10).");
            }

            int records = bytes.Length / RecordSize;
            for (int r = 0; r < records; r++)
            {
                int offset = r * RecordSize;
                int label = bytes[offset];
                if (label > 9)
                {
                    throw new InvalidDataException($"{path}: record {r} has label {label}, outside 0–9.");
                }

                labels.Add(label);
                for (int i = 1; i < RecordSize; i++)
                {
                    pixels.Add(bytes[offset + i] / 255f);
                }
            }
        }

        return new ImageDataset(name, pixels.ToArray(), labels.ToArray(), 3, 32, 32, 10);
    }
}
