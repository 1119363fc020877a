using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>The checks every preconditioner's <c>Approximate</c> makes before it reads its vectors.</summary>
internal static class PreconditionerArguments
{
    /// <summary>
    /// Throws <see cref="ArgumentNullException"/> for a null vector, <see cref="InvalidOperationException"/> when the
    /// preconditioner was not initialised (<paramref name="size"/> &lt; 0: it would otherwise return zeros) and
    /// <see cref="ArgumentException"/> when a vector's length is not the initialised matrix's order.
    /// </summary>
    public static void Check(Vector<double> rhs, Vector<double> lhs, int size)
    {
        ArgumentNullException.ThrowIfNull(rhs);
        ArgumentNullException.ThrowIfNull(lhs);
        if (size < 0)
        {
            throw new InvalidOperationException("call Initialize first.");
        }

        if (rhs.Count != size || lhs.Count != size)
        {
            throw new ArgumentException($"the preconditioner was initialised for order {size}; rhs has {rhs.Count} and lhs {lhs.Count} entries.", nameof(rhs));
        }
    }
}
