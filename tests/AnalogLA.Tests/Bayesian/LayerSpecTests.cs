using AnalogLA.Bayesian;

namespace AnalogLA.Tests.Bayesian;

/// <summary>
/// <see cref="LayerSpec"/>: every layer the library has rebuilds from its description, the weight count follows from the
/// arguments by hand arithmetic before anything is built, seeds are distinct per layer and reproducible, and every
/// malformed description is refused with the character position and the cause.
/// </summary>
public class LayerSpecTests
{
    private static readonly BayesianOptions Options = new() { PriorSigma = 0.5 };

    private const string Block = "Residual(4,8,s2)[BayesianConv2d(4,8,k3,s2,p1),BatchNorm2d(8),ReLU,BayesianConv2d(8,8,k3,s1,p1),BatchNorm2d(8)]";

    private static readonly string Everything =
        $"[Conv2d(3,4,k3,s1,p1),BatchNorm2d(4),ReLU,{Block},AvgPool2d(2),MaxPool2d(2),GlobalAvgPool,Flatten,Linear(8,6),BayesianLinear(6,3)]";

    [Test]
    public void EveryLayerRebuildsToItsOwnDescription()
    {
        var body = LayerSpec.Build(Everything, Options, seed: 3);
        Assert.That(body.Describe(), Is.EqualTo(Everything));
        Assert.That(body.Layers.Select(l => l.GetType().Name), Is.EqualTo(new[]
        {
            "Conv2d", "BatchNorm2d", "ReLU", "ResidualBlock", "AvgPool2d", "MaxPool2d", "GlobalAvgPool", "Flatten", "Linear", "BayesianLinear",
        }));
        var block = (ResidualBlock)body.Layers[3];
        Assert.That((block.InChannels, block.OutChannels, block.Stride), Is.EqualTo((4, 8, 2)));
        Assert.That(block.Main.Layers[0], Is.TypeOf<BayesianConv2d>(), "a block written with Bayesian convolutions gets Bayesian ones");
        Assert.That(LayerSpec.Build("[Residual(2,2,s1)[Conv2d(2,2,k3,s1,p1),BatchNorm2d(2),ReLU,Conv2d(2,2,k3,s1,p1),BatchNorm2d(2)]]", Options, 1).Describe(),
            Does.Contain("[Conv2d(2,2"), "and a deterministic block deterministic ones");
        Assert.That(LayerSpec.Build("[]", Options, 1).Layers, Is.Empty);
    }

    [Test]
    public void TheWeightCountIsTheSumOfInTimesOutTimesKernelSquared()
    {
        // 3·4·3² + (4·8·3² + 8·8·3²) + 8·6 + 6·3 = 108 + 864 + 48 + 18 = 1038 (biases and BatchNorm not counted).
        Assert.That(LayerSpec.Weights(Everything), Is.EqualTo(1038));
        Assert.That(LayerSpec.Weights("[BayesianConv2d(1,6,k5,s1,p2),ReLU,MaxPool2d(2),Flatten,BayesianLinear(1176,10)]"), Is.EqualTo(150 + 11760));
        // Counted in 64 bits from the tokens, so a description that would need 2⁶² weights is measured, not built.
        Assert.That(LayerSpec.Weights("[Linear(2147483647,2147483647)]"), Is.EqualTo(2147483647L * 2147483647L));
        Assert.That(LayerSpec.Weights("[Linear(3,4,5)]"), Is.Zero, "a wrong arity counts nothing (Build refuses it)");
    }

