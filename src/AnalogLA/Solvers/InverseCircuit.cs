using AnalogLA.Crossbar;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>
/// One analog inverse circuit (AMC): a square matrix programmed as conductances in the feedback of operational
/// amplifiers, settling in one step to G·v = −i. The leaf solver of <see cref="AnalogInversePreconditioner"/> and of
/// <see cref="BlockAmc"/>.
/// </summary>
/// <remarks>
/// Sun, Pedretti, Ambrosi, Bricalli, Wang and Ielmini, "Solving matrix equations in one step with cross-point
/// resistive arrays", PNAS 116:4123, 2019. Modelled: the programmed G (levels and programming error of the device,
/// through the same mapping as <see cref="AnalogMatrix"/>; signed entries by differential pairs with an inverting
/// stage), finite op-amp open-loop gain A₀ to first order, G_eff = G + diag(Σ_j |G_ij|)/A₀ (the virtual ground sits at
/// −v/A₀, so each row leaks its total conductance times v/A₀), and read noise to first order: the settled solution
/// v₀ = G_eff⁻¹·i is corrected by −G_eff⁻¹·δG·v₀, where δG·v₀ is one noisy crossbar read of v₀ minus its noise-free
/// value (fresh on every solve). Not modelled: settling time and stability of the feedback loop (Sun et al. analyse
/// it), op-amp offset and output swing limits. Null options: an exact solve with an ideal amplifier.
/// </remarks>
internal sealed class InverseCircuit
{
    private readonly double[,] _programmed;
    private readonly MathNet.Numerics.LinearAlgebra.Factorization.LU<double> _lu;

    /// <summary>Programs <paramref name="matrix"/>; <paramref name="index"/> and <paramref name="start"/> name it in errors.</summary>
    public InverseCircuit(double[,] matrix, AnalogOptions? options, double openLoopGain, int index, int start)
    {
        Size = matrix.GetLength(0);
        Array = options is null ? null : AnalogMatrix.Program(matrix, options);
        _programmed = Array?.ProgrammedMatrix() ?? matrix;
        var effective = Matrix<double>.Build.DenseOfArray(_programmed);
        if (Array is not null)
        {
            for (int i = 0; i < Size; i++)
            {
                double leak = 0;
                for (int j = 0; j < Size; j++)
                {
                    leak += Math.Abs(_programmed[i, j]);
                }

                effective[i, i] += leak / openLoopGain;
            }
        }

        _lu = DiagonalBlocks.Factor(effective, index, start, "the inverse circuit cannot settle: the programmed");
    }

    /// <summary>Rows (and columns) of the circuit.</summary>
    public int Size { get; }

    /// <summary>The programmed array (null for the digital counterpart).</summary>
    public AnalogMatrix? Array { get; }

    /// <summary>The settled output v for the input currents i (one fresh read of the circuit's noise).</summary>
    public void Solve(ReadOnlySpan<double> i, Span<double> v)
    {
        var v0 = _lu.Solve(Vector<double>.Build.DenseOfArray(i.ToArray()));
        if (Array is null)
        {
            v0.ToArray().AsSpan().CopyTo(v);
            return;
        }

        var read = new double[Size];
        Array.Multiply(v0.ToArray(), read);
        var noise = Vector<double>.Build.Dense(Size);
        for (int r = 0; r < Size; r++)
        {
            double ideal = 0;
            for (int c = 0; c < Size; c++)
            {
                ideal += _programmed[r, c] * v0[c];
            }

            noise[r] = read[r] - ideal;
        }

        (v0 - _lu.Solve(noise)).ToArray().AsSpan().CopyTo(v);
    }
}
