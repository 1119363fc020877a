using AnalogLA.Numerics;
using AnalogLA.Crossbar;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>Polynomial family.</summary>
public enum PolynomialKind
{
    /// <summary>Chebyshev iteration on [λ_min, λ_max] of D⁻¹A.</summary>
    Chebyshev,

    /// <summary>Truncated Neumann series Σ (I − ωD⁻¹A)ⁱ·ωD⁻¹.</summary>
    Neumann,
}

/// <summary>
/// Polynomial preconditioner z = p(D⁻¹A)·D⁻¹r built from in-situ analog MVMs with A itself (programmed once);
/// p has degree k and costs k analog MVMs per application.
/// </summary>
/// <remarks>
/// Chebyshev: k + 1 steps of the Chebyshev iteration for D⁻¹A·z = D⁻¹r from z = 0 on [λ_min, λ_max]
/// (Saad, Iterative Methods, Alg. 12.1; Golub and Van Loan, Sec. 11.2.8): the first step needs no product, each
/// further one needs one, so z = p_k(D⁻¹A)·D⁻¹r with deg p_k = k and residual polynomial
/// 1 − λ·p_k(λ) = T_{k+1}((θ − λ)/δ)/T_{k+1}(θ/δ), θ = (λ_max + λ_min)/2, δ = (λ_max − λ_min)/2, the polynomial that
/// minimises the worst-case residual on that interval. λ_max of D⁻¹A is estimated by 30 digital power iterations (×1.05
/// margin); λ_min is set to λ_max/<see cref="SpectrumRatio"/>, the usual choice for Chebyshev preconditioners
/// and smoothers when the true λ_min is unknown (Adams et al., J. Comput. Phys. 188:593, 2003). Neumann:
/// z = Σ_{i=0}^{k} (I − ωD⁻¹A)ⁱ·ωD⁻¹r, ω = 1/λ_max (k + 1 terms, k products). Suited to matrices with a real positive spectrum (SPD or nearly); pair with a flexible solver.
/// </remarks>
public sealed class AnalogPolynomialPreconditioner(AnalogOptions? options, int degree = 4, PolynomialKind kind = PolynomialKind.Chebyshev) : IAnalogPreconditioner
{
    private ILinearOperator? _a;
    private double[] _inverseDiagonal = [];

    /// <summary>Polynomial degree k (analog MVMs per application).</summary>
    public int Degree { get; } = degree >= 1 ? degree : throw new ArgumentOutOfRangeException(nameof(degree), degree, "degree must be ≥ 1.");

    /// <summary>The family.</summary>
    public PolynomialKind Kind { get; } = kind;

    /// <summary>λ_max/λ_min assumed for Chebyshev.</summary>
    public double SpectrumRatio { get; init; } = 30;

    /// <summary>Estimated λ_max of D⁻¹A.</summary>
    public double LambdaMax { get; private set; }

    /// <inheritdoc />
    public long AnalogMvms => MatrixOperator.AnalogMvms(_a);

    /// <inheritdoc />
    public IEnumerable<AnalogMatrix> Arrays => _a is AnalogMatrix a ? [a] : [];

    /// <inheritdoc />
    public void Initialize(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.RowCount;
        _inverseDiagonal = new double[n];
        for (int i = 0; i < n; i++)
        {
            double d = matrix[i, i];
            if (d == 0 || !double.IsFinite(d))
            {
                throw new ArgumentException($"the polynomial preconditioner scales by the diagonal; A({i}, {i}) = {d}.", nameof(matrix));
            }

            _inverseDiagonal[i] = 1 / d;
        }

        // Power iteration on D⁻¹A (digital, set-up only).
        var v = Vector<double>.Build.Dense(n, i => 1.0 + 0.01 * (i % 7));
        double lambda = 0;
        for (int k = 0; k < 30; k++)
        {
            var w = matrix * v;
            for (int i = 0; i < n; i++)
            {
                w[i] *= _inverseDiagonal[i];
            }

            lambda = w.L2Norm() / v.L2Norm();
            v = w / w.L2Norm();
        }

        LambdaMax = 1.05 * lambda;
        _a = MatrixOperator.Create(matrix, options);
    }

    /// <inheritdoc />
    public void Approximate(Vector<double> rhs, Vector<double> lhs)
    {
        PreconditionerArguments.Check(rhs, lhs, _a?.Rows ?? -1);
        var a = _a!;
        int n = rhs.Count;
        var b = new double[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = rhs[i] * _inverseDiagonal[i];
        }

        var z = new double[n];
        var residual = (double[])b.Clone();
        var az = new double[n];
        if (Kind == PolynomialKind.Neumann)
        {
            // z_{k+1} = z_k + ω·(b − D⁻¹A·z_k): partial sums of the Neumann series.
            double omega = 1 / LambdaMax;
            for (int k = 0; k <= Degree; k++)
            {
                if (k > 0)
                {
                    a.Multiply(z, az);
                    for (int i = 0; i < n; i++)
                    {
                        residual[i] = b[i] - _inverseDiagonal[i] * az[i];
                    }
                }

                for (int i = 0; i < n; i++)
                {
                    z[i] += omega * residual[i];
                }
            }
        }
        else
        {
            double lMax = LambdaMax, lMin = LambdaMax / SpectrumRatio;
            double theta = (lMax + lMin) / 2, delta = (lMax - lMin) / 2, sigma = theta / delta;
            double rho = 1 / sigma;
            var d = new double[n];
            for (int i = 0; i < n; i++)
            {
                d[i] = residual[i] / theta;
            }

            for (int k = 0; k <= Degree; k++)
            {
                for (int i = 0; i < n; i++)
                {
                    z[i] += d[i];
                }

                if (k == Degree)
                {
                    break;
                }

                a.Multiply(d, az);
                double rhoNew = 1 / (2 * sigma - rho);
                for (int i = 0; i < n; i++)
                {
                    residual[i] -= _inverseDiagonal[i] * az[i];
                    d[i] = rhoNew * rho * d[i] + 2 * rhoNew / delta * residual[i];
                }

                rho = rhoNew;
            }
        }

        lhs.SetValues(z);
    }
}
