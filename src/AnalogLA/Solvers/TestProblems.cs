using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>
/// Generated sparse systems with known structure: the built-in problems of the solver CLI and tests.
/// </summary>
/// <remarks>Finite differences on the unit square/cube with Dirichlet boundaries, h = 1/(N + 1), scaled by h²
/// (LeVeque, Finite Difference Methods, Ch. 3): 2-D Poisson (5-point, SPD, κ ≈ 4/(π²h²)), 3-D Poisson
/// (7-point), anisotropic diffusion −u_xx − ε·u_yy (SPD, ε = 0.01 by default), and convection–diffusion
/// −Δu + c·(u_x + u_y) with first-order upwind convection (nonsymmetric, an M-matrix).</remarks>
public static class TestProblems
{
    /// <summary>Largest generated problem, in unknowns (checked before anything is allocated).</summary>
    public const long MaxUnknowns = 4_000_000;

    /// <summary>Parses "poisson2d:64", "poisson3d:16", "anisotropic:64", "convdiff:64", and the literature track's
    /// "fd3d:nx,ny,nz,αx,αy,αz,shift" and "lowrank-laplace:N" (<see cref="LiteratureProblems"/>).</summary>
    /// <exception cref="ArgumentException">Unknown name, a size outside [2, 2000], or more than <see cref="MaxUnknowns"/> unknowns.</exception>
    public static Matrix<double> FromSpec(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parts = spec.Split(':');
        if (parts.Length == 2 && LiteratureProblems.FromSpec(parts[0].ToLowerInvariant(), parts[1]) is { } literature)
        {
            return literature;
        }

        if (parts.Length != 2 || !int.TryParse(parts[1], out int n) || n < 2 || n > 2000)
        {
            throw new ArgumentException($"problem must be NAME:N with N in [2, 2000] (e.g. poisson2d:64), got '{spec}'.", nameof(spec));
        }

        string kind = parts[0].ToLowerInvariant();
        long unknowns = kind == "poisson3d" ? (long)n * n * n : (long)n * n;
        if (unknowns > MaxUnknowns)
        {
            throw new ArgumentException($"problem '{spec}' has {unknowns:N0} unknowns; the limit is {MaxUnknowns:N0} (poisson3d: N ≤ {(int)Math.Cbrt(MaxUnknowns)}).", nameof(spec));
        }

        return kind switch
        {
            "poisson2d" => Poisson2D(n),
            "poisson3d" => Poisson3D(n),
            "anisotropic" => Anisotropic2D(n),
            "convdiff" => ConvectionDiffusion2D(n),
            _ => throw new ArgumentException($"unknown problem '{parts[0]}'; known: poisson2d, poisson3d, anisotropic, convdiff, fd3d, lowrank-laplace.", nameof(spec)),
        };
    }

    /// <summary>5-point Laplacian on an N×N grid (N² unknowns).</summary>
    public static Matrix<double> Poisson2D(int n) => Stencil2D(n, 1, 1, 0);

    /// <summary>−u_xx − ε·u_yy on an N×N grid.</summary>
    public static Matrix<double> Anisotropic2D(int n, double epsilon = 0.01) => Stencil2D(n, 1, epsilon, 0);

    /// <summary>−Δu + c·(u_x + u_y) with upwind differences; c·h is the cell Péclet number.</summary>
    public static Matrix<double> ConvectionDiffusion2D(int n, double velocity = 50) => Stencil2D(n, 1, 1, velocity / (n + 1));

    private static Matrix<double> Stencil2D(int n, double ax, double ay, double ch)
    {
        var entries = new List<Tuple<int, int, double>>(5 * n * n);
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                int row = j * n + i;
                // Upwind for positive velocity: c·(u_i − u_{i−1})/h, times h².
                entries.Add(Tuple.Create(row, row, 2 * ax + 2 * ay + 2 * ch));
                if (i > 0)
                {
                    entries.Add(Tuple.Create(row, row - 1, -ax - ch));
                }

                if (i < n - 1)
                {
                    entries.Add(Tuple.Create(row, row + 1, -ax));
                }

                if (j > 0)
                {
                    entries.Add(Tuple.Create(row, row - n, -ay - ch));
                }

                if (j < n - 1)
                {
                    entries.Add(Tuple.Create(row, row + n, -ay));
                }
            }
        }

        return Matrix<double>.Build.SparseOfIndexed(n * n, n * n, entries);
    }

    /// <summary>7-point Laplacian on an N×N×N grid.</summary>
    public static Matrix<double> Poisson3D(int n)
    {
        var entries = new List<Tuple<int, int, double>>(7 * n * n * n);
        for (int k = 0; k < n; k++)
        {
            for (int j = 0; j < n; j++)
            {
                for (int i = 0; i < n; i++)
                {
                    int row = (k * n + j) * n + i;
                    entries.Add(Tuple.Create(row, row, 6.0));
                    if (i > 0) { entries.Add(Tuple.Create(row, row - 1, -1.0)); }
                    if (i < n - 1) { entries.Add(Tuple.Create(row, row + 1, -1.0)); }
                    if (j > 0) { entries.Add(Tuple.Create(row, row - n, -1.0)); }
                    if (j < n - 1) { entries.Add(Tuple.Create(row, row + n, -1.0)); }
                    if (k > 0) { entries.Add(Tuple.Create(row, row - n * n, -1.0)); }
                    if (k < n - 1) { entries.Add(Tuple.Create(row, row + n * n, -1.0)); }
                }
            }
        }

        int size = n * n * n;
        return Matrix<double>.Build.SparseOfIndexed(size, size, entries);
    }
}
