namespace AnalogLA.Solvers;

/// <summary>
/// The small least-squares problem of GMRES: the Hessenberg matrix reduced to triangular form by Givens
/// rotations as columns arrive, and the back substitution for y (Saad, Iterative Methods, §6.5.3).
/// </summary>
internal static class GivensLeastSquares
{
    /// <summary>
    /// Applies the previous rotations to column <paramref name="j"/> of <paramref name="h"/>, forms and applies
    /// the new one, and updates the right-hand side <paramref name="g"/>. Returns false when the column is
    /// zero (breakdown). |g[j + 1]| is then the residual norm of the current iterate.
    /// </summary>
    public static bool AddColumn(double[,] h, double[] cs, double[] sn, double[] g, int j)
    {
        for (int i = 0; i < j; i++)
        {
            double t = cs[i] * h[i, j] + sn[i] * h[i + 1, j];
            h[i + 1, j] = -sn[i] * h[i, j] + cs[i] * h[i + 1, j];
            h[i, j] = t;
        }

        double rho = Math.Sqrt(h[j, j] * h[j, j] + h[j + 1, j] * h[j + 1, j]);
        if (rho == 0)
        {
            return false;
        }

        cs[j] = h[j, j] / rho;
        sn[j] = h[j + 1, j] / rho;
        h[j, j] = rho;
        h[j + 1, j] = 0;
        g[j + 1] = -sn[j] * g[j];
        g[j] = cs[j] * g[j];
        return true;
    }

    /// <summary>Solves the leading k×k upper-triangular system H·y = g.</summary>
    public static double[] BackSubstitute(double[,] h, double[] g, int k)
    {
        var y = new double[k];
        for (int i = k - 1; i >= 0; i--)
        {
            double s = g[i];
            for (int l = i + 1; l < k; l++)
            {
                s -= h[i, l] * y[l];
            }

            y[i] = s / h[i, i];
        }

        return y;
    }
}
