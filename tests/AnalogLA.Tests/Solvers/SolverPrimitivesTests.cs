using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Tests.Solvers;

/// <summary>The solvers' small building blocks: the 2-norm stop criterion, the LU singularity test, the vector checks.</summary>
public class SolverPrimitivesTests
{
    private static Vector<double> V(params double[] v) => Vector<double>.Build.DenseOfArray(v);

    [Test]
    public void TheStopCriterionComparesTheRelativeTwoNormResidualInclusively()
    {
        // ‖b‖₂ = 5, ‖r‖₂ = 0.5: relative residual 0.1, converged at a tolerance of 0.1 (inclusive). With r = (0.3, 0)
        // the 2-norm ratio is 0.06 and the ∞-norm ratio 0.075, so a tolerance of 0.07 separates the two norms.
        var b = V(3, 4);
        Assert.That(new RelativeResidualStopCriterion(0.1).DetermineStatus(1, V(0, 0), b, V(0.3, 0.4)), Is.EqualTo(IterationStatus.Converged), "at the tolerance");
        Assert.That(new RelativeResidualStopCriterion(0.0999).DetermineStatus(1, V(0, 0), b, V(0.3, 0.4)), Is.EqualTo(IterationStatus.Continue));
        Assert.That(new RelativeResidualStopCriterion(0.061).DetermineStatus(1, V(0, 0), b, V(0.3, 0)), Is.EqualTo(IterationStatus.Converged), "0.3/5 = 0.06");
        Assert.That(new RelativeResidualStopCriterion(0.07).DetermineStatus(1, V(0, 0), b, V(0.3, 0)), Is.EqualTo(IterationStatus.Converged));
        Assert.That(new RelativeResidualStopCriterion(0.059).DetermineStatus(1, V(0, 0), b, V(0.3, 0)), Is.EqualTo(IterationStatus.Continue));
        // b = 0: the absolute residual.
        Assert.That(new RelativeResidualStopCriterion(0.1).DetermineStatus(1, V(0, 0), V(0, 0), V(0.05, 0)), Is.EqualTo(IterationStatus.Converged));
        Assert.That(new RelativeResidualStopCriterion(0.1).DetermineStatus(1, V(0, 0), V(0, 0), V(0.2, 0)), Is.EqualTo(IterationStatus.Continue));

        var criterion = new RelativeResidualStopCriterion(0.1);
        criterion.DetermineStatus(1, V(0, 0), b, V(0, 0));
        Assert.That(criterion.Status, Is.EqualTo(IterationStatus.Converged));
        criterion.Reset();
        Assert.That(criterion.Status, Is.EqualTo(IterationStatus.Continue));
        Assert.That(((RelativeResidualStopCriterion)criterion.Clone()).Tolerance, Is.EqualTo(0.1));
        foreach (double bad in new[] { 0, -1e-8, double.NaN, double.PositiveInfinity })
        {
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RelativeResidualStopCriterion(bad))!.ParamName, Is.EqualTo("tolerance"), $"{bad}");
        }
    }

    [Test]
    public void AFactorIsSingularWhenAPivotFallsBelowWorkingPrecisionOfTheLargest()
    {
        static bool Singular(params double[] diagonal) => LuChecks.IsSingular(Matrix<double>.Build.DenseOfDiagonalArray(diagonal).LU());
        Assert.That(Singular(1, 1e-15), Is.True, "1e−15 < 1e−14 of the largest");
        Assert.That(Singular(1e-15, 1), Is.True, "in either order");
        Assert.That(Singular(1, 1e-13), Is.False);
        Assert.That(Singular(1, 0), Is.True);
        Assert.That(Singular(1, double.NaN), Is.True);
        Assert.That(Singular(1e-200, 1e-200, 1e-200), Is.False, "well conditioned at any scale (the determinant would underflow)");
        Assert.That(Singular(1e200, 1e200), Is.False);
    }

    [Test]
    public void APreconditionerVectorOfAnotherOrderIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => PreconditionerArguments.Check(V(1, 2, 3, 4), V(0, 0, 0, 0, 0), 4))!;
        Assert.That(error.Message, Does.Contain("order 4; rhs has 4 and lhs 5 entries"));
        Assert.Throws<ArgumentException>(() => PreconditionerArguments.Check(V(1, 2, 3), V(0, 0, 0, 0), 4));
        Assert.DoesNotThrow(() => PreconditionerArguments.Check(V(1, 2, 3, 4), V(0, 0, 0, 0), 4));
        Assert.Throws<InvalidOperationException>(() => PreconditionerArguments.Check(V(1), V(0), -1));
    }
}
