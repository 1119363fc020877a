using AnalogLA.Bayesian;

namespace AnalogLA.Tests.Bayesian;

/// <summary>
/// <see cref="Network"/> and <see cref="Architecture"/>: every field's range by name at both ends, the weight estimate
/// against the weights of the built network, and the settings a checkpoint cannot record looked for inside residual
/// blocks too (a block's convolutions are layers of the network like any other).
/// </summary>
public class NetworkTests
{
    private static Sequential WithBlock(BayesianOptions head, BayesianOptions block) => new([
        new BayesianConv2d(1, 2, 3, 1, 1, head, 1),
        new ResidualBlock(2, 2, 1, (i, o, k, s, p) => new BayesianConv2d(i, o, k, s, p, block, (ulong)(10 + i + o))),
        new GlobalAvgPool(), new Flatten(), new BayesianLinear(2, 3, head, 2),
    ]);

    [Test]
    public void PriorsInsideResidualBlocksMustAgreeWithTheRest()
    {
        var error = Assert.Throws<ArgumentException>(() => Network.FromLayers(WithBlock(new() { PriorSigma = 0.5 }, new() { PriorSigma = 0.1 }), 1, 6, 3))!;
        Assert.That(error.Message, Does.Contain("one prior σ").And.Contain("0.5").And.Contain("0.1"));
        Assert.DoesNotThrow(() => Network.FromLayers(WithBlock(new() { PriorSigma = 0.5 }, new() { PriorSigma = 0.5 }), 1, 6, 3));
    }

    [Test]
    public void AReplicaIsRefusedWhenABlocksConvolutionHasSettingsTheArchitectureDoesNotRecord()
    {
        var plain = new BayesianOptions { PriorSigma = 0.5 };
        Assert.That(Network.FromLayers(WithBlock(plain, plain), 1, 6, 3).TryReplica(), Is.Not.Null);
        var flipoutInBlock = Network.FromLayers(WithBlock(plain, plain with { Estimator = WeightEstimator.Flipout }), 1, 6, 3);
        Assert.That(flipoutInBlock.TryReplica(), Is.Null, "a rebuilt block would draw with local reparameterisation, not Flipout");
    }

    [Test]
    public void TheWeightEstimateIsTheBuiltNetworksWeightCount()
    {
        static long Weights(Network n) => n.Parameters.Where(p => p.Name == "weight_mu").Sum(p => (long)p.Length);
        var lenet = new Architecture("lenet5", 1, 28, 10);
        Assert.That(lenet.EstimatedWeights(), Is.EqualTo(150 + 2400 + 48000 + 10080 + 840), "LeNet-5 by hand");
        Assert.That(lenet.EstimatedWeights(), Is.EqualTo(Weights(new Network(lenet))));
        var colour = new Architecture("lenet5", 3, 32, 10);
        Assert.That(colour.EstimatedWeights(), Is.EqualTo(Weights(new Network(colour))));
        foreach (var (model, width) in new[] { ("resnet8", 4), ("resnet20", 16) })
        {
            var resnet = new Architecture(model, 3, 32, 10, Width: width);
            long built = Weights(new Network(resnet));
            Assert.That(resnet.EstimatedWeights(), Is.EqualTo(built), model);
        }

        Assert.That(new Architecture("vgg11", 3, 32, 10).EstimatedWeights(), Is.Zero, "an unknown model");
        Assert.That(new Architecture("resnet6", 3, 32, 10).EstimatedWeights(), Is.Zero, "below the smallest ResNet");
    }

    private static TestCaseData Range(string field, Architecture below, Architecture above, string range) =>
        new TestCaseData(field, below, above, range).SetName("Architecture." + field);

    private static IEnumerable<TestCaseData> Ranges()
    {
        var a = new Architecture("lenet5", 1, 28, 10);
        yield return Range("InputChannels", a with { InputChannels = 0 }, a with { InputChannels = 17 }, "[1, 16]");
        yield return Range("ImageSize", a with { ImageSize = 0 }, a with { ImageSize = 513 }, "[1, 512]");
        yield return Range("Classes", a with { Classes = 1 }, a with { Classes = 10_001 }, "[2, 10000]");
        yield return Range("Width", a with { Width = 0 }, a with { Width = 257 }, "[1, 256]");
    }

    [TestCaseSource(nameof(Ranges))]
    public void EachSizeIsCheckedAtBothEndsByName(string field, Architecture below, Architecture above, string range)
    {
        foreach (var bad in new[] { below, above })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(bad.Validate)!;
            Assert.That(error.ParamName, Is.EqualTo(field));
            Assert.That(error.Message, Does.Contain($"Architecture.{field} must be in {range}"));
        }
    }

    [Test]
    public void TheEndsOfEachRangeAndTheOtherFieldsAreChecked()
    {
        var a = new Architecture("lenet5", 1, 28, 10);
        Assert.DoesNotThrow(() => (a with { InputChannels = 16, Classes = 10_000, Width = 256 }).Validate());
        Assert.DoesNotThrow(() => (a with { InputChannels = 1, Classes = 2, Width = 1 }).Validate());
        Assert.DoesNotThrow(() => new Architecture("resnet8", 3, 1, 2, Width: 1).Validate());
        Assert.DoesNotThrow(() => new Architecture("resnet8", 3, 512, 2, Width: 1).Validate());
        foreach (var name in new[] { "", "  " })
        {
            Assert.That(Assert.Throws<ArgumentException>((a with { Model = name }).Validate)!.Message, Does.Contain("must name a model"));
        }

        foreach (double prior in new[] { 0.0, -0.1, double.NaN, double.PositiveInfinity })
        {
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>((a with { PriorSigma = prior }).Validate)!.ParamName, Is.EqualTo("PriorSigma"));
        }

        Assert.That(Assert.Throws<ArgumentOutOfRangeException>((a with { InitialRho = double.NaN }).Validate)!.ParamName, Is.EqualTo("InitialRho"));
        Assert.DoesNotThrow((a with { InitialRho = -40 }).Validate);
        var custom = new Architecture(Architecture.Custom, 1, 6, 3);
        Assert.That(Assert.Throws<ArgumentException>(custom.Validate)!.Message, Does.Contain("Architecture.Layers must describe"));
        Assert.That(Assert.Throws<ArgumentException>((custom with { Layers = "[Linear(3" }).Validate)!.Message, Does.StartWith("Architecture.Layers: layer description"));
        // ResNet-20 at width 256 holds about 69 M weights, over the 50 M limit; at 128 about 17 M.
        var wide = new Architecture("resnet20", 3, 32, 10, Width: 256);
        var tooMany = Assert.Throws<ArgumentOutOfRangeException>(wide.Validate)!;
        Assert.That(tooMany.ParamName, Is.EqualTo("Width"));
        Assert.That(tooMany.Message, Does.Contain("the limit is 50,000,000"));
        Assert.DoesNotThrow((wide with { Width = 128 }).Validate);
        Assert.That((custom with { Layers = "[Linear(10000,5001)]" }).EstimatedWeights(), Is.EqualTo(50_010_000));
        Assert.Throws<ArgumentOutOfRangeException>((custom with { Layers = "[Linear(10000,5001)]" }).Validate, "a custom model over the limit too");
        Assert.DoesNotThrow((custom with { Layers = "[Linear(10000,5000)]" }).Validate, "exactly the limit is accepted");
    }
}
