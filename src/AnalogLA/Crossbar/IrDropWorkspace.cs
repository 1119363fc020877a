namespace AnalogLA.Crossbar;

/// <summary>Scratch arrays of one nodal solve: conductances in both layouts, the CG vectors and the line factors.</summary>
/// <remarks>Unknowns: row-node voltages (i·N + j), then column-node voltages (M·N + j·M + i).</remarks>
internal sealed class IrDropWorkspace
{
    public IrDropWorkspace(int m, int n)
    {
        M = m;
        N = n;
        GRow = new double[m * n];
        GColumn = new double[m * n];
        X = new double[2 * m * n];
        R = new double[2 * m * n];
        Z = new double[2 * m * n];
        P = new double[2 * m * n];
        Q = new double[2 * m * n];
        Upper = new double[2 * m * n];
        InverseDiagonal = new double[2 * m * n];
    }

    public int M { get; }

    public int N { get; }

    /// <summary>g(i, j) at i·N + j.</summary>
    public double[] GRow { get; }

    /// <summary>g(i, j) at j·M + i.</summary>
    public double[] GColumn { get; }

    public double[] X { get; }

    public double[] R { get; }

    public double[] Z { get; }

    public double[] P { get; }

    public double[] Q { get; }

    /// <summary>Thomas factors c_k of every line (rows, then columns).</summary>
    private double[] Upper { get; }

    /// <summary>1/(d_k − l_k·c_(k−1)) of every line.</summary>
    private double[] InverseDiagonal { get; }

    public void FillColumnMajorFromRowMajor()
    {
        for (int i = 0; i < M; i++)
        {
            for (int j = 0; j < N; j++)
            {
                GColumn[j * M + i] = GRow[i * N + j];
            }
        }
    }

    public void FillRowMajorFromColumnMajor()
    {
        for (int j = 0; j < N; j++)
        {
            for (int i = 0; i < M; i++)
            {
                GRow[i * N + j] = GColumn[j * M + i];
            }
        }
    }

    /// <summary>Factors every row line and column line (tridiagonal, off-diagonals −g_w).</summary>
    public void Factor(double gw, bool driveBoth, bool senseBoth)
    {
        int m = M, n = N, mn = m * n;
        for (int i = 0; i < m; i++)
        {
            FactorLine(GRow.AsSpan(i * n, n), gw, Upper.AsSpan(i * n, n), InverseDiagonal.AsSpan(i * n, n), firstOuter: true, lastOuter: driveBoth);
        }

        for (int j = 0; j < n; j++)
        {
            FactorLine(GColumn.AsSpan(j * m, m), gw, Upper.AsSpan(mn + j * m, m), InverseDiagonal.AsSpan(mn + j * m, m), firstOuter: senseBoth, lastOuter: true);
        }
    }

    private static void FactorLine(ReadOnlySpan<double> g, double gw, Span<double> c, Span<double> inverse, bool firstOuter, bool lastOuter)
    {
        int n = g.Length;
        double previous = 0;
        for (int k = 0; k < n; k++)
        {
            // Diagonal: device + a wire to each side that has one (a driver or ground counts as a side).
            double d = g[k] + (k > 0 || firstOuter ? gw : 0) + (k < n - 1 || lastOuter ? gw : 0);
            double denominator = d + gw * previous;
            inverse[k] = 1 / denominator;
            c[k] = -gw / denominator;
            previous = c[k];
        }
    }

    /// <summary>z = M⁻¹·r: each line's tridiagonal solve with the factors of <see cref="Factor"/>.</summary>
    public void Precondition(double[] r, double[] z, double gw)
    {
        int m = M, n = N, mn = m * n;
        for (int i = 0; i < m; i++)
        {
            SolveLine(r.AsSpan(i * n, n), z.AsSpan(i * n, n), Upper.AsSpan(i * n, n), InverseDiagonal.AsSpan(i * n, n), gw);
        }

        for (int j = 0; j < n; j++)
        {
            SolveLine(r.AsSpan(mn + j * m, m), z.AsSpan(mn + j * m, m), Upper.AsSpan(mn + j * m, m), InverseDiagonal.AsSpan(mn + j * m, m), gw);
        }
    }

    private static void SolveLine(ReadOnlySpan<double> rhs, Span<double> x, ReadOnlySpan<double> c, ReadOnlySpan<double> inverse, double gw)
    {
        int n = rhs.Length;
        double d = rhs[0] * inverse[0];
        x[0] = d;
        for (int k = 1; k < n; k++)
        {
            d = (rhs[k] + gw * d) * inverse[k];
            x[k] = d;
        }

        for (int k = n - 2; k >= 0; k--)
        {
            x[k] -= c[k] * x[k + 1];
        }
    }

    /// <summary>q = A·p for the nodal matrix.</summary>
    public void Apply(double[] p, double[] q, double gw, bool driveBoth, bool senseBoth)
    {
        int m = M, n = N, mn = m * n;
        for (int i = 0; i < m; i++)
        {
            int o = i * n;
            for (int j = 0; j < n; j++)
            {
                double g = GRow[o + j];
                double diagonal = g + gw + (j < n - 1 || driveBoth ? gw : 0);
                double value = diagonal * p[o + j] - g * p[mn + j * m + i];
                if (j > 0) { value -= gw * p[o + j - 1]; }
                if (j < n - 1) { value -= gw * p[o + j + 1]; }
                q[o + j] = value;
            }
        }

        for (int j = 0; j < n; j++)
        {
            int o = mn + j * m;
            for (int i = 0; i < m; i++)
            {
                double g = GColumn[j * m + i];
                double diagonal = g + gw + (i > 0 || senseBoth ? gw : 0);
                double value = diagonal * p[o + i] - g * p[i * n + j];
                if (i > 0) { value -= gw * p[o + i - 1]; }
                if (i < m - 1) { value -= gw * p[o + i + 1]; }
                q[o + i] = value;
            }
        }
    }
}
