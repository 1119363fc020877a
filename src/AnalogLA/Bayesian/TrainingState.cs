using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AnalogLA.Bayesian;

/// <summary>
/// What a training run needs beyond the network's checkpoint to continue exactly where it stopped: the epochs done,
/// Adam's step count and both moments of every parameter, and the options the run was started with. Written after
/// every epoch next to the checkpoint (atomically), read by <c>bnn train --resume</c>.
/// </summary>
/// <remarks>
/// The shuffle, the augmentation and the weight noise of every step are drawn from counter-based streams keyed by the
/// epoch and step, and the backward pass sums in a fixed order, so a resumed run gives the same parameters as an
/// uninterrupted one, bit for bit (tested). Layout: magic, version, a JSON header, the moments as float32 in
/// parameter order, SHA-256 of everything before it.
/// </remarks>
public sealed record TrainingState(int CompletedEpochs, int AdamSteps, TrainingOptions Options, string Layers, int TrainingImages)
{
    /// <summary>Format version.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "ANLATRN1"u8.ToArray();

    /// <summary>The state file that belongs to checkpoint <paramref name="checkpointPath"/>.</summary>
    public static string PathFor(string checkpointPath) => checkpointPath + ".state";

    /// <summary>Writes the state of <paramref name="network"/>'s optimiser to <paramref name="path"/> (temporary file, then rename).</summary>
    public void Save(Network network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(JsonSerializer.Serialize(this));
            foreach (var p in network.Parameters)
            {
                writer.Write(p.Length);
                foreach (var moment in new[] { p.FirstMoment, p.SecondMoment })
                {
                    foreach (float v in moment)
                    {
                        writer.Write(v);
                    }
                }
            }
        }

        buffer.Write(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        IO.AtomicFile.WriteBytes(path, buffer.ToArray(), overwrite: true);
    }

    /// <summary>Reads the state at <paramref name="path"/> into <paramref name="network"/>'s optimiser moments.</summary>
    /// <exception cref="InvalidDataException">Corrupt, truncated, another version, or written for another network.</exception>
    public static TrainingState Load(string path, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        long limit = (2 * 4 * network.ParameterCount) + (4L * network.Parameters.Count) + (1 << 20);
        var bytes = IO.BoundedFile.ReadAllBytes(path, limit, "the training state of this network");
        if (bytes.Length < Magic.Length + 4 + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path}: not an AnalogLA training state (magic bytes missing).");
        }

        if (!bytes.AsSpan(bytes.Length - 32).SequenceEqual(SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32))))
        {
            throw new InvalidDataException($"{path}: checksum mismatch — the file is corrupt or truncated.");
        }

        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 32), Encoding.UTF8);
        try
        {
            reader.ReadBytes(Magic.Length);
            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"{path}: training-state format version {version}; this build reads version {FormatVersion}.");
            }

            var state = JsonSerializer.Deserialize<TrainingState>(reader.ReadString())
                ?? throw new InvalidDataException($"{path}: empty header.");
            if (state.Layers != network.Body.Describe())
            {
                throw new InvalidDataException($"{path}: written for the layers {state.Layers}, not for this checkpoint's {network.Body.Describe()}.");
            }

            foreach (var p in network.Parameters)
            {
                int length = reader.ReadInt32();
                if (length != p.Length)
                {
                    throw new InvalidDataException($"{path}: moments of {length} values for parameter '{p.Name}' of {p.Length}.");
                }

                foreach (var moment in new[] { p.FirstMoment, p.SecondMoment })
                {
                    for (int i = 0; i < length; i++)
                    {
                        moment[i] = reader.ReadSingle();
                    }
                }
            }

            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new InvalidDataException($"{path}: unexpected bytes after the last parameter.");
            }

            return state;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or JsonException)
        {
            throw new InvalidDataException($"{path}: malformed or truncated training state ({e.Message}).", e);
        }
    }

    /// <summary>
    /// Throws when <paramref name="options"/> or the data set differ from the run being resumed, naming the field: a
    /// different schedule, batch, seed or data set would not continue the same run.
    /// </summary>
    public void CheckContinues(TrainingOptions options, int trainingImages, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        void Same<T>(T stored, T given, string field)
        {
            if (!EqualityComparer<T>.Default.Equals(stored, given))
            {
                throw new ArgumentException($"--resume: {path} was written with {field} {stored}, this run asks for {given}; resuming needs the same value.");
            }
        }

        Same(Options.Epochs, options.Epochs, "--epochs");
        Same(Options.BatchSize, options.BatchSize, "--batch");
        Same(Options.LearningRate, options.LearningRate, "--lr");
        Same(Options.KlWeight, options.KlWeight, "--kl-weight");
        Same(Options.Seed, options.Seed, "--seed");
        Same(Options.Augment, options.Augment, "augmentation");
        Same(TrainingImages, trainingImages, "training images (--dataset/--train-limit)");
    }
}
