using MathNet.Numerics.LinearAlgebra.Factorization;

namespace AnalogLA.Solvers;

/// <summary>Numerical singularity test for dense LU factors.</summary>
internal static class LuChecks
{
    /// <summary>
    /// True when a pivot of U is zero, non-finite, or below 1e−14 of the largest pivot (singular to working
    /// precision). The determinant is no test: it over- or underflows for well-conditioned blocks with large
    /// or small entries.
    /// </summary>
    public static bool IsSingular(LU<double> lu)
    {
        var u = lu.U;
        double max = 0, min = double.PositiveInfinity;
        for (int i = 0; i < u.RowCount; i++)
        {
            double d = Math.Abs(u[i, i]);
            if (!double.IsFinite(d))
            {
                return true;
            }

            max = Math.Max(max, d);
            min = Math.Min(min, d);
        }

        return min == 0 || min < 1e-14 * max;
    }
}
