using AnalogLA.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>
/// The generated systems of the analog-preconditioning literature (the preconditioning track): Saad's
/// convection–diffusion generator and a Laplacian with a low-rank update.
/// </summary>
/// <remarks>
/// <para><b>fd3d</b> (nx, ny, nz, α_x, α_y, α_z, shift), after SPARSKIT's finite-difference generator (Saad, SPARSKIT,
/// 1994; used by Kalantzis et al., arXiv 2107.06973 and Shah et al., arXiv 2606.17227):
/// A = I_z⊗I_y⊗T_x + I_z⊗T_y⊗I_x (+ T_z⊗I_y⊗I_x when nz &gt; 1) − shift·I with
/// T_d = tridiag(sub-diagonal −1 + α_d, diagonal 2, super-diagonal −1 − α_d) of size n_d; unknown (i, j, k) is row
/// (k·ny + j)·nx + i. α_d ≠ 0 makes A nonsymmetric (convection), the shift moves it towards indefiniteness.</para>
/// <para><b>lowrank-laplace</b> (N): the 5-point Laplacian on N × N (diagonal 4, neighbours −1, unscaled) plus X·Xᵀ,
/// X an N² × 10 sparse matrix with each entry nonzero with probability 0.1 and standard-normal nonzeros, drawn from a
/// seed: SPD, with ten outlying eigenvalues a preconditioner of the Laplacian alone does not see.</para>
/// </remarks>
public static class LiteratureProblems
{
    /// <summary>Columns of X in <see cref="LowRankLaplace"/>.</summary>
    public const int LowRank = 10;

    /// <summary>Density of X in <see cref="LowRankLaplace"/>.</summary>
    public const double LowRankDensity = 0.1;

    /// <summary>Saad's fd3d matrix (see remarks).</summary>
    /// <exception cref="ArgumentException">A side outside [1, 2000], more than <see cref="TestProblems.MaxUnknowns"/> unknowns, or a non-finite coefficient.</exception>
    public static Matrix<double> Fd3d(int nx, int ny, int nz, (double X, double Y, double Z) alpha, double shift)
    {
        foreach (var (side, name) in new[] { (nx, "nx"), (ny, "ny"), (nz, "nz") })
        {
            if (side is < 1 or > 2000)
            {
                throw new ArgumentException($"fd3d: {name} = {side} is outside [1, 2000].");
            }
        }

        long unknowns = (long)nx * ny * nz;
        if (unknowns > TestProblems.MaxUnknowns || unknowns < 2)
        {
            throw new ArgumentException($"fd3d: {nx}×{ny}×{nz} = {unknowns:N0} unknowns; allowed 2 to {TestProblems.MaxUnknowns:N0}.");
        }

        if (!double.IsFinite(alpha.X) || !double.IsFinite(alpha.Y) || !double.IsFinite(alpha.Z) || !double.IsFinite(shift))
        {
            throw new ArgumentException("fd3d: α_x, α_y, α_z and the shift must be finite.");
        }

        int dims = nz > 1 ? 3 : 2;
        var entries = new List<Tuple<int, int, double>>((int)(unknowns * (2 * dims + 1)));
        for (int k = 0; k < nz; k++)
        {
            for (int j = 0; j < ny; j++)
            {
                for (int i = 0; i < nx; i++)
                {
                    int row = (((k * ny) + j) * nx) + i;
                    entries.Add(Tuple.Create(row, row, (2.0 * dims) - shift));
                    AddNeighbours(entries, row, i, nx, 1, alpha.X);
                    AddNeighbours(entries, row, j, ny, nx, alpha.Y);
                    if (dims == 3)
                    {
                        AddNeighbours(entries, row, k, nz, nx * ny, alpha.Z);
                    }
                }
            }
        }

        return Matrix<double>.Build.SparseOfIndexed((int)unknowns, (int)unknowns, entries);
    }

    /// <summary>The 5-point Laplacian on N × N plus X·Xᵀ (see remarks), X drawn from <paramref name="seed"/>.</summary>
    public static Matrix<double> LowRankLaplace(int n, ulong seed = 1)
    {
        if (n is < 2 or > 2000)
        {
            throw new ArgumentException($"lowrank-laplace: N = {n} is outside [2, 2000].");
        }

        var x = LowRankFactor(n * n, seed);
        return Fd3d(n, n, 1, (0, 0, 0), 0) + x.TransposeAndMultiply(x);
    }

    /// <summary>X of <see cref="LowRankLaplace"/>: rows × 10, each entry nonzero with probability 0.1, N(0, 1) nonzeros.</summary>
    public static Matrix<double> LowRankFactor(int rows, ulong seed = 1)
    {
        var u = new float[rows * LowRank];
        var z = new float[rows * LowRank];
        var random = new CounterRandom(CounterRandom.Mix(seed, 0x4c52));
        random.Child(0).FillUniform(u);
        random.Child(1).FillNormal(z);
        var entries = new List<Tuple<int, int, double>>();
        for (int i = 0; i < u.Length; i++)
        {
            if (u[i] < LowRankDensity)
            {
                entries.Add(Tuple.Create(i / LowRank, i % LowRank, (double)z[i]));
            }
        }

        return Matrix<double>.Build.SparseOfIndexed(rows, LowRank, entries);
    }

    /// <summary>Parses "fd3d:nx,ny,nz,αx,αy,αz,shift" and "lowrank-laplace:N"; null for another name.</summary>
    internal static Matrix<double>? FromSpec(string kind, string arguments)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        switch (kind)
        {
            case "fd3d":
                var p = arguments.Split(',');
                if (p.Length != 7 || !int.TryParse(p[0], culture, out int nx) || !int.TryParse(p[1], culture, out int ny) || !int.TryParse(p[2], culture, out int nz)
                    || !double.TryParse(p[3], culture, out double ax) || !double.TryParse(p[4], culture, out double ay)
                    || !double.TryParse(p[5], culture, out double az) || !double.TryParse(p[6], culture, out double shift))
                {
                    throw new ArgumentException($"fd3d takes nx,ny,nz,αx,αy,αz,shift (e.g. fd3d:50,50,1,0.1,1.2,0.3,0.1), got 'fd3d:{arguments}'.");
                }

                return Fd3d(nx, ny, nz, (ax, ay, az), shift);
            case "lowrank-laplace":
                if (!int.TryParse(arguments, culture, out int n))
                {
                    throw new ArgumentException($"lowrank-laplace takes N (e.g. lowrank-laplace:32), got 'lowrank-laplace:{arguments}'.");
                }

                return LowRankLaplace(n);
            default:
                return null;
        }
    }

    /// <summary>The −1 ± α neighbours of <paramref name="row"/> along one dimension (index <paramref name="at"/> of <paramref name="size"/>, stride <paramref name="stride"/>).</summary>
    private static void AddNeighbours(List<Tuple<int, int, double>> entries, int row, int at, int size, int stride, double alpha)
    {
        if (at > 0)
        {
            entries.Add(Tuple.Create(row, row - stride, -1 + alpha));
        }

        if (at < size - 1)
        {
            entries.Add(Tuple.Create(row, row + stride, -1 - alpha));
        }
    }
}
