using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Crossbar;

/// <summary>Result of one resistive-network solve of a crossbar read.</summary>
/// <param name="ColumnCurrents">Current into each column's virtual ground (A).</param>
/// <param name="Converged">Whether the iterative solver met its tolerance (always true for the direct solve).</param>
/// <param name="Iterations">Conjugate-gradient iterations used (0 for the direct solve).</param>
/// <param name="Residual">Final residual of the nodal equations relative to that of the wire-free starting guess, ‖b − A·x‖/‖b − A·x₀‖ (0 for the direct solve).</param>
public sealed record IrDropResult(double[] ColumnCurrents, bool Converged, int Iterations, double Residual);

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
/// Σ_i G_ij·V_i exactly. Topology options (<see cref="LineEnds"/>): rows driven at both ends (a second
/// segment from V_i into node (i, N − 1)) and columns sensed at both ends (a second segment from node (0, j)
/// to ground, I_j = g_w·(V_c(M − 1, j) + V_c(0, j))).</para>
/// <para>Solvers: a direct dense LU of the nodal system (small arrays; the reference), and for large arrays
/// conjugate gradients on the same system (symmetric positive definite: a grounded conductance Laplacian) with a
/// line preconditioner that solves each row's and each column's tridiagonal system exactly (Thomas algorithm) —
/// the block-Jacobi form of the line relaxation used for crossbar parasitics. Iterations end at a relative
/// residual; failure to converge is reported in the result, not hidden.</para>
/// </remarks>
public static class IrDropSolver
{
    /// <summary>Largest array the dense direct solve accepts (2·M·N unknowns).</summary>
    public const int MaxDirectUnknowns = 4096;

