using AnalogLA.Numerics;
using System.Security.Cryptography;
using System.Text;
using AnalogLA.Bayesian;
using AnalogLA.IO;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.IO;

/// <summary>Readers refuse what they cannot represent: no entry stored twice, none dropped, no header trusted beyond the bytes present.</summary>
public class ReaderContractTests : TempFolderFixture
{
    private static Matrix<double> Mm(string text) => MatrixMarket.Read(new StringReader(text), "t.mtx");

    [Test]
    public void DuplicateEntriesAreSummedAndEveryViewAgrees()
    {
        // scipy.io.mmread(...).tocsr() sums duplicates: A[0,0] = 1 + 5 = 6.
        var a = Mm("%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n1 1 5\n2 2 2\n");
        var e1 = Vector<double>.Build.Dense([1.0, 0.0]);
        Assert.That(a[0, 0], Is.EqualTo(6));
        Assert.That((a * e1)[0], Is.EqualTo(6));
        Assert.That(a.ToArray()[0, 0], Is.EqualTo(6));
        Assert.That(a.EnumerateIndexed(MathNet.Numerics.LinearAlgebra.Zeros.AllowSkip).Count(), Is.EqualTo(2), "stored once");
    }

    [Test]
    public void SymmetricEntriesAboveTheDiagonalAreMirroredAsScipyDoes()
    {
        var a = Mm("%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 2 3\n2 1 4\n");
        Assert.That(a[0, 1], Is.EqualTo(7));
        Assert.That(a[1, 0], Is.EqualTo(7));
        var s = Mm("%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n1 2 3\n");
        Assert.That((s[0, 1], s[1, 0]), Is.EqualTo((3.0, -3.0)));
    }

    [Test]
    public void EntriesBeyondTheDeclaredCountAreRejectedWithTheLine()
    {
        var e = Assert.Throws<FormatException>(() => Mm("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 2\n"));
        Assert.That(e!.Message, Does.Contain("line 4").And.Contain("after the declared 1 entries"));
        var d = Assert.Throws<FormatException>(() => Mm("%%MatrixMarket matrix array real general\n1 1\n1\n2\n"));
        Assert.That(d!.Message, Does.Contain("line 4"));
    }

    [Test]
    public void AnEntryWithTooManyFieldsIsRejected()
    {
        var e = Assert.Throws<FormatException>(() => Mm("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1 9\n"));
        Assert.That(e!.Message, Does.Contain("line 3"));
    }

    [Test]
    public void SizesBeyondTheFileLengthAreRejectedBeforeAllocating()
    {
        string text = "%%MatrixMarket matrix coordinate real general\n3 3 100000000\n1 1 1\n";
        var e = Assert.Throws<FormatException>(() => MatrixMarket.Read(new StringReader(text), "t.mtx", text.Length));
        Assert.That(e!.Message, Does.Contain("line 2").And.Contain("cannot fit"));
        var big = Assert.Throws<FormatException>(() => Mm("%%MatrixMarket matrix array real general\n65536 65536\n"));
        Assert.That(big!.Message, Does.Contain("exceeds the limit"));
        var side = Assert.Throws<FormatException>(() => Mm("%%MatrixMarket matrix coordinate real general\n99999999999 2 0\n"));
        Assert.That(side!.Message, Does.Contain("largest accepted side"));
    }

    [Test]
    public void AFileWithoutLineBreaksIsRejectedAfterABoundedRead()
    {
        var e = Assert.Throws<FormatException>(() => Mm("%%MatrixMarket matrix coordinate real general\n" + new string('1', BoundedLineReader.DefaultMaxLength + 10)));
        Assert.That(e!.Message, Does.Contain("line 2").And.Contain("longer than"));
    }

