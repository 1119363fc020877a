using AnalogLA.Crossbar;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Solvers;

/// <summary>
/// Symmetric diagonal scaling around any preconditioner: with S = diag(|a_ii|^(−1/2)), the wrapped
/// preconditioner is built for Â = S·A·S and applied as M⁻¹r = S·M̂⁻¹(S·r), since A⁻¹ = S·Â⁻¹·S.
/// </summary>
/// <remarks>Jacobi equilibration (van der Sluis, Numer. Math. 14:14, 1969: it nearly minimises the condition
/// number among diagonal scalings of an SPD matrix). For analog preconditioners it matters twice: Â and its
/// inverse blocks have entries of comparable size, so a fixed number of conductance levels (and 8-bit
/// converters) resolves all of them, and the scaling costs two digital vector products per application.
/// A zero diagonal falls back to the row's largest entry.</remarks>
public sealed class EquilibratedPreconditioner(IPreconditioner<double> inner) : IAnalogPreconditioner
{
    private readonly IPreconditioner<double> _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private Vector<double>? _scale;

    /// <summary>The wrapped preconditioner.</summary>
    public IPreconditioner<double> Inner => _inner;

    /// <inheritdoc />
    public long AnalogMvms => _inner is IAnalogPreconditioner analog ? analog.AnalogMvms : 0;

    /// <inheritdoc />
    public IEnumerable<AnalogMatrix> Arrays => _inner is IAnalogPreconditioner analog ? analog.Arrays : [];

    /// <summary>S = diag(|a_ii|^(−1/2)) (row maximum where the diagonal is zero).</summary>
    public static Vector<double> Scaling(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var rowMax = new double[matrix.RowCount];
        foreach (var (i, _, v) in matrix.EnumerateIndexed(Zeros.AllowSkip))
        {
            rowMax[i] = Math.Max(rowMax[i], Math.Abs(v));
        }

        return Vector<double>.Build.Dense(matrix.RowCount, i =>
        {
            double d = Math.Abs(matrix[i, i]);
            double reference = d > 0 ? d : rowMax[i];
            return reference > 0 ? 1 / Math.Sqrt(reference) : 1;
        });
    }

    /// <inheritdoc />
    public void Initialize(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        _scale = Scaling(matrix);
        var s = _scale;
        var scaled = matrix.Storage.IsDense
            ? matrix.MapIndexed((i, j, v) => s[i] * v * s[j])
            : Matrix<double>.Build.SparseOfIndexed(matrix.RowCount, matrix.ColumnCount,
                matrix.EnumerateIndexed(Zeros.AllowSkip).Select(e => Tuple.Create(e.Item1, e.Item2, s[e.Item1] * e.Item3 * s[e.Item2])));
        _inner.Initialize(scaled);
    }

    /// <inheritdoc />
    public void Approximate(Vector<double> rhs, Vector<double> lhs)
    {
        PreconditionerArguments.Check(rhs, lhs, _scale?.Count ?? -1);
        var scale = _scale!;
        var scaled = rhs.PointwiseMultiply(scale);
        _inner.Approximate(scaled, lhs);
        lhs.PointwiseMultiply(scale, lhs);
    }
}
