using AnalogLA.Bayesian;
using AnalogLA.IO;

namespace AnalogLA.Tests.Bayesian;

/// <summary>Checks on the real data sets; ignored (with the reason) where they are not installed.</summary>
public class RealDataTests
{
    private static ImageDataset FashionOrIgnore(bool train)
    {
        try
        {
            return DataLocator.FashionMnist(train);
        }
        catch (FileNotFoundException e)
        {
            Assert.Ignore(e.Message);
            throw;
        }
    }

    [Test]
    public void LeNetLearnsOnARealFashionMnistSubset()
    {
        var train = FashionOrIgnore(train: true).Take(3000);
        var test = FashionOrIgnore(train: false).Take(1000);
        Assert.That(train.Count, Is.EqualTo(3000));
        var network = new Network(Models.LeNet5(), seed: 2);
        (network.InputMean, network.InputStd) = train.ChannelStatistics();
        var before = UncertaintyMetrics.Calibration(MonteCarlo.Predict(new SoftwareClassifier(network), test, 2).MeanProbabilities, test.Labels, 10);
        var reports = Trainer.Train(network, train, new TrainingOptions { Epochs = 2, BatchSize = 64, Seed = 3 });
        var after = UncertaintyMetrics.Calibration(MonteCarlo.Predict(new SoftwareClassifier(network), test, 4).MeanProbabilities, test.Labels, 10);
        Assert.That(reports[1].Nll, Is.LessThan(reports[0].Nll));
        Assert.That(before.Accuracy, Is.LessThan(0.3));
        Assert.That(after.Accuracy, Is.GreaterThan(0.7));
    }

    [Test]
    public void TheShippedLeNetCheckpointStillClassifies()
    {
        string path = Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "examples", "04-BayesianFashionMnist", "lenet5-fashion-mnist.bnn");
        if (!File.Exists(path))
        {
            Assert.Ignore($"no shipped checkpoint at {path}");
        }

        var test = FashionOrIgnore(train: false).Take(1000);
        var network = Checkpoint.Load(path, "lenet5");
        var report = UncertaintyMetrics.Calibration(MonteCarlo.Predict(new SoftwareClassifier(network), test, 4).MeanProbabilities, test.Labels, 10);
        Assert.That(report.Accuracy, Is.GreaterThan(0.87));
    }

    [Test]
    public void MnistDigitsLoadAsTenThousandImages()
    {
        ImageDataset digits;
        try
        {
            digits = DataLocator.MnistDigits();
        }
        catch (FileNotFoundException e)
        {
            Assert.Ignore(e.Message);
            return;
        }

        Assert.That(digits.Count, Is.InRange(9_900, 10_100));
        Assert.That(digits.Labels.Distinct().Count(), Is.EqualTo(10));
        Assert.That(digits.Pixels.Max(), Is.LessThanOrEqualTo(1f));
    }
}

public class RealCifarTests
{
    [Test]
    public void TheShippedResNetCheckpointStillClassifies()
    {
        var (_, accuracy) = ShippedCheckpointAccuracy(Path.Combine("05-BayesianResNetCifar10", "resnet8-cifar10.bnn"), "resnet8", 300);
        // Chance is 10 %; the checkpoint scores about 60 % on the full test set (300 images: se ≈ 2.8 points).
        Assert.That(accuracy, Is.GreaterThan(0.5));
    }

    [Test]
    public void TheShippedResNet20CheckpointClassifiesAsItsEvaluationSays()
    {
        var (network, accuracy) = ShippedCheckpointAccuracy(Path.Combine("05-BayesianResNetCifar10", "resnet20-training", "resnet20-cifar10.bnn"), "resnet20", 200);
        Assert.That(network.Architecture.Width, Is.EqualTo(16));
        // The checkpoint scores 81.4 % on the first 1,000 test images (resnet20-training/README.md); 200 images carry a
        // standard error of about 3 points, so 0.70 sits more than three of them below it (chance is 0.10).
        Assert.That(accuracy, Is.GreaterThan(0.70));
    }

    /// <summary>Loads a checkpoint shipped under examples/ and scores it (software, 2 samples) on the first test images;
    /// ignores the test when the checkpoint or CIFAR-10 is absent.</summary>
    private static (Network Network, double Accuracy) ShippedCheckpointAccuracy(string underExamples, string model, int images)
    {
        string path = Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "examples", underExamples);
        if (!File.Exists(path))
        {
            Assert.Ignore($"no shipped checkpoint at {path}");
        }

        ImageDataset test;
        try
        {
            test = DataLocator.Cifar10().Test.Take(images);
        }
        catch (FileNotFoundException e)
        {
            Assert.Ignore(e.Message);
            throw;
        }

        var network = Checkpoint.Load(path, model);
        var report = UncertaintyMetrics.Calibration(MonteCarlo.Predict(new SoftwareClassifier(network), test, 2).MeanProbabilities, test.Labels, 10);
        return (network, report.Accuracy);
    }

    [Test]
    public void TinyImageNetResizeLoadsAsColourImagesOfCifarSize()
    {
        ImageDataset ood;
        try
        {
            ood = DataLocator.TinyImageNetResize();
        }
        catch (FileNotFoundException e)
        {
            Assert.Ignore(e.Message);
            return;
        }

        // The shipped file: 5,000 records (data/README.md), 3 × 32 × 32, pixels in [0, 1] and not all equal.
        Assert.That((ood.Count, ood.Channels, ood.Height, ood.Width), Is.EqualTo((5000, 3, 32, 32)));
        var (images, _) = ood.Batch([0, 4999]);
        Assert.That(images.Data.Min(), Is.GreaterThanOrEqualTo(0f));
        Assert.That(images.Data.Max(), Is.LessThanOrEqualTo(1f));
        Assert.That(images.Data.Distinct().Count(), Is.GreaterThan(50));
    }
}
