using AnalogLA.Bayesian;

namespace AnalogLA.Tests.Bayesian;

/// <summary>The model zoo's architectures against their papers' layouts, written out by hand.</summary>
public class ModelZooTests
{
    [Test]
    public void ResNet14HasTheCifarLayoutOfHeEtAl()
    {
        // He et al. 2016, Sec. 4.2: 3×3 conv (16) on 32×32, then n = (14 − 2)/6 = 2 basic blocks
        // per stage at 16, 32, 64 channels and 32, 16, 8 pixels (stride 2 in the first block of stages 2 and 3),
        // global average pooling, FC 10.
        var architecture = Models.ResNet(14);
        Assert.That(architecture.Model, Is.EqualTo("resnet14"));
        var body = Models.Build(architecture);
        var shapes = new List<(string, int, int)>();
        (int c, int h, int w) = (3, 32, 32);
        foreach (var layer in body.Layers)
        {
            (c, h, w) = layer.OutputShape(c, h, w);
            shapes.Add((layer.GetType().Name, c, h));
        }

        Assert.That(shapes, Is.EqualTo(new[]
        {
            ("BayesianConv2d", 16, 32), ("BatchNorm2d", 16, 32), ("ReLU", 16, 32),
            ("ResidualBlock", 16, 32), ("ResidualBlock", 16, 32),
            ("ResidualBlock", 32, 16), ("ResidualBlock", 32, 16),
            ("ResidualBlock", 64, 8), ("ResidualBlock", 64, 8),
            ("GlobalAvgPool", 64, 1), ("BayesianLinear", 10, 1),
        }));
        Assert.That(body.Flatten().OfType<WeightLayer>().Count(), Is.EqualTo(14), "D weight layers: 1 + 2·6 convolutions and the FC (option-A shortcuts have none)");
    }

    [Test]
    public void LeNet5IsBuiltForItsImageSizeAndRefusesTooSmallImages()
    {
        var body = Models.Build(Models.LeNet5());
        Assert.That(body.OutputShape(1, 28, 28), Is.EqualTo((10, 1, 1)));
        Assert.That(body.Flatten().OfType<BayesianLinear>().First().InChannels, Is.EqualTo(16 * 5 * 5));
        var small = new Architecture("lenet5", 1, 11, 10);
        Assert.That(() => Models.Build(small), Throws.ArgumentException.With.Message.EqualTo("lenet5 needs images of at least 12×12 pixels, got 11×11."));
    }

    [Test]
    public void AnUnknownModelIsRefusedWithTheKnownNames()
    {
        foreach (var name in new[] { "vgg16", "resnet", "resnet21", "resnet2" })
        {
            Assert.That(() => Models.Build(new Architecture(name, 3, 32, 10)), Throws.ArgumentException.With.Message.StartsWith($"unknown model '{name}'; known: lenet5, resnetD"), name);
        }
    }
}