    /// <summary>Column currents by the direct nodal solve.</summary>
    /// <param name="conductances">G (M rows × N columns) in siemens.</param>
    /// <param name="voltages">Row drive voltages V_i.</param>
    /// <param name="wireOhms">Resistance of one wire segment (≥ 0).</param>
    /// <param name="inputSide">Rows driven at one end (left) or both.</param>
    /// <param name="outputSide">Columns sensed at one end (bottom) or both.</param>
    public static IrDropResult SolveDirect(double[,] conductances, ReadOnlySpan<double> voltages, double wireOhms, LineEnds inputSide = LineEnds.One, LineEnds outputSide = LineEnds.One)
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
        bool driveBoth = inputSide == LineEnds.Both, senseBoth = outputSide == LineEnds.Both;
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
                // Row node: left neighbour (or the driver), right neighbour (or a second driver, or nothing), device.
                int r = R(i, j);
                a[r, r] += gw + g;
                if (j > 0) { a[r, R(i, j - 1)] -= gw; } else { b[r] += gw * voltages[i]; }
                if (j < n - 1) { a[r, r] += gw; a[r, R(i, j + 1)] -= gw; }
                else if (driveBoth) { a[r, r] += gw; b[r] += gw * voltages[i]; }
                a[r, C(i, j)] -= g;
                // Column node: lower neighbour (or ground), upper neighbour (or a second ground, or nothing), device.
                int c = C(i, j);
                a[c, c] += gw + g;
                if (i < m - 1) { a[c, C(i + 1, j)] -= gw; }
                if (i > 0) { a[c, c] += gw; a[c, C(i - 1, j)] -= gw; }
                else if (senseBoth) { a[c, c] += gw; }
                a[c, R(i, j)] -= g;
            }
        }

        var x = a.LU().Solve(b);
        var currents = new double[n];
        for (int j = 0; j < n; j++)
        {
            currents[j] = gw * x[C(m - 1, j)] + (senseBoth ? gw * x[C(0, j)] : 0);
        }

        return new IrDropResult(currents, true, 0, 0);
    }

    /// <summary>Column currents by preconditioned conjugate gradients; see the remarks.</summary>
    /// <param name="conductances">G (M rows × N columns) in siemens.</param>
    /// <param name="voltages">Row drive voltages V_i.</param>
    /// <param name="wireOhms">Resistance of one wire segment (≥ 0).</param>
    /// <param name="tolerance">Residual ‖b − A·x‖/‖b − A·x₀‖ of the nodal equations to reach (x₀ the wire-free voltages).</param>
    /// <param name="maxIterations">Iteration limit; reaching it is reported as not converged.</param>
    /// <param name="inputSide">Rows driven at one end (left) or both.</param>
    /// <param name="outputSide">Columns sensed at one end (bottom) or both.</param>
    public static IrDropResult SolveIterative(
        double[,] conductances, ReadOnlySpan<double> voltages, double wireOhms, double tolerance = 1e-13, int maxIterations = 10_000,
        LineEnds inputSide = LineEnds.One, LineEnds outputSide = LineEnds.One)
    {
        var (m, n) = Check(conductances, voltages, wireOhms);
        if (wireOhms == 0)
        {
            return new IrDropResult(Ideal(conductances, voltages), true, 0, 0);
        }

        var workspace = new IrDropWorkspace(m, n);
        var gRow = workspace.GRow;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                gRow[i * n + j] = conductances[i, j];
            }
        }

        workspace.FillColumnMajorFromRowMajor();
        var currents = new double[n];
        var (converged, iterations, residual) = Relax(workspace, voltages, 1 / wireOhms, tolerance, maxIterations, inputSide, outputSide, currents);
        return new IrDropResult(currents, converged, iterations, residual);
    }

    /// <summary>
    /// Preconditioned conjugate gradients on the nodal system of a prepared workspace (conductances in both
    /// layouts, any consistent unit; the wire conductance <paramref name="gw"/> in the same unit). The
    /// preconditioner solves every row line and every column line exactly given the other side's voltages
    /// (block Jacobi with tridiagonal blocks, Thomas algorithm). Returns (converged, iterations, final ‖r‖/‖r₀‖, r₀ the
    /// residual of the wire-free starting guess).
    /// </summary>
    internal static (bool Converged, int Iterations, double Residual) Relax(
        IrDropWorkspace w, ReadOnlySpan<double> voltages, double gw, double tolerance, int maxIterations,
        LineEnds inputSide, LineEnds outputSide, Span<double> currents)
    {
        int m = w.M, n = w.N, mn = m * n;
        bool driveBoth = inputSide == LineEnds.Both, senseBoth = outputSide == LineEnds.Both;
        var x = w.X;
        var r = w.R;
        var z = w.Z;
        var p = w.P;
        var q = w.Q;
        w.Factor(gw, driveBoth, senseBoth);

        // Right-hand side: the drivers' currents into the end nodes of each row.
        Array.Clear(r, 0, 2 * mn);
        double bNorm = 0;
        for (int i = 0; i < m; i++)
        {
            r[i * n] += gw * voltages[i];
            if (driveBoth)
            {
                r[i * n + n - 1] += gw * voltages[i];
            }

            bNorm += (driveBoth ? 2 : 1) * (gw * voltages[i]) * (gw * voltages[i]);
        }

        bNorm = Math.Sqrt(bNorm);
        if (bNorm == 0)
        {
            currents.Clear();
            return (true, 0, 0);
        }

        // Start from the wire-free node voltages (rows at their drive voltage, columns at ground): r = b − A·x.
        for (int i = 0; i < m; i++)
        {
            x.AsSpan(i * n, n).Fill(voltages[i]);
        }

        Array.Clear(x, mn, mn);
        w.Apply(x, q, gw, driveBoth, senseBoth);
        for (int k = 0; k < 2 * mn; k++)
        {
            r[k] -= q[k];
        }

        // Convergence is measured against ‖r₀‖, the device currents the starting guess leaves unbalanced, not against
        // ‖b‖ = g_w·‖V‖: with very conductive wires (ratio 1e-9) ‖b‖ is 10⁹ times the device currents, the starting guess
        // already met a ‖b‖-relative tolerance, and the column currents g_w·x came out as 0 (a silent wrong answer).
        double reference = Math.Sqrt(Dot(r, r, 2 * mn));
        if (reference == 0)
        {
            reference = bNorm;
        }

        w.Precondition(r, z, gw);
        z.AsSpan(0, 2 * mn).CopyTo(p);
        double rz = Dot(r, z, 2 * mn);
        double residual = Math.Sqrt(Dot(r, r, 2 * mn)) / reference;
        int iteration = 0;
        while (residual > tolerance && iteration < maxIterations)
        {
            w.Apply(p, q, gw, driveBoth, senseBoth);
            double alpha = rz / Dot(p, q, 2 * mn);
            for (int k = 0; k < 2 * mn; k++)
            {
                x[k] += alpha * p[k];
                r[k] -= alpha * q[k];
            }

            iteration++;
            residual = Math.Sqrt(Dot(r, r, 2 * mn)) / reference;
            if (residual <= tolerance)
            {
                break;
            }

            w.Precondition(r, z, gw);
            double rzNext = Dot(r, z, 2 * mn);
            double beta = rzNext / rz;
            rz = rzNext;
            for (int k = 0; k < 2 * mn; k++)
            {
                p[k] = z[k] + beta * p[k];
            }
        }

        // Column voltages sit after the row voltages, column-major: node (i, j) at mn + j·m + i.
        for (int j = 0; j < n; j++)
        {
            currents[j] = gw * x[mn + j * m + m - 1] + (senseBoth ? gw * x[mn + j * m] : 0);
        }

        return (residual <= tolerance, iteration, residual);
    }

    private static double Dot(double[] a, double[] b, int length) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(a.AsSpan(0, length), b.AsSpan(0, length));

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
