using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Tests.Solvers;

/// <summary>
/// <see cref="BlockCountSelection"/> against preconditioners whose ‖I − A·M‖ and GMRES behaviour are known in closed form:
/// M = c·A⁻¹ gives ‖z − A·M·z‖/‖z‖ = |1 − c| for every probe z and makes FGMRES exact in one step; M = A⁻¹(I + E) with a
/// diagonal E of spread entries gives a probed norm ≤ max|E| but leaves a residual after ten iterations. So the two criteria
/// must disagree in a known way, and the candidate list, block sizes and failures follow from the arithmetic.
/// </summary>
public class BlockCountSelectionTests
{
    private const int N = 40;

    /// <summary>A = diag(1, …, 40): its inverse is exact and cheap.</summary>
    private static readonly Matrix<double> A = Matrix<double>.Build.DenseOfDiagonalArray(Enumerable.Range(1, N).Select(i => (double)i).ToArray());

    /// <summary>x = A⁻¹·diag(d)·r for a diagonal A.</summary>
    private sealed class DiagonalPreconditioner(Func<int, double> d, bool failOnInitialize = false) : IPreconditioner<double>
    {
        private Matrix<double>? _a;

        public void Initialize(Matrix<double> matrix)
        {
            if (failOnInitialize)
            {
                throw new ArgumentException("singular block", nameof(matrix));
            }

            _a = matrix;
        }

        public void Approximate(Vector<double> rhs, Vector<double> lhs)
        {
            for (int i = 0; i < rhs.Count; i++)
            {
                lhs[i] = d(i) * rhs[i] / _a![i, i];
            }
        }
    }

    /// <summary>Block size s = ⌈40/count⌉: 1 → 40, 2 → 20, 4 → 10, 5 → 8, 8 → 5.</summary>
    private static IPreconditioner<double> Create(int size) => size switch
    {
        40 => new DiagonalPreconditioner(_ => 2.0),                          // M = 2A⁻¹: norm exactly 1, FGMRES exact at once
        20 => new DiagonalPreconditioner(i => 1 + 0.5 * Math.Cos(0.37 * i)),  // M = A⁻¹(I + E), |E| ≤ 0.5: norm < 0.5, slow
        10 => new DiagonalPreconditioner(_ => 1.0, failOnInitialize: true),  // cannot be built
        8 => new DiagonalPreconditioner(_ => 1.25),                          // norm exactly 0.25, exact at once
        _ => new UnitPreconditioner<double>(),                               // M = I: norm ≫ 1
    };

    [Test]
    public void TheProbedNormIsOneMinusTheScaleForAScaledExactInverse()
    {
        var (estimates, _) = BlockCountSelection.Evaluate(A, Create, [1, 5], probes: 3, criterion: BlockCountCriterion.Norm);
        Assert.That(estimates.Select(e => e.Blocks), Is.EqualTo(new[] { 1, 5 }));
        Assert.That(estimates.Select(e => e.BlockSize), Is.EqualTo(new[] { 40, 8 }));
        Assert.That(estimates[0].Estimate, Is.EqualTo(1.0).Within(1e-14), "‖z − 2z‖/‖z‖ = 1");
        Assert.That(estimates[1].Estimate, Is.EqualTo(0.25).Within(1e-14), "‖z − 1.25z‖/‖z‖ = 0.25");
        Assert.That(estimates[0].TrialResidual, Is.LessThan(1e-12), "FGMRES with A·M = 2I is exact after one step");
    }

    [Test]
    public void TheTrialAndTheNormCriteriaPickWhatTheirMeasuresFavour()
    {
        int[] candidates = [1, 2, 8];
        var (byTrial, bestTrial) = BlockCountSelection.Evaluate(A, Create, candidates);
        var (byNorm, bestNorm) = BlockCountSelection.Evaluate(A, Create, candidates, criterion: BlockCountCriterion.Norm);

        // The perturbed inverse: probed norm ≤ max|E| = 0.5 < 1, but A·M = I + E has 40 distinct eigenvalues in [0.5, 1.5],
        // so ten FGMRES iterations leave a residual of order ((√3 − 1)/(√3 + 1))¹⁰ ≈ 2e-6 (Saad, Sec. 6.11.4), far above 1e-12.
        Assert.That(byNorm[1].Estimate, Is.LessThan(0.5).And.GreaterThan(0.1));
        Assert.That(byNorm[1].TrialResidual, Is.GreaterThan(1e-10).And.LessThan(1e-2));
        // M = I on diag(1..40): ‖(I − A)z‖/‖z‖ is of order the RMS of (1 − i), about 23.
        Assert.That(byNorm[2].Estimate, Is.GreaterThan(15).And.LessThan(35));
        Assert.That(bestTrial, Is.EqualTo(0), "the trial criterion picks the count whose trial solve is exact");
        Assert.That(bestNorm, Is.EqualTo(1), "the norm criterion picks the smallest probed norm");
        Assert.That(byTrial.Select(e => e.TrialResidual), Is.EqualTo(byNorm.Select(e => e.TrialResidual)), "both criteria measure the same candidates");
    }

