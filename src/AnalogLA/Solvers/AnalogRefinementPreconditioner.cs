using AnalogLA.Numerics;
using AnalogLA.Crossbar;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>
/// The inner solver of mixed-precision iterative refinement: d ≈ A⁻¹r by a low-accuracy GMRES whose every
/// product with A is an in-situ analog MVM (A programmed once).
/// </summary>
/// <remarks>Le Gallo, Sebastian, Mathis, Manica, Giefers, Tuma, Bekas, Curioni and Eleftheriou,
/// "Mixed-precision in-memory computing", Nat. Electron. 1:246, 2018: a digital outer loop on the
/// double-precision residual (<see cref="IterativeRefinement"/>, or any flexible Krylov method) corrects the
/// inaccurate analog inner solves; the outer loop converges when the inner solve reduces the residual by a
/// fixed factor (here <see cref="InnerTolerance"/>, measured with the analog operator).</remarks>
public sealed class AnalogRefinementPreconditioner(AnalogOptions? options, double innerTolerance = 1e-2, int innerIterations = 30) : IAnalogPreconditioner
{
    private ILinearOperator? _a;

    /// <summary>Relative residual the inner solve aims at.</summary>
    public double InnerTolerance { get; } = innerTolerance > 0 && innerTolerance < 1 ? innerTolerance : throw new ArgumentOutOfRangeException(nameof(innerTolerance), innerTolerance, "inner tolerance must be in (0, 1).");

    /// <summary>Most inner GMRES steps per application.</summary>
    public int InnerIterations { get; } = innerIterations >= 1 ? innerIterations : throw new ArgumentOutOfRangeException(nameof(innerIterations), innerIterations, "inner iterations must be ≥ 1.");

    /// <inheritdoc />
    public long AnalogMvms => MatrixOperator.AnalogMvms(_a);

    /// <inheritdoc />
    public IEnumerable<AnalogMatrix> Arrays => _a is AnalogMatrix a ? [a] : [];

    /// <inheritdoc />
    public void Initialize(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        _a = MatrixOperator.Create(matrix, options);
    }

    /// <inheritdoc />
    public void Approximate(Vector<double> rhs, Vector<double> lhs)
    {
        PreconditionerArguments.Check(rhs, lhs, _a?.Rows ?? -1);
        var a = _a!;
        lhs.SetValues(InnerGmres(a, rhs.ToArray(), InnerTolerance, InnerIterations));
    }

    /// <summary>Unpreconditioned GMRES on an operator from x = 0 (one cycle), stopping at the relative residual estimate.</summary>
    internal static double[] InnerGmres(ILinearOperator a, double[] b, double tolerance, int steps)
    {
        int n = b.Length;
        double beta = Math.Sqrt(b.Sum(v => v * v));
        var x = new double[n];
        if (beta == 0)
        {
            return x;
        }

        var v = new List<double[]> { b.Select(t => t / beta).ToArray() };
        var h = new double[steps + 1, steps];
        var cs = new double[steps];
        var sn = new double[steps];
        var g = new double[steps + 1];
        g[0] = beta;
        int k = 0;
        for (int j = 0; j < steps; j++)
        {
            var w = new double[n];
            a.Multiply(v[j], w);
            for (int i = 0; i <= j; i++)
            {
                double dot = 0;
                for (int t = 0; t < n; t++)
                {
                    dot += w[t] * v[i][t];
                }

                h[i, j] = dot;
                for (int t = 0; t < n; t++)
                {
                    w[t] -= dot * v[i][t];
                }
            }

            double norm = Math.Sqrt(w.Sum(t => t * t));
            h[j + 1, j] = norm;
            v.Add(norm > 0 ? w.Select(t => t / norm).ToArray() : new double[n]);
            if (!GivensLeastSquares.AddColumn(h, cs, sn, g, j))
            {
                break;
            }

            k = j + 1;
            if (Math.Abs(g[j + 1]) <= tolerance * beta || norm == 0)
            {
                break;
            }
        }

        var y = GivensLeastSquares.BackSubstitute(h, g, k);
        for (int i = 0; i < k; i++)
        {
            for (int t = 0; t < n; t++)
            {
                x[t] += y[i] * v[i][t];
            }
        }

        return x;
    }
}

/// <summary>
/// Mixed-precision iterative refinement: x ← x + M(b − A·x) with the residual in double precision and the
/// correction from a low-accuracy (analog) inner solve <c>M</c>, usually <see cref="AnalogRefinementPreconditioner"/>.
/// </summary>
/// <remarks>Le Gallo et al., Nat. Electron. 1:246, 2018 (Fig. 2). Converges linearly with rate about the inner
/// solve's relative accuracy; the final accuracy is that of the double-precision residual.</remarks>
public sealed class IterativeRefinement : KrylovSolver
{
    /// <inheritdoc />
    protected override SolveStatus? Iterate(Matrix<double> a, Vector<double> b, Vector<double> x, Monitor monitor, MathNet.Numerics.LinearAlgebra.Solvers.IPreconditioner<double> m)
    {
        if (monitor.Start(x))
        {
            return null;
        }

        var r = Vector<double>.Build.Dense(b.Count);
        var d = Vector<double>.Build.Dense(b.Count);
        for (int k = 1; ; k++)
        {
            monitor.Residual(x, r);
            m.Approximate(r, d);
            x.Add(d, x);
            if (monitor.Check(k, x))
            {
                return null;
            }
        }
    }
}
