using AnalogLA.Crossbar;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>
/// Block-Jacobi where each diagonal block is solved in one step by the analog inverse circuit: the block
/// programmed as conductances in the feedback of operational amplifiers settles to G·v = −i.
/// </summary>
/// <remarks>
/// Sun, Pedretti, Ambrosi, Bricalli, Wang and Ielmini, "Solving matrix equations in one step with
/// cross-point resistive arrays", PNAS 116:4123, 2019. Modelled: the programmed block G (levels and
/// programming error of the device, through the same mapping as <see cref="AnalogMatrix"/>; signed entries
/// by differential pairs with an inverting stage), finite op-amp open-loop gain A₀ to first order,
/// G_eff = G + diag(Σ_j |G_ij|)/A₀ (the virtual ground sits at −v/A₀, so each row leaks its total
/// conductance times v/A₀), and read noise to first order: the settled solution v₀ = G_eff⁻¹·i is corrected by
/// −G_eff⁻¹·δG·v₀, where δG·v₀ is one noisy crossbar read of v₀ minus its noise-free value (fresh on every
/// application). Not modelled: settling time and stability of the feedback loop (Sun et al. analyse it),
/// op-amp offset and output swing limits. Use a flexible solver.
/// </remarks>
public sealed class AnalogInversePreconditioner(AnalogOptions? options, int? blockSize = null, double openLoopGain = 1e5) : IAnalogPreconditioner
{
    private readonly List<Block> _blocks = [];

    /// <summary>Block size (defaults to the tile size).</summary>
    public int BlockSize { get; } = blockSize ?? (options is null ? 256 : Math.Min(options.Tiling.Rows, options.Tiling.Columns));

    /// <summary>Op-amp open-loop gain A₀.</summary>
    public double OpenLoopGain { get; } = openLoopGain > 0 ? openLoopGain : throw new ArgumentOutOfRangeException(nameof(openLoopGain), openLoopGain, "open-loop gain must be > 0.");

    /// <inheritdoc />
    public long AnalogMvms => _blocks.Sum(b => b.Array?.Diagnostics.Mvms ?? 0);

    /// <inheritdoc />
    public IEnumerable<AnalogMatrix> Arrays => _blocks.Select(b => b.Array).OfType<AnalogMatrix>();

    private sealed record Block(int Start, int Size, AnalogMatrix? Array, double[,] Programmed, MathNet.Numerics.LinearAlgebra.Factorization.LU<double> Lu);

    /// <inheritdoc />
    public void Initialize(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        _blocks.Clear();
        foreach (var (k, start, block) in DiagonalBlocks.Enumerate(matrix, BlockSize))
        {
            int size = block.GetLength(0);
            // Null options: the digital counterpart, an exact block solve with an ideal amplifier.
            var array = options is null ? null : AnalogMatrix.Program(block, options with { Seed = options.Seed + (ulong)k });
            var programmed = array?.ProgrammedMatrix() ?? block;
            var effective = Matrix<double>.Build.DenseOfArray(programmed);
            for (int i = 0; i < size; i++)
            {
                double leak = 0;
                for (int j = 0; j < size; j++)
                {
                    leak += Math.Abs(programmed[i, j]);
                }

                effective[i, i] += array is null ? 0 : leak / OpenLoopGain;
            }

            var lu = DiagonalBlocks.Factor(effective, k, start, "the inverse circuit cannot settle: the programmed");
            _blocks.Add(new Block(start, size, array, programmed, lu));
        }
    }

    /// <inheritdoc />
    public void Approximate(Vector<double> rhs, Vector<double> lhs)
    {
        ArgumentNullException.ThrowIfNull(rhs);
        ArgumentNullException.ThrowIfNull(lhs);
        var z = new double[rhs.Count];
        foreach (var block in _blocks)
        {
            var i = Vector<double>.Build.Dense(block.Size, t => rhs[block.Start + t]);
            var v0 = block.Lu.Solve(i);
            if (block.Array is null)
            {
                for (int t = 0; t < block.Size; t++)
                {
                    z[block.Start + t] = v0[t];
                }

                continue;
            }

            var read = new double[block.Size];
            block.Array.Multiply(v0.ToArray(), read);
            var noise = Vector<double>.Build.Dense(block.Size);
            for (int r = 0; r < block.Size; r++)
            {
                double ideal = 0;
                for (int c = 0; c < block.Size; c++)
                {
                    ideal += block.Programmed[r, c] * v0[c];
                }

                noise[r] = read[r] - ideal;
            }

            var v = v0 - block.Lu.Solve(noise);
            for (int t = 0; t < block.Size; t++)
            {
                z[block.Start + t] = v[t];
            }
        }

        lhs.SetValues(z);
    }
}
