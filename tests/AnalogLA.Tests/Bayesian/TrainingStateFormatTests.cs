using System.Security.Cryptography;
using System.Text;
using AnalogLA.Bayesian;

namespace AnalogLA.Tests.Bayesian;

/// <summary>
/// The training state beside a checkpoint: both Adam moments of every parameter come back as written; every recipe field
/// that would change the run refuses a resume by its flag; and content damage behind a valid checksum (another version, an
/// empty header, moments of another length, truncation, trailing bytes) is named. Files are crafted in the documented
/// layout: "ANLATRN1", int32 version, a length-prefixed JSON header, per parameter (int32 length, m₁, m₂ as float32), SHA-256.
/// </summary>
public class TrainingStateFormatTests
{
    private static readonly TrainingOptions Recipe = new() { Epochs = 3, BatchSize = 32, LearningRate = 3e-3, KlWeight = 0.5, Seed = 4 };

    private static Network Small() => Network.FromLayers(new Sequential([new Flatten(), new BayesianLinear(4, 2, new BayesianOptions(), 5)]), 1, 2, 2);

    private static string Temp() => Path.Combine(Path.GetTempPath(), "analogla-trn-" + Guid.NewGuid().ToString("N"));

    [Test]
    public void BothMomentsOfEveryParameterRoundTrip()
    {
        var network = Small();
        int k = 0;
        foreach (var p in network.Parameters)
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.FirstMoment[i] = 0.25f * ++k;
                p.SecondMoment[i] = -0.5f * k;
            }
        }

        var state = new TrainingState(2, 17, Recipe, network.Body.Describe(), 64);
        string path = Temp();
        try
        {
            state.Save(network, path);
            var fresh = Small();
            var loaded = TrainingState.Load(path, fresh);
            Assert.That((loaded.CompletedEpochs, loaded.AdamSteps, loaded.TrainingImages, loaded.Layers), Is.EqualTo((2, 17, 64, state.Layers)));
            Assert.That(loaded.Options, Is.EqualTo(Recipe));
            Assert.That(fresh.Parameters.SelectMany(p => p.FirstMoment), Is.EqualTo(network.Parameters.SelectMany(p => p.FirstMoment)));
            Assert.That(fresh.Parameters.SelectMany(p => p.SecondMoment), Is.EqualTo(network.Parameters.SelectMany(p => p.SecondMoment)));
            Assert.That(TrainingState.PathFor("run/net.bnn"), Is.EqualTo("run/net.bnn.state"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("Epochs", "--epochs")]
    [TestCase("LearningRate", "--lr")]
    [TestCase("KlWeight", "--kl-weight")]
    [TestCase("Seed", "--seed")]
    [TestCase("Augment", "augmentation")]
    public void EachRecipeFieldThatWouldChangeTheRunRefusesAResume(string field, string flag)
    {
        var state = new TrainingState(1, 2, Recipe, "[]", 64);
        var other = field switch
        {
            "Epochs" => Recipe with { Epochs = 4 },
            "LearningRate" => Recipe with { LearningRate = 1e-3 },
            "KlWeight" => Recipe with { KlWeight = 1 },
            "Seed" => Recipe with { Seed = 5 },
            _ => Recipe with { Augment = true },
        };
        var error = Assert.Throws<ArgumentException>(() => state.CheckContinues(other, 64, "net.state"))!;
        Assert.That(error.Message, Does.StartWith($"--resume: net.state was written with {flag} "));
        Assert.DoesNotThrow(() => state.CheckContinues(Recipe, 64, "net.state"));
        Assert.Throws<ArgumentNullException>(() => state.CheckContinues(null!, 64, "net.state"));
    }

    /// <summary>Magic, version, header, then the given body and a valid SHA-256; returns Load's message.</summary>
    private static string LoadCrafted(int version, string header, byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("ANLATRN1"u8);
            writer.Write(version);
            writer.Write(header);
            writer.Write(body);
        }

        buffer.Write(SHA256.HashData(buffer.ToArray()));
        string path = Temp();
        try
        {
            File.WriteAllBytes(path, buffer.ToArray());
            return Assert.Throws<InvalidDataException>(() => TrainingState.Load(path, Small()))!.Message;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void ContentDamageBehindAValidChecksumIsNamed()
    {
        var network = Small();
        string path = Temp();
        byte[] bytes;
        try
        {
            new TrainingState(1, 2, Recipe, network.Body.Describe(), 64).Save(network, path);
            bytes = File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }

        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 32), Encoding.UTF8);
        reader.ReadBytes(12);
        string header = reader.ReadString();
        var body = bytes[(int)reader.BaseStream.Position..^32];
        int first = BitConverter.ToInt32(body, 0);
        Assert.That(first, Is.EqualTo(network.Parameters[0].Length), "each parameter's moments start with its length");

        Assert.That(LoadCrafted(2, header, body), Does.Contain("training-state format version 2; this build reads version 1"));
        Assert.That(LoadCrafted(1, "null", body), Does.Contain("empty header"));
        Assert.That(LoadCrafted(1, "{oops", body), Does.Contain("malformed or truncated training state"));
        Assert.That(LoadCrafted(1, header, [.. BitConverter.GetBytes(first + 1), .. body[4..]]),
            Does.Contain($"moments of {first + 1} values for parameter '{network.Parameters[0].Name}' of {first}"));
        Assert.That(LoadCrafted(1, header, [.. body, 0]), Does.Contain("unexpected bytes after the last parameter"));
        Assert.That(LoadCrafted(1, header, body[..^4]), Does.Contain("malformed or truncated training state"));

        string shortPath = Temp();
        try
        {
            File.WriteAllBytes(shortPath, [.. "ANLATRN1"u8, .. new byte[35]]);
            Assert.That(Assert.Throws<InvalidDataException>(() => TrainingState.Load(shortPath, network))!.Message, Does.Contain("magic bytes missing"));
        }
        finally
        {
            File.Delete(shortPath);
        }

        Assert.Throws<ArgumentNullException>(() => TrainingState.Load(path, null!));
        Assert.Throws<ArgumentNullException>(() => new TrainingState(1, 2, Recipe, "[]", 64).Save(null!, path));
    }
}
