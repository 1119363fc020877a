namespace AnalogLA.IO;

/// <summary>
/// Reads a whole file no larger than a stated limit. <see cref="File.ReadAllBytes"/> trusts the file system's length,
/// which is 0 for devices and pipes (<c>/dev/zero</c> never ends): this reads in chunks and stops at the limit.
/// </summary>
public static class BoundedFile
{
    /// <summary>The bytes of <paramref name="path"/>; <paramref name="what"/> names the kind of file in the message.</summary>
    /// <exception cref="InvalidDataException">The file holds more than <paramref name="maxBytes"/> bytes.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long declared = stream.CanSeek ? stream.Length : 0;
        if (declared > maxBytes)
        {
            throw new InvalidDataException($"{path}: {declared:N0} bytes is larger than {what} can be (limit {maxBytes:N0}).");
        }

        using var buffer = new MemoryStream(declared > 0 ? (int)declared : 1 << 16);
        var chunk = new byte[1 << 16];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new InvalidDataException($"{path}: more than {maxBytes:N0} bytes, larger than {what} can be (is it a device or a pipe?).");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
