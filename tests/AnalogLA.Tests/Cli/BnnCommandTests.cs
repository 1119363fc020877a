using AnalogLA.Bayesian;

namespace AnalogLA.Tests.Cli;

public class BnnCommandTests
{
    [Test]
    public async Task EvalRejectsACorruptCheckpoint()
    {
        string path = Path.Combine(Path.GetTempPath(), "analogla-bad-" + Guid.NewGuid().ToString("N") + ".bnn");
        File.WriteAllText(path, "not a checkpoint");
        try
        {
            var (code, _, error) = await CliRunner.Run("bnn", "eval", "--model", path);
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("not an AnalogLA Bayesian-network checkpoint"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("--hardware", "fpga", "--hardware must be software or spintronic")]
    [TestCase("--samples", "0", "--samples must be ≥ 1")]
    [TestCase("--compensate", "5", "--compensate programs the mean arrays of --hardware spintronic")]
    public async Task EvalNamesBadOptions(string option, string value, string message)
    {
        var (code, _, error) = await CliRunner.Run("bnn", "eval", "--model", "unused.bnn", option, value);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain(message));
    }

    [Test]
    public async Task EvalNamesAnOutOfRangeCompensation()
    {
        var (code, _, error) = await CliRunner.Run("bnn", "eval", "--model", "unused.bnn", "--hardware", "spintronic", "--compensate", "5");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--compensate must be in [0, 4]"));
    }

    [Test]
    public async Task TrainRefusesToOverwriteWithoutForce()
    {
        string path = Path.Combine(Path.GetTempPath(), "analogla-keep-" + Guid.NewGuid().ToString("N") + ".bnn");
        File.WriteAllText(path, "precious");
        try
        {
            var (code, _, error) = await CliRunner.Run("bnn", "train", "--out", path);
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("exists; pass --force"));
            Assert.That(File.ReadAllText(path), Is.EqualTo("precious"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task TrainNamesAnUnknownModel()
    {
        var (code, _, error) = await CliRunner.Run("bnn", "train", "--model", "vgg16", "--dataset", "nonsense", "--out", Path.Combine(Path.GetTempPath(), "x.bnn"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--dataset must be fashion-mnist or cifar10"));
        Assert.That(Assert.Throws<ArgumentException>(() => new Network(new Architecture("vgg16", 3, 32, 10)))!.Message, Does.Contain("unknown model 'vgg16'"));
    }

    [Test]
    public async Task ResumeNamesAMissingCheckpointOrState()
    {
        string path = Path.Combine(Path.GetTempPath(), "analogla-resume-" + Guid.NewGuid().ToString("N") + ".bnn");
        var (code, _, error) = await CliRunner.Run("bnn", "train", "--resume", "--out", path);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("no checkpoint").And.Contain(Path.GetFileName(path)));
        File.WriteAllText(path, "precious");
        try
        {
            (code, _, error) = await CliRunner.Run("bnn", "train", "--resume", "--out", path);
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("no training state"));
            Assert.That(File.ReadAllText(path), Is.EqualTo("precious"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task EvalNamesAnOodSetOfTheWrongImageSizeBeforeEvaluating()
    {
        string checkpoint = Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "examples", "04-BayesianFashionMnist", "lenet5-fashion-mnist.bnn");
        try
        {
            _ = AnalogLA.IO.DataLocator.FashionMnist(train: false);
            _ = AnalogLA.IO.DataLocator.TinyImageNetResize();
        }
        catch (FileNotFoundException e)
        {
            Assert.Ignore(e.Message);
        }

        var (code, output, error) = await CliRunner.Run("bnn", "eval", "--model", checkpoint, "--ood", "tinyimagenet", "--limit", "5");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--ood: the checkpoint's lenet5 takes 1×28×28 images; tinyimagenet-resize has 3×32×32"));
        Assert.That(output, Is.Empty, "nothing was evaluated");
    }
}
