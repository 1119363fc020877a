using System.IO.Compression;
using AnalogLA.IO;

namespace AnalogLA.Tests.Bayesian;

public class DataLoaderTests
{
    private string _folder = "";

    [SetUp]
    public void Folder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "analogla-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void Clean() => Directory.Delete(_folder, recursive: true);

    private static byte[] Idx(byte[] data, params int[] dims)
    {
        var header = new List<byte> { 0, 0, 0x08, (byte)dims.Length };
        foreach (int d in dims)
        {
            header.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        }

        return [.. header, .. data];
    }

    [TestCase(false)]
    [TestCase(true)]
    public void IdxImagesAndLabelsRoundTrip(bool gzip)
    {
        var pixels = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 10)).ToArray();
        var images = Idx(pixels, 2, 3, 4);
        var labels = Idx([7, 2], 2);
        string imagePath = Path.Combine(_folder, "img" + (gzip ? ".gz" : ""));
        string labelPath = Path.Combine(_folder, "lab");
        if (gzip)
        {
            using var file = File.Create(imagePath);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(images);
        }
        else
        {
            File.WriteAllBytes(imagePath, images);
        }

        File.WriteAllBytes(labelPath, labels);
        var set = IdxReader.ReadImages(imagePath, labelPath, "tiny");
        Assert.That(set.Count, Is.EqualTo(2));
        Assert.That((set.Height, set.Width), Is.EqualTo((3, 4)));
        Assert.That(set.Labels, Is.EqualTo(new[] { 7, 2 }));
        Assert.That(set.Pixels[5], Is.EqualTo(50 / 255f));
    }

    [Test]
    public void TruncatedIdxNamesTheFileAndRecord()
    {
        string path = Path.Combine(_folder, "short");
        File.WriteAllBytes(path, Idx(new byte[30], 3, 3, 4));   // 3 records of 12 bytes need 36
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.That(ex!.Message, Does.Contain("short").And.Contain("record 2 of 3"));
        File.WriteAllBytes(path, [1, 2, 3, 4]);
        Assert.That(Assert.Throws<InvalidDataException>(() => IdxReader.Read(path))!.Message, Does.Contain("not an IDX file"));
    }

    [Test]
    public void CifarRecordsAreDecodedAndValidated()
    {
        var record = new byte[Cifar10Reader.RecordSize];
        record[0] = 3;
        record[1] = 255;           // red (0, 0)
        record[1 + 1024] = 51;     // green (0, 0)
        record[1 + 2048 + 33] = 102; // blue (1, 1)
        string path = Path.Combine(_folder, "batch.bin");
        File.WriteAllBytes(path, [.. record, .. record]);
        var set = Cifar10Reader.Read("tiny", path);
        Assert.That(set.Count, Is.EqualTo(2));
        Assert.That(set.Labels[1], Is.EqualTo(3));
        Assert.That(set.Pixels[0], Is.EqualTo(1f));
        Assert.That(set.Pixels[1024], Is.EqualTo(0.2f));
        Assert.That(set.Pixels[2048 + 33], Is.EqualTo(0.4f));

        File.WriteAllBytes(path, [.. record, .. record.AsSpan(0, 100).ToArray()]);
        Assert.That(Assert.Throws<InvalidDataException>(() => Cifar10Reader.Read("bad", path))!.Message, Does.Contain("record 1 is truncated"));
        record[0] = 12;
        File.WriteAllBytes(path, record);
        Assert.That(Assert.Throws<InvalidDataException>(() => Cifar10Reader.Read("bad", path))!.Message, Does.Contain("record 0 has label 12"));
    }

    [Test]
    public void MnistJsonDigitsAreLabelledByFile()
    {
        string digits = Path.Combine(_folder, "src", "digits");
        Directory.CreateDirectory(digits);
        for (int d = 0; d < 10; d++)
        {
            var values = Enumerable.Repeat(d / 10.0, 784 * (d == 3 ? 2 : 1));
            File.WriteAllText(Path.Combine(digits, $"{d}.json"), "{\"data\": [" + string.Join(",", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]}");
        }

        var set = MnistJsonReader.Read(_folder);
        Assert.That(set.Count, Is.EqualTo(11));
        Assert.That(set.Labels.Count(l => l == 3), Is.EqualTo(2));
        Assert.That(set.Pixels[784 * 4], Is.EqualTo(0.3f).Within(1e-6));

        File.WriteAllText(Path.Combine(digits, "5.json"), "{\"data\": [0.1, 0.2]}");
        Assert.That(Assert.Throws<InvalidDataException>(() => MnistJsonReader.Read(_folder))!.Message, Does.Contain("5.json").And.Contain("784-pixel"));
    }

    [Test]
    public void SpreadKeepsEveryClassOfAnOrderedSet()
    {
        var set = new ImageDataset("ordered", Enumerable.Range(0, 20).Select(i => (float)i).ToArray(), Enumerable.Range(0, 20).Select(i => i / 2).ToArray(), 1, 1, 1, 10);
        var spread = set.Spread(5);
        Assert.That(spread.Labels, Is.EqualTo(new[] { 0, 2, 4, 6, 8 }));
        Assert.That(spread.Pixels, Is.EqualTo(new[] { 0f, 4f, 8f, 12f, 16f }));
        Assert.That(set.Take(5).Labels, Is.EqualTo(new[] { 0, 0, 1, 1, 2 }));
    }

    [Test]
    public void EmptyDataAndBadLabelsAreRejected()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => new ImageDataset("none", [], [], 1, 2, 2, 10))!.Message, Does.Contain("empty"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new ImageDataset("bad", new float[4], [10], 1, 2, 2, 10))!.Message, Does.Contain("label 10 of image 0"));
    }
}
