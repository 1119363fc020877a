using AnalogLA.Numerics;

namespace AnalogLA.Bayesian;

/// <summary>A classifier: a layer stack with an input shape, built from an <see cref="Architecture"/>.</summary>
public sealed class Network
{
    /// <summary>Builds the network of <paramref name="architecture"/> with initial weights from <paramref name="seed"/>.</summary>
    public Network(Architecture architecture, ulong seed = 1)
    {
        Architecture = architecture ?? throw new ArgumentNullException(nameof(architecture));
        architecture.Validate();
        Body = Models.Build(architecture, seed);
        (InputMean, InputStd) = (new float[architecture.InputChannels], Enumerable.Repeat(1f, architecture.InputChannels).ToArray());
        CheckOutput();
    }

    private Network(Architecture architecture, Sequential body)
    {
        Architecture = architecture;
        Body = body;
        (InputMean, InputStd) = (new float[architecture.InputChannels], Enumerable.Repeat(1f, architecture.InputChannels).ToArray());
        CheckOutput();
    }

    /// <summary>
    /// A network of any <see cref="Sequential"/> of the library's layers, for images of
    /// <paramref name="inputChannels"/> × <paramref name="imageSize"/>² and <paramref name="classes"/> outputs. It trains
    /// (<see cref="Trainer"/>), checkpoints (the checkpoint stores its layer description) and deploys
    /// (<see cref="HardwareClassifier"/>) like the built-in models.
    /// </summary>
    /// <exception cref="ArgumentException">The layers do not map the images to <paramref name="classes"/> logits, their Bayesian layers have different priors, or a size is out of range.</exception>
    public static Network FromLayers(Sequential body, int inputChannels, int imageSize, int classes)
    {
        ArgumentNullException.ThrowIfNull(body);
        var priors = body.Flatten().OfType<WeightLayer>().Where(l => l.IsBayesian).Select(l => l.Options.PriorSigma).Distinct().ToList();
        if (priors.Count > 1)
        {
            throw new ArgumentException($"a custom network is checkpointed with one prior σ; its Bayesian layers have {string.Join(", ", priors)}.");
        }

        var architecture = new Architecture(Architecture.Custom, inputChannels, imageSize, classes, PriorSigma: priors.Count == 1 ? priors[0] : 0.1) { Layers = body.Describe() };
        architecture.Validate();
        try
        {
            return new Network(architecture, body);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    private void CheckOutput()
    {
        var architecture = Architecture;
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

    /// <summary>
    /// A second network with the same layers (rebuilt from <see cref="Architecture"/>) and this one's values, or null
    /// when the rebuilt layers differ from these in a setting the architecture does not record (a layer's Bayesian
    /// options, a BatchNorm's ε or momentum). For running passes side by side: layers keep per-pass state.
    /// </summary>
    internal Network? TryReplica()
    {
        Network copy;
        try
        {
            copy = new Network(Architecture);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }

        var mine = Body.Flatten().ToList();
        var theirs = copy.Body.Flatten().ToList();
        if (copy.Body.Describe() != Body.Describe() || mine.Count != theirs.Count || !mine.Zip(theirs).All(p => SameSettings(p.First, p.Second)))
        {
            return null;
        }

        CopyValuesTo(copy);
        return copy;
    }

    private static bool SameSettings(Layer a, Layer b) => (a, b) switch
    {
        (WeightLayer x, WeightLayer y) => x.IsBayesian == y.IsBayesian && x.Options == y.Options,
        (BatchNorm2d x, BatchNorm2d y) => x.Epsilon == y.Epsilon && x.Momentum == y.Momentum,
        _ => a.GetType() == b.GetType(),
    };

    /// <summary>Copies every parameter, buffer and input statistic into <paramref name="other"/> (a replica of this network).</summary>
    internal void CopyValuesTo(Network other)
    {
        var (from, to) = (Parameters.Concat(Buffers).ToList(), other.Parameters.Concat(other.Buffers).ToList());
        for (int i = 0; i < from.Count; i++)
        {
            from[i].Value.CopyTo(to[i].Value, 0);
        }

        other.InputMean = (float[])InputMean.Clone();
        other.InputStd = (float[])InputStd.Clone();
    }

    /// <summary>KL(q‖p) of all Bayesian layers.</summary>
    public double KlDivergence() => Body.KlDivergence();

    /// <summary>Number of trainable values.</summary>
    public long ParameterCount => Parameters.Sum(p => (long)p.Length);
}
