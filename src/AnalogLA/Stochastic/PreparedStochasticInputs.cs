using AnalogLA.Crossbar;

namespace AnalogLA.Stochastic;

/// <summary>
/// Inputs staged once for repeated samples of one <see cref="StochasticMatrix"/> (<see cref="StochasticMatrix.Prepare"/>):
/// the mean array's <see cref="PreparedInputs"/> and the σ read's moments, recomputed if the mean array's converters
/// are recalibrated. Dispose when done.
/// </summary>
public sealed class PreparedStochasticInputs : IDisposable
{
    private readonly object _lock = new();
    private SigmaMoments? _moments;

    internal PreparedStochasticInputs(StochasticMatrix matrix, PreparedInputs meanInputs, int count)
    {
        Matrix = matrix;
        MeanInputs = meanInputs;
        Count = count;
    }

    /// <summary>The array these inputs were prepared for.</summary>
    public StochasticMatrix Matrix { get; }

    /// <summary>Vectors in the batch.</summary>
    public int Count { get; }

    /// <summary>The mean array's prepared inputs.</summary>
    public PreparedInputs MeanInputs { get; }

    internal SigmaMoments MomentsFor(long calibrationVersion)
    {
        lock (_lock)
        {
            if (_moments is null || _moments.CalibrationVersion != calibrationVersion)
            {
                _moments = Matrix.Moments(MeanInputs.Inputs, Count);
            }

            return _moments;
        }
    }

    /// <inheritdoc />
    public void Dispose() => MeanInputs.Dispose();
}

/// <summary>The read-independent part of an output-space σ read (see <see cref="StochasticMatrix.Moments"/>).</summary>
internal sealed record SigmaMoments(float[] Range, float[] Bias, float[] Variance, long CalibrationVersion);
