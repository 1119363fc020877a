namespace AnalogLA.Bayesian;

/// <summary>The architecture of a network, enough to rebuild it (recorded in checkpoints).</summary>
/// <param name="Model">"lenet5", "resnetD" (D = 6n + 2), or "custom" (the layers in <see cref="Layers"/>).</param>
/// <param name="InputChannels">Image channels (1 grayscale, 3 colour).</param>
/// <param name="ImageSize">Image side in pixels.</param>
/// <param name="Classes">Output classes.</param>
/// <param name="Width">Base width (ResNet first-stage channels; LeNet-5 ignores it).</param>
/// <param name="PriorSigma">Prior σ_p of every Bayesian layer.</param>
/// <param name="InitialRho">Initial ρ of every posterior.</param>
public sealed record Architecture(string Model, int InputChannels, int ImageSize, int Classes, int Width = 16, double PriorSigma = 0.1, double InitialRho = -5)
{
    /// <summary>The model name of a network built from its own layers (<see cref="Network.FromLayers"/>).</summary>
    public const string Custom = "custom";

    /// <summary>The Monte Carlo estimator of the Bayesian convolutions (training and software inference).</summary>
    public WeightEstimator Estimator { get; init; } = WeightEstimator.LocalReparameterization;

    /// <summary>For a <see cref="Custom"/> model, the layer description (<see cref="Layer.Describe"/>) it is rebuilt from (<see cref="LayerSpec"/>).</summary>
    public string? Layers { get; init; }

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

        if (Model == Custom && string.IsNullOrEmpty(Layers))
        {
            throw new ArgumentException("Architecture.Layers must describe the layers of a custom model.");
        }

        long weights;
        try
        {
            weights = EstimatedWeights();
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"Architecture.Layers: {e.Message}", e);
        }

        if (weights > MaxWeights)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), Width, $"{Model} at width {Width} on {InputChannels}×{ImageSize}×{ImageSize} images has about {weights:N0} weights; the limit is {MaxWeights:N0} (each weight holds a mean, a ρ and Adam's two moments).");
        }
    }

    /// <summary>Largest accepted number of Bayesian weights (≈ 1.6 GB of training state at 8 floats per weight).</summary>
    public const long MaxWeights = 50_000_000;

    /// <summary>
    /// The number of weights the model has, from its layer shapes (biases and BatchNorm left out: the weight means of the
    /// built network, exactly); 0 for a model name this build does not know (the builder then rejects it).
    /// </summary>
    public long EstimatedWeights()
    {
        if (Model == Custom)
        {
            return Layers is null ? 0 : LayerSpec.Weights(Layers);
        }

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
                // Each block holds two 3×3 convolutions c→c, except the first of stages 2 and 3, which starts at c/2→c.
                long c = w << stage;
                total += (blocks * 2 * 9 * c * c) - (stage > 0 ? 9 * (c / 2) * c : 0);
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
