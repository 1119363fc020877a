using AnalogLA.Numerics;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.Solvers;

/// <summary>SPAI against its defining property: each column minimises ‖A·m_j − e_j‖₂ over the pattern of A(:, j).</summary>
public class SpaiTests
{
    [Test]
    public void EachColumnSatisfiesTheNormalEquationsOnItsPattern()
    {
        // Optimality of a least-squares column: A(:, J)ᵀ·(A·m_j − e_j) = 0 for J = {i : A_ij ≠ 0} ∪ {j}, and m_j is
        // zero outside J. Computed here with dense MathNet algebra, independently of the preconditioner's QR.
        var a = TestProblems.ConvectionDiffusion2D(6);
        var dense = Matrix<double>.Build.DenseOfMatrix(a);
        var spai = new AnalogSpaiPreconditioner(null);
        spai.Initialize(a);
        int n = a.RowCount;
        for (int j = 0; j < n; j++)
        {
            var m = Vector<double>.Build.Dense(n);
            var e = Vector<double>.Build.Dense(n);
            e[j] = 1;
            spai.Approximate(e, m); // the applied operator's column j
            var pattern = Enumerable.Range(0, n).Where(i => dense[i, j] != 0 || i == j).ToArray();
            Assert.That(Enumerable.Range(0, n).Except(pattern).All(i => m[i] == 0), Is.True, $"column {j} stays on its pattern");
            var residual = dense * m - e;
            foreach (int i in pattern)
            {
                Assert.That(dense.Column(i).DotProduct(residual), Is.EqualTo(0).Within(1e-10), $"column {j}, pattern entry {i}");
            }
        }

        // And so it beats the best diagonal approximate inverse (m_jj = a_jj/‖A(:, j)‖²) in ‖AM − I‖_F.
        var mSpai = spai.ApproximateInverse!;
        var mDiagonal = Matrix<double>.Build.DenseOfDiagonalArray(Enumerable.Range(0, n).Select(j => dense[j, j] / dense.Column(j).DotProduct(dense.Column(j))).ToArray());
        var identity = Matrix<double>.Build.DenseIdentity(n);
        Assert.That((dense * mSpai - identity).FrobeniusNorm(), Is.LessThan(0.9 * (dense * mDiagonal - identity).FrobeniusNorm()));
    }
}
