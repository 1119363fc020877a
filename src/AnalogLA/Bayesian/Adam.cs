using System.Runtime.Intrinsics;

namespace AnalogLA.Bayesian;

/// <summary>
/// Adam (Kingma and Ba, ICLR 2015): m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − η·m̂/(√v̂ + ε) with
/// bias-corrected m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t).
/// </summary>
public sealed class Adam(IReadOnlyList<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
{
    private readonly IReadOnlyList<Parameter> _parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
    private readonly double _beta1 = beta1 is >= 0 and < 1 ? beta1 : throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β1 must be in [0, 1).");
    private readonly double _beta2 = beta2 is >= 0 and < 1 ? beta2 : throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β2 must be in [0, 1).");
    private readonly double _epsilon = epsilon > 0 && double.IsFinite(epsilon) ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be finite and > 0.");

    /// <summary>Step size η (may be changed between steps, e.g. by a schedule).</summary>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the learning rate must be finite and ≥ 0.");
    }

    private double _learningRate = learningRate >= 0 && double.IsFinite(learningRate) ? learningRate : throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "the learning rate must be finite and ≥ 0.");

    /// <summary>Steps taken (set when a run is resumed, with the moments restored in the parameters).</summary>
    public int Steps { get; internal set; }

    /// <summary>Applies one update from the accumulated gradients and clears them.</summary>
    public void Step()
    {
        Steps++;
        float b1 = (float)_beta1, b2 = (float)_beta2;
        float correction1 = (float)(1 - Math.Pow(_beta1, Steps)), correction2 = (float)(1 - Math.Pow(_beta2, Steps));
        float lr = (float)LearningRate, eps = (float)_epsilon;
        foreach (var p in _parameters)
        {
            var value = p.Value;
            var g = p.Gradient;
            var m = p.FirstMoment;
            var v = p.SecondMoment;
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                // The scalar loop's operations in its order, eight at a time (no fused multiply-add, so the same floats).
                var vb1 = Vector256.Create(b1);
                var vb2 = Vector256.Create(b2);
                var one1 = Vector256.Create(1 - b1);
                var one2 = Vector256.Create(1 - b2);
                var vlr = Vector256.Create(lr);
                var c1 = Vector256.Create(correction1);
                var c2 = Vector256.Create(correction2);
                var veps = Vector256.Create(eps);
                for (; i + 8 <= value.Length; i += 8)
                {
                    var gi = Vector256.Create(g.AsSpan(i, 8));
                    var mi = (vb1 * Vector256.Create(m.AsSpan(i, 8))) + (one1 * gi);
                    var vi = (vb2 * Vector256.Create(v.AsSpan(i, 8))) + (one2 * gi * gi);
                    mi.CopyTo(m.AsSpan(i, 8));
                    vi.CopyTo(v.AsSpan(i, 8));
                    var step = vlr * (mi / c1) / (Vector256.Sqrt(vi / c2) + veps);
                    (Vector256.Create(value.AsSpan(i, 8)) - step).CopyTo(value.AsSpan(i, 8));
                }
            }

            for (; i < value.Length; i++)
            {
                float gi = g[i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                value[i] -= lr * (m[i] / correction1) / (MathF.Sqrt(v[i] / correction2) + eps);
            }

            Array.Clear(g);
        }
    }
}
