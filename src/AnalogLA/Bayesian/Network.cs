using AnalogLA.Numerics;

namespace AnalogLA.Bayesian;

/// <summary>The architecture of a network, enough to rebuild it (recorded in checkpoints).</summary>
/// <param name="Model">"lenet5" or "resnetD" (D = 6n + 2).</param>
/// <param name="InputChannels">Image channels (1 grayscale, 3 colour).</param>
/// <param name="ImageSize">Image side in pixels.</param>
/// <param name="Classes">Output classes.</param>
/// <param name="Width">Base width (ResNet first-stage channels; LeNet-5 ignores it).</param>
/// <param name="PriorSigma">Prior σ_p of every Bayesian layer.</param>
/// <param name="InitialRho">Initial ρ of every posterior.</param>
public sealed record Architecture(string Model, int InputChannels, int ImageSize, int Classes, int Width = 16, double PriorSigma = 0.1, double InitialRho = -5)
{
    /// <summary>Largest accepted input channel count.</summary>
    public const int MaxInputChannels = 16;

    /// <summary>Largest accepted image side in pixels.</summary>
    public const int MaxImageSize = 512;

    /// <summary>Largest accepted number of classes.</summary>
    public const int MaxClasses = 10_000;

    /// <summary>Largest accepted base width (channels of a ResNet's first stage); 256 already means ~70 M parameters for ResNet-20.</summary>
    public const int MaxWidth = 256;

    /// <summary>
    /// Checks every field against its range before anything is allocated; the message names the field. Checkpoint
    /// headers and command lines both pass through here, so an absurd size never reaches an allocation.
    /// </summary>
    /// <exception cref="ArgumentException">A missing model name or a field outside its range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new ArgumentException("Architecture.Model must name a model (lenet5, resnet8, resnet20, …).");
        }

        Require(InputChannels, 1, MaxInputChannels, nameof(InputChannels));
        Require(ImageSize, 1, MaxImageSize, nameof(ImageSize));
        Require(Classes, 2, MaxClasses, nameof(Classes));
        Require(Width, 1, MaxWidth, nameof(Width));
        if (!(PriorSigma > 0 && double.IsFinite(PriorSigma)))
        {
            throw new ArgumentOutOfRangeException(nameof(PriorSigma), PriorSigma, "Architecture.PriorSigma (the prior σ of the weights) must be finite and > 0.");
        }

        if (!double.IsFinite(InitialRho))
        {
            throw new ArgumentOutOfRangeException(nameof(InitialRho), InitialRho, "Architecture.InitialRho must be finite.");
        }

        long weights = EstimatedWeights();
        if (weights > MaxWeights)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), Width, $"{Model} at width {Width} on {InputChannels}×{ImageSize}×{ImageSize} images has about {weights:N0} weights; the limit is {MaxWeights:N0} (each weight holds a mean, a ρ and Adam's two moments).");
        }
    }

    /// <summary>Largest accepted number of Bayesian weights (≈ 1.6 GB of training state at 8 floats per weight).</summary>
    public const long MaxWeights = 50_000_000;

    /// <summary>
    /// The number of weights the model has, from its layer shapes (biases and BatchNorm left out, so within a few
    /// per cent); 0 for a model name this build does not know (the builder then rejects it).
    /// </summary>
    public long EstimatedWeights()
    {
        if (Model == "lenet5")
        {
            long side = Math.Max(0, (ImageSize / 2 - 4) / 2);
            return (6L * InputChannels * 25) + (16L * 6 * 25) + (16 * side * side * 120) + (120 * 84) + (84L * Classes);
        }

        if (Model.StartsWith("resnet", StringComparison.Ordinal)
            && long.TryParse(Model.AsSpan(6), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long depth)
            && depth >= 8)
        {
            long blocks = Math.Min(depth, int.MaxValue) / 6, w = Width;
            long total = 9L * InputChannels * w;
            for (int stage = 0; stage < 3; stage++)
            {
                long c = w << stage;
                total += blocks * 2 * 9 * c * c;
            }

            return total + (4 * w * Classes);
        }

        return 0;
    }

    private static void Require(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Architecture.{name} must be in [{min}, {max}], got {value}.");
        }
    }
}

/// <summary>A classifier: a layer stack with an input shape, built from an <see cref="Architecture"/>.</summary>
public sealed class Network
{
    /// <summary>Builds the network of <paramref name="architecture"/> with initial weights from <paramref name="seed"/>.</summary>
    public Network(Architecture architecture, ulong seed = 1)
    {
        Architecture = architecture ?? throw new ArgumentNullException(nameof(architecture));
        architecture.Validate();
        Body = Models.Build(architecture, seed);
        InputMean = new float[architecture.InputChannels];
        InputStd = Enumerable.Repeat(1f, architecture.InputChannels).ToArray();
        var (c, h, w) = Body.OutputShape(architecture.InputChannels, architecture.ImageSize, architecture.ImageSize);
        if (c != architecture.Classes || h != 1 || w != 1)
        {
            throw new InvalidOperationException($"{architecture.Model} produces {c}×{h}×{w}, not {architecture.Classes} logits.");
        }
    }

    /// <summary>The architecture.</summary>
    public Architecture Architecture { get; }

    /// <summary>The layers.</summary>
    public Sequential Body { get; }

    /// <summary>Trainable parameters in a fixed order.</summary>
    public IReadOnlyList<Parameter> Parameters => Body.Parameters.ToList();

    /// <summary>Buffers (BatchNorm running statistics) in a fixed order.</summary>
    public IReadOnlyList<Parameter> Buffers => Body.Buffers.ToList();

