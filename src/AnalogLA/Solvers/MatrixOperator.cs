using AnalogLA.Numerics;
using AnalogLA.Crossbar;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>
/// The exact digital operator of a MathNet matrix behind <see cref="ILinearOperator"/>: the digital counterpart
/// every analog preconditioner is compared with (pass null analog options to a preconditioner to get it).
/// </summary>
public sealed class MatrixOperator(Matrix<double> matrix) : ILinearOperator
{
    private readonly Matrix<double> _matrix = matrix ?? throw new ArgumentNullException(nameof(matrix));

    /// <inheritdoc />
    public int Rows => _matrix.RowCount;

    /// <inheritdoc />
    public int Columns => _matrix.ColumnCount;

    /// <summary>Products performed.</summary>
    public long Mvms { get; private set; }

    /// <summary>Programs <paramref name="matrix"/> on a crossbar with <paramref name="options"/>, or wraps it digitally when null.</summary>
    public static ILinearOperator Create(Matrix<double> matrix, AnalogOptions? options) =>
        options is null ? new MatrixOperator(matrix) : AnalogMatrix.Program(matrix, options);

    /// <summary>Products performed by an operator from <see cref="Create"/> (analog MVMs; 0 for digital).</summary>
    public static long AnalogMvms(ILinearOperator? op) => op is AnalogMatrix analog ? analog.Diagnostics.Mvms : 0;

    /// <inheritdoc />
    public void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        Mvms++;
        var result = _matrix * Vector<double>.Build.DenseOfArray(x.ToArray());
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = result[i];
        }
    }

    /// <inheritdoc />
    public void MultiplyTransposed(ReadOnlySpan<double> x, Span<double> y)
    {
        Mvms++;
        var result = _matrix.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(x.ToArray()));
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = result[i];
        }
    }
}
