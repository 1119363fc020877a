using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Solvers;

/// <summary>
/// Stops when the true relative residual ‖b − A·x‖₂/‖b‖₂ is at most <see cref="Tolerance"/>.
/// (MathNet's <c>ResidualStopCriterion</c> compares infinity norms; this is the 2-norm criterion the
/// field reports and scipy uses.)
/// </summary>
public sealed class RelativeResidualStopCriterion(double tolerance) : IIterationStopCriterion<double>
{
    /// <summary>The relative tolerance.</summary>
    public double Tolerance { get; } = tolerance > 0 && double.IsFinite(tolerance) ? tolerance : throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "tolerance must be finite and > 0.");

    /// <inheritdoc />
    public IterationStatus Status { get; private set; } = IterationStatus.Continue;

    /// <inheritdoc />
    public IterationStatus DetermineStatus(int iterationNumber, Vector<double> solutionVector, Vector<double> sourceVector, Vector<double> residualVector)
    {
        double b = sourceVector.L2Norm();
        double r = residualVector.L2Norm();
        Status = (b > 0 ? r / b : r) <= Tolerance ? IterationStatus.Converged : IterationStatus.Continue;
        return Status;
    }

    /// <inheritdoc />
    public void Reset() => Status = IterationStatus.Continue;

    /// <inheritdoc />
    public IIterationStopCriterion<double> Clone() => new RelativeResidualStopCriterion(Tolerance);
}
