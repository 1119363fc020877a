using System.Security.Cryptography;
using System.Text;
using AnalogLA.Bayesian;

namespace AnalogLA.Tests.Bayesian;

/// <summary>
/// The checkpoint's content checks, each reached with a valid checksum (the damage is re-hashed, as a tool that rewrote
/// the file would): format version, header JSON and fields, architecture limits, layer layout, array count, names and
/// lengths, non-finite values, trailing bytes, truncation inside the content, a corrupt string prefix; and Save's refusal
/// to overwrite. The layout used to craft the files is the documented one: "ANLABNN1", int32 version, the header as a
/// length-prefixed UTF-8 string, int32 array count, per array (string name, int32 length, float32 values), SHA-256 of all.
/// </summary>
public class CheckpointFormatTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "analogla-format-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private static Network Small() => Network.FromLayers(
        new Sequential([new BayesianConv2d(1, 2, 3, 1, 1, new BayesianOptions(), 3), new ReLU(), new Flatten(), new BayesianLinear(2 * 6 * 6, 3, new BayesianOptions(), 4)]), 1, 6, 3);

    /// <summary>The parts of a saved file: header string, then everything from the array count to the checksum.</summary>
    private (string Header, byte[] Body) Parts()
    {
        string path = Path.Combine(_folder, "source.bnn");
        Checkpoint.Save(Small(), path);
        var bytes = File.ReadAllBytes(path);
        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 32), Encoding.UTF8);
        Assert.That(Encoding.ASCII.GetString(reader.ReadBytes(8)), Is.EqualTo("ANLABNN1"));
        Assert.That(reader.ReadInt32(), Is.EqualTo(Checkpoint.FormatVersion));
        string header = reader.ReadString();
        var body = bytes[(int)reader.BaseStream.Position..^32];
        return (header, body);
    }

    /// <summary>Writes magic, version, header and body, then the SHA-256 of all of it; returns Load's message.</summary>
    private string LoadCrafted(int version, string header, byte[] body, string? expectedModel = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("ANLABNN1"u8);
            writer.Write(version);
            writer.Write(header);
            writer.Write(body);
        }

        buffer.Write(SHA256.HashData(buffer.ToArray()));
        string path = Path.Combine(_folder, "crafted.bnn");
        File.WriteAllBytes(path, buffer.ToArray());
        return Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, expectedModel))!.Message;
    }

    private static byte[] Int(int value) => BitConverter.GetBytes(value);

    [Test]
    public void AnUntouchedCraftedFileLoads()
    {
        var (header, body) = Parts();
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("ANLABNN1"u8);
            writer.Write(Checkpoint.FormatVersion);
            writer.Write(header);
            writer.Write(body);
        }

        buffer.Write(SHA256.HashData(buffer.ToArray()));
        string path = Path.Combine(_folder, "same.bnn");
        File.WriteAllBytes(path, buffer.ToArray());
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(File.ReadAllBytes(Path.Combine(_folder, "source.bnn"))), "the documented layout is the written one");
        Assert.That(Checkpoint.Load(path, "CUSTOM").Architecture.Model, Is.EqualTo(Architecture.Custom), "the model name compares without case");
    }

    [Test]
    public void AnotherVersionIsNamed()
    {
        var (header, body) = Parts();
        Assert.That(LoadCrafted(2, header, body), Does.Contain("checkpoint format version 2; this build reads version 1"));
    }

    [Test]
    public void HeaderDamageIsNamed()
    {
        var (header, body) = Parts();
        Assert.That(LoadCrafted(1, "{not json", body), Does.Contain("the architecture header is not valid JSON"));
        Assert.That(LoadCrafted(1, "null", body), Does.Contain("lacks \"Architecture\" or \"Layers\""));
        Assert.That(LoadCrafted(1, header.Replace("\"Layers\":", "\"Layerz\":"), body), Does.Contain("lacks \"Architecture\" or \"Layers\""));
        Assert.That(LoadCrafted(1, header.Replace("\"Architecture\":", "\"Architecturez\":"), body), Does.Contain("lacks \"Architecture\" or \"Layers\""));
        Assert.That(LoadCrafted(1, header, body, expectedModel: "lenet5"), Does.Contain("holds a custom, not a lenet5"));
        Assert.That(LoadCrafted(1, header.Replace("\"Classes\":3", "\"Classes\":0"), body), Does.Contain("cannot rebuild the architecture"));
    }

    [Test]
    public void ALayoutThatDiffersFromTheRebuiltOneIsNamed()
    {
        // A built-in model whose stored layer description is not what this build makes of it.
        var network = new Network(new Architecture("lenet5", 1, 28, 10), seed: 1);
        string path = Path.Combine(_folder, "lenet.bnn");
        Checkpoint.Save(network, path);
        var bytes = File.ReadAllBytes(path);
        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 32), Encoding.UTF8);
        reader.ReadBytes(12);
        string header = reader.ReadString();
        var body = bytes[(int)reader.BaseStream.Position..^32];
        string layers = network.Body.Describe();
        Assert.That(header, Does.Contain(layers));
        Assert.That(LoadCrafted(1, header.Replace(layers, "[ReLU]"), body), Does.Contain("layer layout differs from what this build makes of 'lenet5' (file: [ReLU])"));
    }

    [Test]
    public void ArrayDamageIsNamed()
    {
        var (header, body) = Parts();
        int count = BitConverter.ToInt32(body, 0);
        Assert.That(LoadCrafted(1, header, [.. Int(count + 1), .. body[4..]]), Does.Contain($"{count + 1} arrays stored, the architecture has {count}"));

        // The first array's name: a length-prefixed "p0.<name>"; change one letter of it.
        var renamed = (byte[])body.Clone();
        renamed[6] = (byte)'q';                // "p0.weight_mu" → "pq.weight_mu"
        Assert.That(LoadCrafted(1, header, renamed), Does.Contain("array 0 is 'pq.weight_mu' with 18 values; the architecture expects 'p0.weight_mu' with 18"));

        // The last array is input_std (one channel): its one value is the body's last four bytes.
        var nan = (byte[])body.Clone();
        BitConverter.GetBytes(float.NaN).CopyTo(nan, nan.Length - 4);
        Assert.That(LoadCrafted(1, header, nan), Does.Contain("array 'input_std', value 0 is NaN; a checkpoint holds finite numbers only"));
        var infinite = (byte[])body.Clone();
        BitConverter.GetBytes(float.PositiveInfinity).CopyTo(infinite, infinite.Length - 4);
        Assert.That(LoadCrafted(1, header, infinite), Does.Contain("value 0 is ∞").Or.Contain("value 0 is Infinity"));

        Assert.That(LoadCrafted(1, header, [.. body, 1, 2, 3]), Does.Contain("3 unexpected bytes after the last array"));
        Assert.That(LoadCrafted(1, header, body[..^2]), Does.Contain("ends inside its content"));
    }

    [Test]
    public void ACorruptStringPrefixIsMalformedContent()
    {
        var (header, body) = Parts();
        // The first array's name prefix as five continuation bytes: not a valid 7-bit encoded length.
        byte[] bad = [.. body[..4], 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. body[5..]];
        Assert.That(LoadCrafted(1, header, bad), Does.Contain("malformed content"));
    }

    [Test]
    public void ShortOrForeignFilesAreNotCheckpoints()
    {
        string path = Path.Combine(_folder, "short.bnn");
        File.WriteAllBytes(path, [.. "ANLABNN1"u8, .. new byte[35]]);      // one byte short of magic + version + hash
        Assert.That(Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path))!.Message, Does.Contain("magic bytes missing"));
        File.WriteAllBytes(path, [.. "ANLABNN2"u8, .. new byte[100]]);
        Assert.That(Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path))!.Message, Does.Contain("magic bytes missing"));
        File.WriteAllBytes(path, [.. "ANLABNN1"u8, .. new byte[36]]);      // long enough, but the hash is wrong
        Assert.That(Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path))!.Message, Does.Contain("checksum mismatch"));
        Assert.Throws<ArgumentNullException>(() => Checkpoint.Load(null!));
    }

    [Test]
    public void SaveRefusesToOverwriteWhenAskedAndLeavesTheFile()
    {
        string path = Path.Combine(_folder, "keep.bnn");
        File.WriteAllText(path, "mine");
        var error = Assert.Throws<IOException>(() => Checkpoint.Save(Small(), path, overwrite: false))!;
        Assert.That(error.Message, Does.Contain("exists; refusing to overwrite it"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("mine"));
        Checkpoint.Save(Small(), path);
        Assert.That(Checkpoint.Load(path).Architecture.Classes, Is.EqualTo(3), "overwrite is the default");
        Assert.Throws<ArgumentNullException>(() => Checkpoint.Save(null!, path));
        Assert.Throws<ArgumentNullException>(() => Checkpoint.Save(Small(), null!));
    }
}
