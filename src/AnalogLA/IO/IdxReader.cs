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
    /// <summary>Largest accepted data size in bytes (1 GiB; all of MNIST is 47 MB).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Reads an unsigned-byte IDX file: its dimensions and its bytes.</summary>
    /// <exception cref="InvalidDataException">A malformed header or truncated data; the message names the file and the record.</exception>
    public static (int[] Dimensions, byte[] Data) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        var magic = new byte[2];
        int got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            try
            {
                return Read(gzip, path);
            }
            catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
            {
                // GZipStream's own messages do not name the file.
                throw new InvalidDataException($"{path}: corrupt gzip data ({e.Message}).", e);
            }
        }

        return Read(file, path);
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

            // Checked after every factor, so the product can neither overflow nor wrap.
            total *= dimensions[d];
            if (total > MaxBytes)
            {
                throw new InvalidDataException($"{name}: the header declares {string.Join("×", dimensions.Take(d + 1))}… values, more than the limit of {MaxBytes:N0} bytes.");
            }
        }

        long recordSize = total / dimensions[0];
        if (stream.CanSeek && total > stream.Length - stream.Position)
        {
            throw new InvalidDataException($"{name}: truncated — the header declares {total:N0} data bytes, the file holds {stream.Length - stream.Position:N0} (record {(stream.Length - stream.Position) / recordSize} of {dimensions[0]} is incomplete).");
        }

        // Without a known length (gzip) the buffer grows with the data actually present, never to the declared size at once.
        var data = new byte[stream.CanSeek ? total : Math.Min(total, 1 << 20)];
        long offset = 0;
        while (offset < total)
        {
            if (offset == data.Length)
            {
                Array.Resize(ref data, (int)Math.Min(total, 2L * data.Length));
            }

            int read = stream.Read(data, (int)offset, (int)(data.Length - offset));
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