    /// <summary>Logits N×classes for images N×C×H×W; the message names a wrong image shape.</summary>
    public Tensor Forward(Tensor images, PassMode mode, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(images);
        CheckInput(images);
        ArgumentNullException.ThrowIfNull(context);
        context.NetworkInput = images;
        return Body.Forward(images, mode, context);
    }

    /// <summary>Throws when the images do not have this network's shape.</summary>
    public void CheckInput(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        CheckInput(images.C, images.H, images.W);
    }

    /// <summary>Throws when images of <paramref name="channels"/>×<paramref name="height"/>×<paramref name="width"/> do not fit this network.</summary>
    public void CheckInput(int channels, int height, int width)
    {
        var a = Architecture;
        if (channels != a.InputChannels || height != a.ImageSize || width != a.ImageSize)
        {
            throw new ArgumentException($"{a.Model} expects images of {a.InputChannels}×{a.ImageSize}×{a.ImageSize}, got {channels}×{height}×{width}.");
        }
    }

    /// <summary>Per-channel input mean subtracted before the first layer (zeros until set from the training data).</summary>
    public float[] InputMean { get; set; }

    /// <summary>Per-channel input standard deviation divided out before the first layer (ones until set).</summary>
    public float[] InputStd { get; set; }

    /// <summary>Applies (x − mean)/std per channel in place.</summary>
    public void Normalise(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        int plane = images.H * images.W;
        for (int n = 0; n < images.N; n++)
        {
            for (int c = 0; c < images.C; c++)
            {
                var s = images.Data.AsSpan((n * images.C + c) * plane, plane);
                System.Numerics.Tensors.TensorPrimitives.Subtract(s, InputMean[c], s);
                System.Numerics.Tensors.TensorPrimitives.Multiply(s, 1 / InputStd[c], s);
            }
        }
    }

    /// <summary>KL(q‖p) of all Bayesian layers.</summary>
    public double KlDivergence() => Body.KlDivergence();

    /// <summary>Number of trainable values.</summary>
    public long ParameterCount => Parameters.Sum(p => (long)p.Length);
}

/// <summary>The model zoo.</summary>
public static class Models
{
    /// <summary>Known model names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["lenet5", "resnet8", "resnet14", "resnet20", "resnet32"];

    /// <summary>LeNet-5 on 28×28 grayscale images.</summary>
    public static Architecture LeNet5(int classes = 10) => new("lenet5", 1, 28, classes);

    /// <summary>ResNet-D (D = 6n + 2) on 32×32 colour images.</summary>
    public static Architecture ResNet(int depth = 20, int width = 16, int classes = 10) => new($"resnet{depth}", 3, 32, classes, width);

    /// <summary>Builds the layers.</summary>
    /// <remarks>
    /// LeNet-5 (LeCun et al., Proc. IEEE 86:2278, 1998, with ReLU and max pooling as in the uncertainty
    /// baselines): conv 5×5 (6, padding 2) – pool – conv 5×5 (16) – pool – FC 120 – FC 84 – FC classes; all
    /// weight layers Bayesian. CIFAR ResNet-D (He et al., CVPR 2016, Sec. 4.2): conv 3×3 (w) then three stages of
    /// n = (D − 2)/6 basic blocks with w, 2w, 4w channels (stride 2 between stages, option-A shortcuts), global
    /// average pooling and FC classes; every convolution and the FC Bayesian, BatchNorm deterministic.
    /// </remarks>
    public static Sequential Build(Architecture architecture, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var options = new BayesianOptions { PriorSigma = architecture.PriorSigma, InitialRho = architecture.InitialRho };
        ulong next = seed * 1000;
        Layer Conv(int i, int o, int k, int s, int p) => new BayesianConv2d(i, o, k, s, p, options, ++next);
        Layer Fc(int i, int o) => new BayesianLinear(i, o, options, ++next);
        if (architecture.Model == "lenet5")
        {
            int size = architecture.ImageSize;
            int afterConv2 = (size / 2 - 4) / 2;
            if (afterConv2 < 1)
            {
                throw new ArgumentException($"lenet5 needs images of at least 12×12 pixels, got {size}×{size}.");
            }

            return new Sequential([
                Conv(architecture.InputChannels, 6, 5, 1, 2), new ReLU(), new MaxPool2d(2),
                Conv(6, 16, 5, 1, 0), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                Fc(16 * afterConv2 * afterConv2, 120), new ReLU(),
                Fc(120, 84), new ReLU(),
                Fc(84, architecture.Classes),
            ]);
        }

        if (architecture.Model.StartsWith("resnet", StringComparison.Ordinal)
            && int.TryParse(architecture.Model.AsSpan(6), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int depth)
            && depth >= 8 && (depth - 2) % 6 == 0)
        {
            int n = (depth - 2) / 6, w = architecture.Width;
            var layers = new List<Layer> { Conv(architecture.InputChannels, w, 3, 1, 1), new BatchNorm2d(w), new ReLU() };
            int channels = w;
            for (int stage = 0; stage < 3; stage++)
            {
                int outChannels = w << stage;
                for (int b = 0; b < n; b++)
                {
                    int stride = stage > 0 && b == 0 ? 2 : 1;
                    layers.Add(new ResidualBlock(channels, outChannels, stride, Conv));
                    channels = outChannels;
                }
            }

            layers.Add(new GlobalAvgPool());
            layers.Add(Fc(channels, architecture.Classes));
            return new Sequential(layers);
        }

        throw new ArgumentException($"unknown model '{architecture.Model}'; known: lenet5, resnetD with D = 6n + 2 ≥ 8 (e.g. {string.Join(", ", Names)}).");
    }
}
