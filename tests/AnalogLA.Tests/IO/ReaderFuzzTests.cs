using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using AnalogLA.Bayesian;
using AnalogLA.IO;
using CsCheck;

namespace AnalogLA.Tests.IO;

/// <summary>
/// Mutation fuzzing of every reader: a valid file is mutated (bytes flipped, set to boundary values, inserted,
/// deleted, duplicated, truncated, numbers replaced by extreme ones) and the reader must either succeed or throw its
/// documented exception type — never another type, a hang or an absurd allocation. Mutations come from CsCheck
/// generators driven by a fixed PCG seed, so the default run is the same 2,000 mutants per reader every time; the
/// Slow run draws 100,000 fresh ones from a time-based seed it prints (pass it to Fuzz to replay a failure).
/// </summary>
public class ReaderFuzzTests : TempFolderFixture
{
    private const int DefaultMutants = 2000;
    private const int SlowMutants = 100_000;

    private static readonly string[] Interesting =
        ["0", "-1", "1", "2147483647", "2147483648", "4294967296", "99999999999999999999", "1e308", "-1e308", "1e-320", "NaN", "Infinity", "-0", "", " ", "\n", "%", "\0", "{", "}", "[", "]", "\"", ",", ":", "null"];

    private static readonly byte[] BoundaryBytes = [0x00, 0xFF, 0x7F, 0x80, 0x01, (byte)'9', (byte)'-', (byte)'.'];

    /// <summary>One edit of a byte string.</summary>
    private readonly record struct Edit(int Kind, double Position, double Length, int Value);

    private static readonly Gen<Edit[]> Edits =
        Gen.Select(Gen.Int[0, 6], Gen.Double[0, 1], Gen.Double[0, 1], Gen.Int[0, 1 << 16], (k, p, l, v) => new Edit(k, p, l, v)).Array[1, 4];

    /// <summary>Applies the edits: 0 flip a bit, 1 set a boundary byte, 2 insert an interesting token, 3 delete a range, 4 duplicate a range, 5 truncate, 6 replace a digit run by an interesting token.</summary>
    private static byte[] Mutate(byte[] original, Edit[] edits)
    {
        var bytes = new List<byte>(original);
        foreach (var e in edits)
        {
            int n = bytes.Count;
            int at = n == 0 ? 0 : Math.Min(n - 1, (int)(e.Position * n));
            int length = Math.Max(1, (int)(e.Length * Math.Min(n, 64)));
            switch (e.Kind)
            {
                case 0 when n > 0:
                    bytes[at] ^= (byte)(1 << (e.Value % 8));
                    break;
                case 1 when n > 0:
                    bytes[at] = BoundaryBytes[e.Value % BoundaryBytes.Length];
                    break;
                case 2:
                    bytes.InsertRange(Math.Min(at, n), Encoding.UTF8.GetBytes(Interesting[e.Value % Interesting.Length]));
                    break;
                case 3 when n > 0:
                    bytes.RemoveRange(at, Math.Min(length, n - at));
                    break;
                case 4 when n > 0:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(length, n - at)));
                    break;
                case 5:
                    bytes.RemoveRange(at, n - at);
                    break;
                case 6 when n > 0:
                    int start = bytes.FindIndex(at, b => b is >= (byte)'0' and <= (byte)'9');
                    if (start >= 0)
                    {
                        int end = start;
                        while (end < bytes.Count && bytes[end] is >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)'e' or (byte)'-')
                        {
                            end++;
                        }

                        bytes.RemoveRange(start, end - start);
                        bytes.InsertRange(start, Encoding.UTF8.GetBytes(Interesting[e.Value % Interesting.Length]));
                    }

