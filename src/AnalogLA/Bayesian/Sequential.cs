using AnalogLA.Numerics;

namespace AnalogLA.Bayesian;

/// <summary>Layers applied in order.</summary>
public sealed class Sequential(IEnumerable<Layer> layers) : Layer
{
    /// <summary>The layers.</summary>
    public IReadOnlyList<Layer> Layers { get; } = layers?.ToList() ?? throw new ArgumentNullException(nameof(layers));

    /// <inheritdoc />
    public override string Describe() => "[" + string.Join(",", Layers.Select(l => l.Describe())) + "]";

    /// <inheritdoc />
    public override (int C, int H, int W) OutputShape(int c, int h, int w)
    {
        foreach (var layer in Layers)
        {
            (c, h, w) = layer.OutputShape(c, h, w);
        }

        return (c, h, w);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x, PassMode mode, ForwardContext context)
    {
        foreach (var layer in Layers)
        {
            x = layer.Forward(x, mode, context);
        }

        return x;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        for (int i = Layers.Count - 1; i >= 0; i--)
        {
            gradOutput = Layers[i].Backward(gradOutput);
        }

        return gradOutput;
    }

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters => Layers.SelectMany(l => l.Parameters);

    /// <inheritdoc />
    public override IEnumerable<Parameter> Buffers => Layers.SelectMany(l => l.Buffers);

    /// <inheritdoc />
    public override double KlDivergence() => Layers.Sum(l => l.KlDivergence());

    /// <inheritdoc />
    public override double AccumulateKlGradient(float scale)
    {
        double kl = 0;
        foreach (var layer in Layers)
        {
            kl += layer.AccumulateKlGradient(scale);
        }

        return kl;
    }

    /// <inheritdoc />
    public override IEnumerable<Layer> Flatten() => Layers.SelectMany(l => l.Flatten());
}

/// <summary>
/// A basic residual block (He et al., CVPR 2016): y = ReLU(F(x) + shortcut(x)), F = conv–BN–ReLU–conv–BN.
/// When F halves the resolution and widens the channels, the shortcut subsamples by 2 and pads the new channels
/// with zeros ("option A" of the CIFAR ResNets), which has no parameters.
/// </summary>
public sealed class ResidualBlock : Layer
{
    private readonly ReLU _relu = new();
    private (int N, int C, int H, int W) _inputShape;

    /// <summary>Creates a block from <paramref name="inChannels"/> to <paramref name="outChannels"/> with the given stride (1 or 2).</summary>
    public ResidualBlock(int inChannels, int outChannels, int stride, Func<int, int, int, int, int, Layer> conv)
    {
        ArgumentNullException.ThrowIfNull(conv);
        if (stride is not (1 or 2) || outChannels < inChannels)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), $"residual blocks need stride 1 or 2 and out ≥ in channels, got stride {stride}, {inChannels}→{outChannels}.");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        Stride = stride;
        Main = new Sequential([conv(inChannels, outChannels, 3, stride, 1), new BatchNorm2d(outChannels), new ReLU(), conv(outChannels, outChannels, 3, 1, 1), new BatchNorm2d(outChannels)]);
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Stride of the first convolution (and of the shortcut).</summary>
    public int Stride { get; }

    /// <summary>The residual branch F.</summary>
    public Sequential Main { get; }

    /// <inheritdoc />
    public override string Describe() => $"Residual({InChannels},{OutChannels},s{Stride}){Main.Describe()}";

    /// <inheritdoc />
    public override (int C, int H, int W) OutputShape(int c, int h, int w) => Main.OutputShape(c, h, w);

    /// <inheritdoc />
    public override Tensor Forward(Tensor x, PassMode mode, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        _inputShape = (x.N, x.C, x.H, x.W);
        var y = Main.Forward(x, mode, context);
        AddShortcut(x, y);
        return _relu.Forward(y, mode, context);
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        var g = _relu.Backward(gradOutput);
        var dx = Main.Backward(g);
        var (n, c, h, w) = _inputShape;
        int oh = g.H, ow = g.W;
        for (int b = 0; b < n; b++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                for (int y = 0; y < oh; y++)
                {
                    for (int x = 0; x < ow; x++)
                    {
                        dx.Data[((b * c + ch) * h + y * Stride) * w + x * Stride] += g.Data[((b * OutChannels + ch) * oh + y) * ow + x];
                    }
                }
            }
        }

        return dx;
    }

    /// <summary>y += shortcut(x) (identity, or stride-2 subsampling with zero channels appended).</summary>
    public void AddShortcut(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        for (int b = 0; b < x.N; b++)
        {
            for (int ch = 0; ch < x.C; ch++)
            {
                for (int yy = 0; yy < y.H; yy++)
                {
                    for (int xx = 0; xx < y.W; xx++)
                    {
                        y.Data[((b * y.C + ch) * y.H + yy) * y.W + xx] += x.Data[((b * x.C + ch) * x.H + yy * Stride) * x.W + xx * Stride];
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters => Main.Parameters;

    /// <inheritdoc />
    public override IEnumerable<Parameter> Buffers => Main.Buffers;

    /// <inheritdoc />
    public override double KlDivergence() => Main.KlDivergence();

    /// <inheritdoc />
    public override double AccumulateKlGradient(float scale) => Main.AccumulateKlGradient(scale);

    /// <inheritdoc />
    /// <remarks>The branch's layers (its convolutions and BatchNorms), so checks over a network's layers — one prior σ per
    /// checkpoint, the settings a replica must share — see them; the shortcut has no parameters.</remarks>
    public override IEnumerable<Layer> Flatten() => Main.Flatten();
}
