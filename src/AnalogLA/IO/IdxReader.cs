using System.IO.Compression;

namespace AnalogLA.IO;

/// <summary>
/// The IDX format of MNIST and Fashion-MNIST (LeCun et al.; Xiao, Rasul and Vollgraf, arXiv:1708.07747, 2017):
/// a big-endian header (two zero bytes, a type code — 0x08 for unsigned bytes — and the number of dimensions),
/// one 32-bit big-endian size per dimension, then the data. Gzipped files (".gz", or the gzip magic bytes) are
/// read transparently.
/// </summary>
public static class IdxReader
{
    /// <summary>Reads an unsigned-byte IDX file: its dimensions and its bytes.</summary>
    /// <exception cref="InvalidDataException">A malformed header or truncated data; the message names the file and the record.</exception>
    public static (int[] Dimensions, byte[] Data) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        Stream stream = file;
        var magic = new byte[2];
        int got = file.Read(magic, 0, 2);
        file.Position = 0;
        if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            stream = new GZipStream(file, CompressionMode.Decompress);
        }

        using (stream)
        {
            return Read(stream, path);
        }
    }

    /// <summary>Reads an unsigned-byte IDX stream (<paramref name="name"/> is used in messages).</summary>
    public static (int[] Dimensions, byte[] Data) Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[4];
        ReadExactly(stream, header, name, "the 4-byte header");
        if (header[0] != 0 || header[1] != 0)
        {
            throw new InvalidDataException($"{name}: not an IDX file (the first two bytes must be zero, got {header[0]:X2} {header[1]:X2}).");
        }

        if (header[2] != 0x08)
        {
            throw new InvalidDataException($"{name}: IDX type code 0x{header[2]:X2} is not supported (only 0x08, unsigned bytes).");
        }

        int rank = header[3];
        if (rank is < 1 or > 4)
        {
            throw new InvalidDataException($"{name}: IDX rank {rank} is outside 1–4.");
        }

        var dimensions = new int[rank];
        long total = 1;
        var size = new byte[4];
        for (int d = 0; d < rank; d++)
        {
            ReadExactly(stream, size, name, $"dimension {d} of the header");
            dimensions[d] = (size[0] << 24) | (size[1] << 16) | (size[2] << 8) | size[3];
            if (dimensions[d] <= 0)
            {
                throw new InvalidDataException($"{name}: dimension {d} is {dimensions[d]}; it must be positive.");
            }

            total *= dimensions[d];
        }

        if (total > Array.MaxLength)
        {
            throw new InvalidDataException($"{name}: {total} values are too many.");
        }

        var data = new byte[total];
        int recordSize = (int)(total / dimensions[0]);
        int offset = 0;
        while (offset < data.Length)
        {
            int read = stream.Read(data, offset, data.Length - offset);
            if (read == 0)
            {
                throw new InvalidDataException($"{name}: truncated — record {offset / recordSize} of {dimensions[0]} is incomplete ({offset} of {total} data bytes present).");
            }

            offset += read;
        }

        return (dimensions, data);
    }

    /// <summary>Reads an image file and its label file into a data set (pixels / 255).</summary>
    public static ImageDataset ReadImages(string imagesPath, string labelsPath, string name, int classes = 10)
    {
        var (imageDims, pixels) = Read(imagesPath);
        var (labelDims, labelBytes) = Read(labelsPath);
        if (imageDims.Length != 3)
        {
            throw new InvalidDataException($"{imagesPath}: image files have 3 dimensions (count, rows, columns), found {imageDims.Length}.");
        }

        if (labelDims.Length != 1 || labelDims[0] != imageDims[0])
        {
            throw new InvalidDataException($"{labelsPath}: {string.Join("×", labelDims)} labels do not match the {imageDims[0]} images of {imagesPath}.");
        }

        var values = new float[pixels.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = pixels[i] / 255f;
        }

        var labels = new int[labelBytes.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = labelBytes[i];
            if (labels[i] >= classes)
            {
                throw new InvalidDataException($"{labelsPath}: record {i} has label {labels[i]}, outside 0–{classes - 1}.");
            }
        }

        return new ImageDataset(name, values, labels, 1, imageDims[1], imageDims[2], classes);
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string name, string what)
    {
        int offset = 0;
        while (offset < buffer.Length)
        {
            int read = stream.Read(buffer, offset, buffer.Length - offset);
            if (read == 0)
            {
                throw new InvalidDataException($"{name}: file ends inside {what}.");
            }

            offset += read;
        }
    }
}
