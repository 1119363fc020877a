using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Crossbar;

/// <summary>Result of one resistive-network solve of a crossbar read.</summary>
/// <param name="ColumnCurrents">Current into each column's virtual ground (A).</param>
/// <param name="Converged">Whether the iterative solver met its tolerance (always true for the direct solve).</param>
/// <param name="Sweeps">Line-relaxation sweeps used (0 for the direct solve).</param>
/// <param name="Residual">Largest KCL imbalance at the end, relative to the largest device current.</param>
public sealed record IrDropResult(double[] ColumnCurrents, bool Converged, int Sweeps, double Residual);

/// <summary>
/// Wire (IR-drop) parasitics of one crossbar read: the array solved as a resistive network.
/// </summary>
/// <remarks>
/// <para>Topology (input side drives rows from the left, outputs held at virtual ground at the bottom, as in
/// CrossSim's parasitic model; Xiao et al., Appl. Phys. Rev. 7:031301, 2020, Sec. VI.C): row node (i, j) and
/// column node (i, j) are joined by the device G_ij; neighbouring row nodes, and neighbouring column nodes,
/// by a wire segment of conductance g_w = 1/r_w; row i is driven by V_i through one segment into node
/// (i, 0); column j reaches ground through one segment below node (M − 1, j). Kirchhoff's current law at
/// every node gives 2·M·N equations; the column current is I_j = g_w·V_c(M − 1, j). With r_w = 0 it is
/// Σ_i G_ij·V_i exactly.</para>
/// <para>Solvers: a direct dense LU of the nodal system (small arrays; the reference), and line relaxation —
/// block Gauss–Seidel that solves each row's and then each column's tridiagonal system exactly (Thomas
/// algorithm) given the other side's voltages, repeated until the largest voltage change is below the
/// tolerance. Failure to converge is reported in the result, not hidden.</para>
/// </remarks>
public static class IrDropSolver
{
    /// <summary>Largest array the dense direct solve accepts (2·M·N unknowns).</summary>
    public const int MaxDirectUnknowns = 4096;

