using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AnalogLA.Bayesian;

/// <summary>
/// Versioned binary checkpoints: magic "ANLABNN1", format version (int32), the architecture as JSON (with the
/// layer description that must match on load), named float32 arrays (parameters, buffers, input normalisation),
/// and a SHA-256 of everything before it. Loading rebuilds the network and rejects a corrupt file, another format
/// version, or arrays that do not fit the architecture, with a message naming the file and the problem.
/// </summary>
public static class Checkpoint
{
    /// <summary>Current format version.</summary>
    public const int FormatVersion = 1;

    /// <summary>Largest checkpoint file read: two floats per weight at <see cref="Architecture.MaxWeights"/>, plus headroom.</summary>
    public const long MaxBytes = (2 * 4 * Architecture.MaxWeights) + (64L << 20);

    private static readonly byte[] Magic = "ANLABNN1"u8.ToArray();

    /// <summary>Writes <paramref name="network"/> to <paramref name="path"/> through a temporary file (atomic rename).</summary>
    public static void Save(Network network, string path, bool overwrite = true)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        if (File.Exists(full) && !overwrite)
        {
            throw new IOException($"{path} exists; refusing to overwrite it.");
        }

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(JsonSerializer.Serialize(new Header(network.Architecture, network.Body.Describe())));
            var arrays = Arrays(network).ToList();
            writer.Write(arrays.Count);
            foreach (var (name, values) in arrays)
            {
                writer.Write(name);
                writer.Write(values.Length);
                foreach (float v in values)
                {
                    writer.Write(v);
                }
            }
        }

        var hash = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(hash);
        IO.AtomicFile.WriteBytes(full, buffer.ToArray(), overwrite);
    }

    /// <summary>Reads a checkpoint; <paramref name="expectedModel"/> (if given) must match its architecture.</summary>
    /// <exception cref="InvalidDataException">Corrupt, truncated, another version, or not fitting the architecture.</exception>
    public static Network Load(string path, string? expectedModel = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = IO.BoundedFile.ReadAllBytes(path, MaxBytes, "a checkpoint this build writes");
        if (bytes.Length < Magic.Length + 4 + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path}: not an AnalogLA Bayesian-network checkpoint (magic bytes missing).");
        }

        var stored = bytes.AsSpan(bytes.Length - 32);
        var actual = SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32));
        if (!stored.SequenceEqual(actual))
        {
            throw new InvalidDataException($"{path}: checksum mismatch — the file is corrupt or truncated.");
        }

        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 32), Encoding.UTF8);
        try
        {
            return Read(reader, path, expectedModel);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path}: the checkpoint ends inside its content (malformed or truncated before the checksum).", e);
        }
        catch (FormatException e)
        {
            // BinaryReader's length-prefixed strings: a corrupt length prefix.
            throw new InvalidDataException($"{path}: malformed content ({e.Message}).", e);
        }
    }

    private static Network Read(BinaryReader reader, string path, string? expectedModel)
    {
        reader.ReadBytes(Magic.Length);
        int version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"{path}: checkpoint format version {version}; this build reads version {FormatVersion}.");
        }

        Header? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<Header>(reader.ReadString());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the architecture header is not valid JSON ({e.Message}).", e);
        }

        if (parsed?.Architecture is not { } architecture || parsed.Layers is null)
        {
            throw new InvalidDataException($"{path}: the architecture header is empty or lacks \"Architecture\" or \"Layers\".");
        }

        if (expectedModel is not null && !string.Equals(expectedModel, architecture.Model, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{path}: the checkpoint holds a {architecture.Model}, not a {expectedModel}.");
        }

        Network network;
        try
        {
            // Validate first: the header's sizes are checked against their limits before any layer is allocated.
            architecture.Validate();
            network = new Network(architecture);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: cannot rebuild the architecture: {e.Message}", e);
        }

        if (network.Body.Describe() != parsed.Layers)
        {
            throw new InvalidDataException($"{path}: layer layout differs from what this build makes of '{architecture.Model}' (file: {parsed.Layers}).");
        }

        int count = reader.ReadInt32();
        var targets = Arrays(network).ToList();
        if (count != targets.Count)
        {
            throw new InvalidDataException($"{path}: {count} arrays stored, the architecture has {targets.Count}.");
        }

        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            int length = reader.ReadInt32();
            var (expectedName, values) = targets[i];
            if (name != expectedName || length != values.Length)
            {
                throw new InvalidDataException($"{path}: array {i} is '{name}' with {length} values; the architecture expects '{expectedName}' with {values.Length}.");
            }

            for (int j = 0; j < length; j++)
            {
                values[j] = reader.ReadSingle();
                if (!float.IsFinite(values[j]))
                {
                    throw new InvalidDataException($"{path}: array '{name}', value {j} is {values[j]}; a checkpoint holds finite numbers only.");
                }
            }
        }

        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new InvalidDataException($"{path}: {reader.BaseStream.Length - reader.BaseStream.Position} unexpected bytes after the last array.");
        }

        return network;
    }

    private static IEnumerable<(string Name, float[] Values)> Arrays(Network network)
    {
        int index = 0;
        foreach (var p in network.Parameters)
        {
            yield return ($"p{index++}.{p.Name}", p.Value);
        }

        index = 0;
        foreach (var b in network.Buffers)
        {
            yield return ($"b{index++}.{b.Name}", b.Value);
        }

        yield return ("input_mean", network.InputMean);
        yield return ("input_std", network.InputStd);
    }

    private sealed record Header(Architecture Architecture, string Layers);
}
