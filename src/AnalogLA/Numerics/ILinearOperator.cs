using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Numerics;

/// <summary>
/// A linear map y = A·x that can also apply Aᵀ: what Krylov solvers and preconditioners need.
/// </summary>
public interface ILinearOperator
{
    /// <summary>Rows of A (length of y).</summary>
    int Rows { get; }

    /// <summary>Columns of A (length of x).</summary>
    int Columns { get; }

    /// <summary>y = A·x.</summary>
    /// <exception cref="ArgumentException">Wrong lengths or a non-finite entry in x.</exception>
    void Multiply(ReadOnlySpan<double> x, Span<double> y);

    /// <summary>y = Aᵀ·x.</summary>
    /// <exception cref="ArgumentException">Wrong lengths or a non-finite entry in x.</exception>
    void MultiplyTransposed(ReadOnlySpan<double> x, Span<double> y);
}

/// <summary>MathNet.Numerics adapters for <see cref="ILinearOperator"/>.</summary>
public static class LinearOperatorExtensions
{
    /// <summary>Returns A·x as a new dense vector.</summary>
    public static Vector<double> Multiply(this ILinearOperator op, Vector<double> x)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(x);
        var y = new double[op.Rows];
        op.Multiply(Dense(x), y);
        return Vector<double>.Build.Dense(y);
    }

    /// <summary>Writes A·x into <paramref name="result"/>.</summary>
    public static void Multiply(this ILinearOperator op, Vector<double> x, Vector<double> result)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Count != op.Rows)
        {
            throw new ArgumentException($"result has {result.Count} entries, expected {op.Rows}.", nameof(result));
        }

        var y = new double[op.Rows];
        op.Multiply(Dense(x), y);
        result.SetValues(y);
    }

    /// <summary>Returns Aᵀ·x as a new dense vector.</summary>
    public static Vector<double> MultiplyTransposed(this ILinearOperator op, Vector<double> x)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(x);
        var y = new double[op.Columns];
        op.MultiplyTransposed(Dense(x), y);
        return Vector<double>.Build.Dense(y);
    }

    private static double[] Dense(Vector<double> x) => x.AsArray() ?? x.ToArray();
}