    [Test]
    public void SeedsAreReproducibleAndDistinctPerLayerResidualBranchesIncluded()
    {
        const string Spec = "[BayesianConv2d(2,2,k3,s1,p1),Residual(2,2,s1)[BayesianConv2d(2,2,k3,s1,p1),BatchNorm2d(2),ReLU,BayesianConv2d(2,2,k3,s1,p1),BatchNorm2d(2)],BayesianConv2d(2,2,k3,s1,p1)]";
        static float[][] Means(Sequential s) => s.Layers.SelectMany(l => l is ResidualBlock r ? r.Main.Layers : [l]).OfType<WeightLayer>().Select(w => w.WeightMu.Value).ToArray();
        var one = Means(LayerSpec.Build(Spec, Options, seed: 7));
        var again = Means(LayerSpec.Build(Spec, Options, seed: 7));
        var other = Means(LayerSpec.Build(Spec, Options, seed: 8));
        Assert.That(one.Length, Is.EqualTo(4));
        Assert.That(again, Is.EqualTo(one), "the same seed rebuilds the same initial weights");
        Assert.That(other[0], Is.Not.EqualTo(one[0]));
        for (int i = 0; i < one.Length; i++)
        {
            for (int j = i + 1; j < one.Length; j++)
            {
                Assert.That(one[j], Is.Not.EqualTo(one[i]), $"layers {i} and {j} share a seed");
            }
        }

        // Layer k of a stack built with seed s is seeded s·1000 + k, a residual block taking two: 7001, 7002–7003, 7004.
        Assert.That(one[0], Is.EqualTo(new BayesianConv2d(2, 2, 3, 1, 1, Options, 7001).WeightMu.Value));
        Assert.That(one[1], Is.EqualTo(new BayesianConv2d(2, 2, 3, 1, 1, Options, 7002).WeightMu.Value));
        Assert.That(one[2], Is.EqualTo(new BayesianConv2d(2, 2, 3, 1, 1, Options, 7003).WeightMu.Value));
        Assert.That(one[3], Is.EqualTo(new BayesianConv2d(2, 2, 3, 1, 1, Options, 7004).WeightMu.Value));
        var linear = (BayesianLinear)LayerSpec.Build("[BayesianLinear(3,2)]", Options with { InitialRho = -3 }, 2).Layers[0];
        Assert.That(linear.WeightRho!.Value, Is.All.EqualTo(-3f), "Bayesian layers get the options given");
    }

    private static TestCaseData Bad(string name, string description, string message) => new TestCaseData(description, message).SetName("LayerSpec." + name);

    private static IEnumerable<TestCaseData> Malformed()
    {
        yield return Bad("NoBracket", "ReLU", "expected '[' at character 0, found 'R'");
        yield return Bad("Empty", "", "expected '[' at character 0 (end)");
        yield return Bad("Unclosed", "[ReLU", "expected ']' at character 5 (end)");
        yield return Bad("Trailing", "[ReLU]x", "unexpected 'x' at character 6");
        yield return Bad("NoName", "[ReLU,,Flatten]", "expected a layer name at character 6");
        yield return Bad("NoNumber", "[MaxPool2d()]", "expected a number (< 2³¹) at character 11 in MaxPool2d");
        yield return Bad("Overflow", "[MaxPool2d(2147483648)]", "expected a number (< 2³¹) at character 11");
        yield return Bad("Signed", "[MaxPool2d(-2)]", "at character 11");
        yield return Bad("UnclosedArgs", "[MaxPool2d(2]", "expected ')' at character 12, found ']'");
        yield return Bad("Unknown", "[ReLU,Dropout(5)]", "unknown layer 'Dropout' at character 6");
        yield return Bad("Arity", "[Linear(3)]", "Linear at character 1 takes 2 arguments, got 1");
        yield return Bad("ArityZero", "[ReLU(1)]", "ReLU at character 1 takes 0 arguments, got 1");
        yield return Bad("BadResidual", "[Residual(4,2,s1)[Conv2d(4,2,k3,s1,p1)]]", "Residual at character 1: residual blocks need");
        yield return Bad("NotItself", "[Linear(3,4)[ReLU]]", "does not rebuild to itself");
        yield return Bad("Deep", string.Concat(Enumerable.Repeat("[a", 17)) + "[" + new string(']', 18), "nests deeper than 16 at character 34");
    }

    [TestCaseSource(nameof(Malformed))]
    public void MalformedDescriptionsAreRefusedWithThePositionAndTheCause(string description, string message)
    {
        var error = Assert.Throws<FormatException>(() => LayerSpec.Build(description, Options, 1))!;
        Assert.That(error.Message, Does.Contain(message));
    }

    [Test]
    public void TheLimitsAreCheckedBeforeParsing()
    {
        string huge = "[" + new string('x', LayerSpec.MaxLength) + "]";
        Assert.That(Assert.Throws<FormatException>(() => LayerSpec.Weights(huge))!.Message, Does.Contain($"the limit is {LayerSpec.MaxLength}"));
        string exactly = "[" + string.Join(",", Enumerable.Repeat("ReLU", (LayerSpec.MaxLength - 2) / 5)) + "]";
        Assert.That(exactly.Length, Is.LessThanOrEqualTo(LayerSpec.MaxLength));
        Assert.That(LayerSpec.Weights(exactly), Is.Zero, "a description at the limit is parsed");
        string sixteen = string.Concat(Enumerable.Repeat("[a", 16)) + "[]" + new string(']', 16);
        Assert.DoesNotThrow(() => LayerSpec.Weights(sixteen), "sixteen nested lists below the top are accepted");
        Assert.Throws<ArgumentNullException>(() => LayerSpec.Weights(null!));
        Assert.Throws<ArgumentNullException>(() => LayerSpec.Build("[]", null!, 1));
    }
}