    /// <summary>Column currents by the direct nodal solve.</summary>
    /// <param name="conductances">G (M rows × N columns) in siemens.</param>
    /// <param name="voltages">Row drive voltages V_i.</param>
    /// <param name="wireOhms">Resistance of one wire segment (≥ 0).</param>
    public static IrDropResult SolveDirect(double[,] conductances, ReadOnlySpan<double> voltages, double wireOhms)
    {
        var (m, n) = Check(conductances, voltages, wireOhms);
        if (wireOhms == 0)
        {
            return new IrDropResult(Ideal(conductances, voltages), true, 0, 0);
        }

        if (2 * m * n > MaxDirectUnknowns)
        {
            throw new ArgumentException($"the direct solve handles at most {MaxDirectUnknowns} unknowns (2·M·N); a {m}×{n} array has {2 * m * n}: use SolveIterative.", nameof(conductances));
        }

        double gw = 1 / wireOhms;
        int unknowns = 2 * m * n;
        var a = Matrix<double>.Build.Dense(unknowns, unknowns);
        var b = Vector<double>.Build.Dense(unknowns);
        int R(int i, int j) => i * n + j;
        int C(int i, int j) => m * n + i * n + j;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double g = conductances[i, j];
                // Row node: left neighbour (or the driver), right neighbour (if any), device.
                int r = R(i, j);
                a[r, r] += gw + g;
                if (j > 0) { a[r, R(i, j - 1)] -= gw; } else { b[r] += gw * voltages[i]; }
                if (j < n - 1) { a[r, r] += gw; a[r, R(i, j + 1)] -= gw; }
                a[r, C(i, j)] -= g;
                // Column node: lower neighbour (or ground), upper neighbour (if any), device.
                int c = C(i, j);
                a[c, c] += gw + g;
                if (i < m - 1) { a[c, C(i + 1, j)] -= gw; }
                if (i > 0) { a[c, c] += gw; a[c, C(i - 1, j)] -= gw; }
                a[c, R(i, j)] -= g;
            }
        }

        var x = a.LU().Solve(b);
        var currents = new double[n];
        for (int j = 0; j < n; j++)
        {
            currents[j] = gw * x[C(m - 1, j)];
        }

        return new IrDropResult(currents, true, 0, 0);
    }

    /// <summary>Column currents by line relaxation; see the remarks.</summary>
    public static IrDropResult SolveIterative(double[,] conductances, ReadOnlySpan<double> voltages, double wireOhms, double tolerance = 1e-12, int maxSweeps = 10_000)
    {
        var (m, n) = Check(conductances, voltages, wireOhms);
        if (wireOhms == 0)
        {
            return new IrDropResult(Ideal(conductances, voltages), true, 0, 0);
        }

        double gw = 1 / wireOhms;
        var vr = new double[m, n];
        var vc = new double[m, n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                vr[i, j] = voltages[i];
            }
        }

        double scale = 0;
        foreach (double v in voltages)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        int size = Math.Max(m, n);
        var lower = new double[size];
        var diagonal = new double[size];
        var upper = new double[size];
        var rhs = new double[size];
        var solution = new double[size];
        int sweep = 0;
        double change = double.PositiveInfinity;
        for (; sweep < maxSweeps && change > tolerance * Math.Max(scale, double.Epsilon); sweep++)
        {
            change = 0;
            for (int i = 0; i < m; i++)
            {
                // Row i given its column voltages: tridiagonal in j.
                for (int j = 0; j < n; j++)
                {
                    double g = conductances[i, j];
                    lower[j] = j > 0 ? -gw : 0;
                    upper[j] = j < n - 1 ? -gw : 0;
                    diagonal[j] = gw + (j < n - 1 ? gw : 0) + g;
                    rhs[j] = g * vc[i, j] + (j == 0 ? gw * voltages[i] : 0);
                }

                Thomas(lower, diagonal, upper, rhs, solution, n);
                for (int j = 0; j < n; j++)
                {
                    change = Math.Max(change, Math.Abs(solution[j] - vr[i, j]));
                    vr[i, j] = solution[j];
                }
            }

            for (int j = 0; j < n; j++)
            {
                // Column j given its row voltages: tridiagonal in i (ground below the last node).
                for (int i = 0; i < m; i++)
                {
                    double g = conductances[i, j];
                    lower[i] = i > 0 ? -gw : 0;
                    upper[i] = i < m - 1 ? -gw : 0;
                    diagonal[i] = gw + (i > 0 ? gw : 0) + g;
                    rhs[i] = g * vr[i, j];
                }

                Thomas(lower, diagonal, upper, rhs, solution, m);
                for (int i = 0; i < m; i++)
                {
                    change = Math.Max(change, Math.Abs(solution[i] - vc[i, j]));
                    vc[i, j] = solution[i];
                }
            }
        }

        var currents = new double[n];
        for (int j = 0; j < n; j++)
        {
            currents[j] = gw * vc[m - 1, j];
        }

        bool converged = change <= tolerance * Math.Max(scale, double.Epsilon);
        return new IrDropResult(currents, converged, sweep, change / Math.Max(scale, double.Epsilon));
    }

    /// <summary>Σ_i G_ij·V_i: the currents without wire resistance.</summary>
    public static double[] Ideal(double[,] conductances, ReadOnlySpan<double> voltages)
    {
        ArgumentNullException.ThrowIfNull(conductances);
        int m = conductances.GetLength(0), n = conductances.GetLength(1);
        var currents = new double[n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                currents[j] += conductances[i, j] * voltages[i];
            }
        }

        return currents;
    }

    private static void Thomas(double[] lower, double[] diagonal, double[] upper, double[] rhs, double[] x, int n)
    {
        // Tridiagonal solve (diagonally dominant here, so no pivoting is needed).
        var c = new double[n];
        var d = new double[n];
        c[0] = upper[0] / diagonal[0];
        d[0] = rhs[0] / diagonal[0];
        for (int k = 1; k < n; k++)
        {
            double denominator = diagonal[k] - lower[k] * c[k - 1];
            c[k] = upper[k] / denominator;
            d[k] = (rhs[k] - lower[k] * d[k - 1]) / denominator;
        }

        x[n - 1] = d[n - 1];
        for (int k = n - 2; k >= 0; k--)
        {
            x[k] = d[k] - c[k] * x[k + 1];
        }
    }

    private static (int M, int N) Check(double[,] conductances, ReadOnlySpan<double> voltages, double wireOhms)
    {
        ArgumentNullException.ThrowIfNull(conductances);
        int m = conductances.GetLength(0), n = conductances.GetLength(1);
        if (m == 0 || n == 0)
        {
            throw new ArgumentException("the array must have at least one row and one column.", nameof(conductances));
        }

        if (voltages.Length != m)
        {
            throw new ArgumentException($"{voltages.Length} voltages for {m} rows.", nameof(voltages));
        }

        if (!(wireOhms >= 0) || !double.IsFinite(wireOhms))
        {
            throw new ArgumentOutOfRangeException(nameof(wireOhms), wireOhms, "wire resistance must be finite and ≥ 0 Ω.");
        }

        foreach (double g in conductances)
        {
            if (!(g >= 0) || !double.IsFinite(g))
            {
                throw new ArgumentException($"conductances must be finite and ≥ 0 S, found {g}.", nameof(conductances));
            }
        }

        return (m, n);
    }
}