    [Test]
    public void LaterEqualScoresDoNotDisplaceTheFirst()
    {
        // The same M for every count: the probed norms are bitwise equal, and the first count must stay the best.
        var (estimates, best) = BlockCountSelection.Evaluate(A, _ => new DiagonalPreconditioner(_ => 1.25), [1, 2, 5], criterion: BlockCountCriterion.Norm);
        Assert.That(estimates.Select(e => e.Estimate), Is.All.EqualTo(0.25).Within(1e-14));
        Assert.That(best, Is.EqualTo(0));
    }

    [Test]
    public void ACandidateThatCannotBeBuiltIsScoredInfiniteAndNeverChosen()
    {
        var (estimates, best) = BlockCountSelection.Evaluate(A, Create, [4, 40]);
        Assert.That(estimates[0].BlockSize, Is.EqualTo(10));
        Assert.That(estimates[0].Estimate, Is.EqualTo(double.PositiveInfinity));
        Assert.That(estimates[0].TrialResidual, Is.EqualTo(double.PositiveInfinity));
        Assert.That(best, Is.EqualTo(1));
        Assert.That(estimates[1].Estimate, Is.GreaterThan(15), "count 40 (blocks of one row) gets M = I here");
    }

    [Test]
    public void DefaultCandidatesKeepOneCountPerBlockSizeOfAtLeastTwoRows()
    {
        // n = 10: counts 1, 2, 4, 5 give blocks of 10, 5, 3, 2 rows; 8 also gives 2 (a duplicate) and 16 and up give 1.
        var a = Matrix<double>.Build.DenseIdentity(10);
        var (estimates, _) = BlockCountSelection.Evaluate(a, _ => new UnitPreconditioner<double>());
        Assert.That(estimates.Select(e => e.Blocks), Is.EqualTo(new[] { 1, 2, 4, 5 }));
        Assert.That(estimates.Select(e => e.BlockSize), Is.EqualTo(new[] { 10, 5, 3, 2 }));
        Assert.That(estimates.Select(e => e.Estimate), Is.All.EqualTo(0.0), "M = I is exact for A = I");
    }

    [Test]
    public void GivenCandidatesOutsideOneToNAndRepeatsAreDropped()
    {
        var a = Matrix<double>.Build.DenseIdentity(10);
        var (estimates, _) = BlockCountSelection.Evaluate(a, _ => new UnitPreconditioner<double>(), [0, -3, 3, 3, 10, 11]);
        Assert.That(estimates.Select(e => e.Blocks), Is.EqualTo(new[] { 3, 10 }));
        Assert.That(estimates.Select(e => e.BlockSize), Is.EqualTo(new[] { 4, 1 }));
    }

    [Test]
    public void ACancelledTokenStopsBeforeTheFirstCandidate()
    {
        int built = 0;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => BlockCountSelection.Evaluate(A, s => { built++; return Create(s); }, [1, 2], cancellationToken: cancelled.Token));
        Assert.That(built, Is.Zero);
    }

    [Test]
    public void TheProbesDependOnTheSeedAndTheMeanOnEveryProbe()
    {
        // M = I on diag(1..40): each probe's ‖(I − A)z‖/‖z‖ differs, so the mean changes with the seed and the probe count.
        var one = BlockCountSelection.Evaluate(A, _ => new UnitPreconditioner<double>(), [1], probes: 1).Estimates[0].Estimate;
        var four = BlockCountSelection.Evaluate(A, _ => new UnitPreconditioner<double>(), [1], probes: 4).Estimates[0].Estimate;
        var again = BlockCountSelection.Evaluate(A, _ => new UnitPreconditioner<double>(), [1], probes: 4).Estimates[0].Estimate;
        var other = BlockCountSelection.Evaluate(A, _ => new UnitPreconditioner<double>(), [1], probes: 4, seed: 2).Estimates[0].Estimate;
        Assert.That(again, Is.EqualTo(four), "same seed, same probes");
        Assert.That(other, Is.Not.EqualTo(four));
        Assert.That(one, Is.Not.EqualTo(four));
        // Every probe's ratio lies in [min|1 − i|, max|1 − i|] = [0, 39], so the mean does too.
        Assert.That(four, Is.InRange(0.0, 39.0));
    }
}
