using AnalogLA.Bayesian;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Bayesian;

/// <summary>
/// The training and layer argument contract: every recipe field outside its range is refused by name (its ends are
/// accepted), null arguments are refused before any work, and a layer names the shape it expected.
/// </summary>
public class TrainingArgumentTests
{
    private static readonly TrainingOptions Recipe = new() { Epochs = 1, BatchSize = 8, LearningRate = 1e-3 };

    private static TestCaseData Case(string name, TrainingOptions options, string field) => new TestCaseData(options, field).SetName(name);

    private static IEnumerable<TestCaseData> BadRecipes()
    {
        yield return Case("EpochsZero", Recipe with { Epochs = 0 }, "Epochs");
        yield return Case("BatchSizeZero", Recipe with { BatchSize = 0 }, "BatchSize");
        yield return Case("LearningRateZero", Recipe with { LearningRate = 0 }, "LearningRate");
        yield return Case("LearningRateAbove", Recipe with { LearningRate = TrainingOptions.MaxLearningRate * 1.01 }, "LearningRate");
        yield return Case("LearningRateNaN", Recipe with { LearningRate = double.NaN }, "LearningRate");
        yield return Case("KlWeightNegative", Recipe with { KlWeight = -1e-9 }, "KlWeight");
        yield return Case("KlWeightInfinite", Recipe with { KlWeight = double.PositiveInfinity }, "KlWeight");
    }

    [TestCaseSource(nameof(BadRecipes))]
    public void EachBadRecipeFieldIsRefusedByName(TrainingOptions options, string field)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate)!;
        Assert.That(error.ParamName, Is.EqualTo(field));
        Assert.That(error.Message, Does.Contain(field));
    }

    [Test]
    public void TheEndsOfEachRangeAreAccepted()
    {
        Assert.DoesNotThrow((Recipe with { Epochs = 1, BatchSize = 1, LearningRate = TrainingOptions.MaxLearningRate, KlWeight = 0 }).Validate);
        Assert.DoesNotThrow((Recipe with { LearningRate = double.Epsilon, KlWeight = 1e12 }).Validate);
    }

    [Test]
    public void TrainRefusesNullsAndAMismatchedDataSetBeforeAnyWork()
    {
        var data = TrainingTests.Blobs(16, 1);
        var network = new Network(new Architecture("lenet5", 1, 12, 4, PriorSigma: 0.5), seed: 3);
        var before = network.Parameters.Select(p => p.Value.ToArray()).ToArray();
        Assert.That(Assert.Throws<ArgumentNullException>(() => Trainer.Train(null!, data, Recipe))!.ParamName, Is.EqualTo("network"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => Trainer.Train(network, null!, Recipe))!.ParamName, Is.EqualTo("data"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => Trainer.Train(network, data, null!))!.ParamName, Is.EqualTo("options"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Train(network, data, Recipe with { Epochs = 0 }));
        var tenClasses = new AnalogLA.IO.ImageDataset("ten", new float[16 * 144], new int[16], 1, 12, 12, 10);
        Assert.That(Assert.Throws<ArgumentException>(() => Trainer.Train(network, tenClasses, Recipe))!.Message, Does.Contain("has 10 classes, the network 4"));
        var after = network.Parameters.Select(p => p.Value.ToArray()).ToArray();
        Assert.That(after, Is.EqualTo(before), "a refused run leaves the network untouched");
    }

    [Test]
    public void LayersNameTheShapeTheyExpected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BayesianConv2d(0, 4, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BayesianConv2d(1, 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BayesianConv2d(1, 4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BayesianConv2d(1, 4, 3, stride: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BayesianConv2d(1, 4, 3, padding: -1));
        Assert.DoesNotThrow(() => _ = new BayesianConv2d(1, 1, 1, stride: 1, padding: 0));

        var conv = new BayesianConv2d(2, 4, 3, padding: 1);
        Assert.That(Assert.Throws<ArgumentException>(() => conv.OutputShape(3, 8, 8))!.Message, Does.Contain("expects 2 input channels, got 3"));
        Assert.That(conv.OutputShape(2, 1, 1), Is.EqualTo((4, 1, 1)), "padding 1 lets a 1×1 input meet a 3×3 kernel");
        var unpadded = new BayesianConv2d(2, 4, 3);
        Assert.That(Assert.Throws<ArgumentException>(() => unpadded.OutputShape(2, 2, 8))!.Message, Does.Contain("2×8 input is smaller than the 3×3 kernel"));
        Assert.That(Assert.Throws<ArgumentException>(() => unpadded.OutputShape(2, 8, 2))!.Message, Does.Contain("smaller than the 3×3 kernel"));
        Assert.That(unpadded.OutputShape(2, 3, 3), Is.EqualTo((4, 1, 1)));

        var context = new ForwardContext(1, 0);
        Assert.That(Assert.Throws<ArgumentNullException>(() => conv.Forward(null!, PassMode.Train, context))!.ParamName, Is.EqualTo("x"));
        Assert.That(Assert.Throws<ArgumentNullException>(() => conv.Forward(new Tensor(1, 2, 4, 4), PassMode.Train, null!))!.ParamName, Is.EqualTo("context"));
        Assert.That(Assert.Throws<InvalidOperationException>(() => new BayesianConv2d(2, 4, 3).Backward(new Tensor(1, 4, 2, 2)))!.Message, Does.Contain("needs a training forward pass first"));
        Assert.Throws<ArgumentNullException>(() => conv.Backward(null!));
    }
}