    [Test]
    public void VectorFilesReadPlainOrMatrixMarketAndNameBadLines()
    {
        string plain = Path.Combine(Folder, "b.txt");
        File.WriteAllText(plain, "% comment\n1\n2.5\n");
        Assert.That(VectorFile.Read(plain, 2), Is.EqualTo(new[] { 1.0, 2.5 }));
        File.WriteAllText(plain, "1 2\n3\n");
        Assert.That(Assert.Throws<FormatException>(() => VectorFile.Read(plain, 2))!.Message, Does.Contain("line 1"));
        File.WriteAllText(plain, "1\n2\n3\n");
        Assert.That(Assert.Throws<FormatException>(() => VectorFile.Read(plain, 2))!.Message, Does.Contain("line 3"));
        string mm = Path.Combine(Folder, "b.mtx");
        File.WriteAllText(mm, "%%MatrixMarket matrix coordinate real general\n3 1 1\n2 1 4\n");
        Assert.That(VectorFile.Read(mm, 3), Is.EqualTo(new[] { 0.0, 4.0, 0.0 }));
    }

    private static byte[] Idx(params uint[] dims)
    {
        var bytes = new List<byte> { 0, 0, 0x08, (byte)dims.Length };
        foreach (uint d in dims)
        {
            bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        }

        return bytes.ToArray();
    }

    [Test]
    public void IdxHeadersAreCheckedAgainstTheBytesPresent()
    {
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream([.. Idx(100_000_000, 2), 1, 2, 3]), "x.idx"));
        Assert.That(e!.Message, Does.Contain("x.idx").And.Contain("truncated"));
        // 65536^4 = 2^64 wraps a 64-bit product to zero; the reader must not.
        var wrap = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(Idx(65536, 65536, 65536, 65536)), "w.idx"));
        Assert.That(wrap!.Message, Does.Contain("limit"));
    }

    private string CheckpointWithHeader(string headerJson, int arrays = 0)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("ANLABNN1"u8.ToArray());
            writer.Write(Checkpoint.FormatVersion);
            writer.Write(headerJson);
            writer.Write(arrays);
        }

        var body = buffer.ToArray();
        string path = Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".bnn");
        File.WriteAllBytes(path, [.. body, .. SHA256.HashData(body)]);
        return path;
    }

    [TestCase("{\"Architecture\":{\"Model\":null,\"InputChannels\":1,\"ImageSize\":28,\"Classes\":10},\"Layers\":\"x\"}", "Model")]
    [TestCase("{\"Architecture\":null,\"Layers\":\"x\"}", "lacks")]
    [TestCase("{\"Architecture\":", "not valid JSON")]
    [TestCase("null", "empty")]
    [TestCase("{\"Architecture\":{\"Model\":\"resnet20\",\"InputChannels\":3,\"ImageSize\":32,\"Classes\":10,\"Width\":100000},\"Layers\":\"x\"}", "Width")]
    [TestCase("{\"Architecture\":{\"Model\":\"lenet5\",\"InputChannels\":1,\"ImageSize\":2000000000,\"Classes\":10},\"Layers\":\"x\"}", "ImageSize")]
    public void CheckpointsWithAValidChecksumButBadContentAreRejected(string header, string message)
    {
        string path = CheckpointWithHeader(header);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain(message));
    }

    [Test]
    public void NonFiniteWeightsAreRejectedOnLoad()
    {
        var network = new Network(new Architecture("lenet5", 1, 12, 10));
        network.Parameters[1].Value[3] = float.NaN;
        string path = Path.Combine(Folder, "nan.bnn");
        Checkpoint.Save(network, path);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path));
        Assert.That(e!.Message, Does.Contain("NaN").And.Contain("finite"));
    }

    [Test]
    public void ANonFiniteLossStopsTrainingWithAMessage()
    {
        var network = new Network(new Architecture("lenet5", 1, 12, 2));
        var pixels = new float[4 * 144];
        pixels[7] = float.NaN; // one poisoned pixel makes the logits, hence the loss, NaN
        var data = new ImageDataset("poisoned", pixels, [0, 1, 0, 1], 1, 12, 12, 2);
        var e = Assert.Throws<TrainingDivergedException>(() => Trainer.Train(network, data, new TrainingOptions { Epochs = 1, BatchSize = 4 }));
        Assert.That(e!.Message, Does.Contain("epoch 1, batch 1").And.Contain("non-finite"));
    }

    [TestCase(double.PositiveInfinity)]
    [TestCase(1e30)]
    [TestCase(0.0)]
    [TestCase(double.NaN)]
    public void LearningRatesOutsideTheirRangeAreRejected(double lr) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { LearningRate = lr }.Validate());
}
