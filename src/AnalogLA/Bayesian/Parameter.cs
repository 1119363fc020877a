namespace AnalogLA.Bayesian;

/// <summary>A trainable array with its gradient and its Adam moments.</summary>
public sealed class Parameter
{
    /// <summary>Creates a parameter of the given shape (for checkpoints and error messages).</summary>
    public Parameter(string name, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        Shape = shape;
        int length = 1;
        foreach (int d in shape)
        {
            length *= d;
        }

        Value = new float[length];
        Gradient = new float[length];
        FirstMoment = new float[length];
        SecondMoment = new float[length];
    }

    /// <summary>Name within its layer (e.g. "weight_mu").</summary>
    public string Name { get; }

    /// <summary>Dimensions.</summary>
    public int[] Shape { get; }

    /// <summary>Current values.</summary>
    public float[] Value { get; }

    /// <summary>Accumulated gradient (cleared by the optimiser after each step).</summary>
    public float[] Gradient { get; }

    /// <summary>Adam first moment.</summary>
    internal float[] FirstMoment { get; }

    /// <summary>Adam second moment.</summary>
    internal float[] SecondMoment { get; }

    /// <summary>Number of values.</summary>
    public int Length => Value.Length;

    /// <summary>Adds <paramref name="gradient"/> to <see cref="Gradient"/> under a lock (for per-thread partial sums).</summary>
    public void AccumulateGradient(ReadOnlySpan<float> gradient)
    {
        lock (Gradient)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(Gradient, gradient, Gradient);
        }
    }
}
