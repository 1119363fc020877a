namespace AnalogLA.Bayesian;

/// <summary>
/// Adam (Kingma and Ba, ICLR 2015): m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − η·m̂/(√v̂ + ε) with
/// bias-corrected m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t).
/// </summary>
public sealed class Adam(IReadOnlyList<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
{
    private readonly IReadOnlyList<Parameter> _parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));

    /// <summary>Step size η (may be changed between steps, e.g. by a schedule).</summary>
    public double LearningRate { get; set; } = learningRate;

    /// <summary>Steps taken (set when a run is resumed, with the moments restored in the parameters).</summary>
    public int Steps { get; internal set; }

    /// <summary>Applies one update from the accumulated gradients and clears them.</summary>
    public void Step()
    {
        Steps++;
        float b1 = (float)beta1, b2 = (float)beta2;
        float correction1 = (float)(1 - Math.Pow(beta1, Steps)), correction2 = (float)(1 - Math.Pow(beta2, Steps));
        float lr = (float)LearningRate, eps = (float)epsilon;
        foreach (var p in _parameters)
        {
            var value = p.Value;
            var g = p.Gradient;
            var m = p.FirstMoment;
            var v = p.SecondMoment;
            for (int i = 0; i < value.Length; i++)
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