                    break;
            }
        }

        return bytes.ToArray();
    }

    /// <summary>Runs <paramref name="mutants"/> fixed-seed mutants of <paramref name="valid"/> through <paramref name="read"/>; returns how many were rejected.</summary>
    private static int Fuzz(byte[] valid, Action<byte[]> read, Type[] documented, int mutants = DefaultMutants, ulong seed = 20261201)
    {
        var pcg = new PCG(1, seed);
        int rejected = 0;
        var undocumented = new List<string>();
        for (int i = 0; i < mutants; i++)
        {
            var edits = Edits.Generate(pcg, null, out _);
            var bytes = Mutate(valid, edits);
            try
            {
                read(bytes);
            }
            catch (Exception e) when (documented.Any(t => t.IsInstanceOfType(e)))
            {
                rejected++;
            }
            catch (Exception e)
            {
                undocumented.Add($"mutant {i}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.That(undocumented, Is.Empty, "undocumented exception types");
        return rejected;
    }

    private static byte[] ValidMatrixMarket() => Encoding.UTF8.GetBytes(
        "%%MatrixMarket matrix coordinate real general\n% comment\n4 4 7\n1 1 4.0\n2 2 4.5\n3 3 -1e-3\n4 4 2\n2 1 -1\n3 2 0.25\n4 1 7\n");

    private static byte[] ValidMatrixMarketArraySymmetric() => Encoding.UTF8.GetBytes(
        "%%MatrixMarket matrix array real symmetric\n3 3\n1\n2\n3\n4\n5\n6\n");

    [Test]
    public void MatrixMarketCoordinateThrowsOnlyFormatException()
    {
        int rejected = Fuzz(ValidMatrixMarket(), b => MatrixMarket.Read(new StringReader(Encoding.UTF8.GetString(b)), "fuzz.mtx", b.Length), [typeof(FormatException)]);
        Assert.That(rejected, Is.GreaterThan(DefaultMutants / 4), "the mutations must reach the error paths");
    }

    [Test]
    public void MatrixMarketArrayThrowsOnlyFormatException()
    {
        int rejected = Fuzz(ValidMatrixMarketArraySymmetric(), b => MatrixMarket.Read(new StringReader(Encoding.UTF8.GetString(b)), "fuzz.mtx", b.Length), [typeof(FormatException)]);
        Assert.That(rejected, Is.GreaterThan(DefaultMutants / 4));
    }

    [Test]
    public void MatrixMarketFromFilesThrowsOnlyFormatException()
    {
        string path = Path.Combine(Folder, "m.mtx");
        Fuzz(ValidMatrixMarket(), b =>
        {
            File.WriteAllBytes(path, b);
            MatrixMarket.Read(path);
        }, [typeof(FormatException)], mutants: 500);
    }

    private static byte[] ValidIdx()
    {
        var bytes = new List<byte> { 0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4 };
        bytes.AddRange(Enumerable.Range(0, 24).Select(i => (byte)(i * 7)));
        return bytes.ToArray();
    }

    [Test]
    public void IdxThrowsOnlyInvalidDataException()
    {
        int rejected = Fuzz(ValidIdx(), b => IdxReader.Read(new MemoryStream(b), "fuzz.idx"), [typeof(InvalidDataException)]);
        Assert.That(rejected, Is.GreaterThan(DefaultMutants / 4));
    }

    [Test]
    public void GzipIdxThrowsOnlyInvalidDataException()
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(ValidIdx());
        }

        string path = Path.Combine(Folder, "f.idx.gz");
        int rejected = Fuzz(buffer.ToArray(), b =>
        {
            File.WriteAllBytes(path, b);
            IdxReader.Read(path);
        }, [typeof(InvalidDataException)]);
        Assert.That(rejected, Is.GreaterThan(DefaultMutants / 4));
    }

    private static byte[] DigitJson(int images) =>
        Encoding.UTF8.GetBytes("{\"data\":[" + string.Join(",", Enumerable.Range(0, 784 * images).Select(i => (i % 7 == 0 ? 0.5 : 0).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]}");

    [Test]
    public void MnistJsonThrowsOnlyInvalidDataException()
    {
        for (int d = 1; d < 10; d++)
        {
            File.WriteAllBytes(Path.Combine(Folder, $"{d}.json"), DigitJson(1));
        }

        string path = Path.Combine(Folder, "0.json");
        int rejected = Fuzz(DigitJson(1), b =>
        {
            File.WriteAllBytes(path, b);
            MnistJsonReader.Read(Folder);
        }, [typeof(InvalidDataException)]);
        Assert.That(rejected, Is.GreaterThan(DefaultMutants / 4));
    }

    private static byte[] ValidCifar(int records) =>
        Enumerable.Range(0, records * Cifar10Reader.RecordSize).Select(i => (byte)(i % Cifar10Reader.RecordSize == 0 ? (i / Cifar10Reader.RecordSize) % 10 : i % 251)).ToArray();

    [Test]
    public void CifarThrowsOnlyInvalidDataException()
    {
        string path = Path.Combine(Folder, "batch.bin");
        int rejected = Fuzz(ValidCifar(2), b =>
        {
            File.WriteAllBytes(path, b);
            Cifar10Reader.Read("fuzz", path);
        }, [typeof(InvalidDataException)]);
        Assert.That(rejected, Is.GreaterThan(DefaultMutants / 4));
    }

    /// <summary>A small LeNet (12×12 inputs) checkpoint: small enough for thousands of loads.</summary>
    private byte[] ValidCheckpoint()
    {
        string path = Path.Combine(Folder, "valid.ckpt");
        Checkpoint.Save(new Network(new Architecture("lenet5", 1, 12, 10)), path);
        return File.ReadAllBytes(path);
    }

    private static byte[] Rehash(byte[] bytes)
    {
        if (bytes.Length < 32)
        {
            return bytes;
        }

        var body = bytes.AsSpan(0, bytes.Length - 32);
        return [.. body, .. SHA256.HashData(body)];
    }

    [Test]
    public void CheckpointThrowsOnlyInvalidDataException()
    {
        string path = Path.Combine(Folder, "m.ckpt");
        Fuzz(ValidCheckpoint(), b =>
        {
            File.WriteAllBytes(path, b);
            Checkpoint.Load(path);
        }, [typeof(InvalidDataException)], mutants: 500);
    }

    [Test]
    public void CheckpointWithAValidChecksumOverMutatedContentThrowsOnlyInvalidDataException()
    {
        // Re-hashing after the mutation gets every mutant past the checksum, into the header and array parsing.
        string path = Path.Combine(Folder, "m.ckpt");
        var valid = ValidCheckpoint();
        int headerEnd = Math.Min(valid.Length - 32, 1200);
        int rejected = Fuzz(valid[..headerEnd], b =>
        {
            File.WriteAllBytes(path, Rehash([.. b, .. valid[headerEnd..]]));
            Checkpoint.Load(path);
        }, [typeof(InvalidDataException)]);
        Assert.That(rejected, Is.GreaterThan(DefaultMutants / 4));
    }

    [Test]
    [Category("Slow")]
    public void LongRunOverEveryReader()
    {
        // Fresh seeds (CsCheck picks and prints them); each reader as in the fixed-seed tests.
        var seed = (ulong)Environment.TickCount64;
        TestContext.Out.WriteLine($"fuzz seed {seed}");
        Fuzz(ValidMatrixMarket(), b => MatrixMarket.Read(new StringReader(Encoding.UTF8.GetString(b)), "fuzz.mtx", b.Length), [typeof(FormatException)], SlowMutants, seed);
        Fuzz(ValidMatrixMarketArraySymmetric(), b => MatrixMarket.Read(new StringReader(Encoding.UTF8.GetString(b)), "fuzz.mtx", b.Length), [typeof(FormatException)], SlowMutants, seed);
        Fuzz(ValidIdx(), b => IdxReader.Read(new MemoryStream(b), "fuzz.idx"), [typeof(InvalidDataException)], SlowMutants, seed);
        string ckpt = Path.Combine(Folder, "m.ckpt");
        var valid = ValidCheckpoint();
        Fuzz(valid[..1200], b =>
        {
            File.WriteAllBytes(ckpt, Rehash([.. b, .. valid[1200..]]));
            Checkpoint.Load(ckpt);
        }, [typeof(InvalidDataException)], SlowMutants / 4, seed);
    }
}
