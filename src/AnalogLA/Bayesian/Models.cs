namespace AnalogLA.Bayesian;

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
        var options = new BayesianOptions { PriorSigma = architecture.PriorSigma, InitialRho = architecture.InitialRho, Estimator = architecture.Estimator };
        ulong next = seed * 1000;
        Layer Conv(int i, int o, int k, int s, int p) => new BayesianConv2d(i, o, k, s, p, options, ++next);
        Layer Fc(int i, int o) => new BayesianLinear(i, o, options, ++next);
        if (architecture.Model == Architecture.Custom)
        {
            try
            {
                return LayerSpec.Build(architecture.Layers ?? "", options, seed);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"Architecture.Layers: {e.Message}", e);
            }
        }

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
