using AnalogLA.Crossbar;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Solvers;

/// <summary>
/// Repeated reads: each application is the mean of R applications of a noisy preconditioner, M̄(r) = (1/R)·Σ_k M̃_k(r).
/// </summary>
/// <remarks>
/// The per-application errors that are fresh on every read (device read noise, input and output noise) are independent
/// across the R reads, so their variance falls as 1/R (standard error of a mean of independent draws); the static errors
/// (programming, variation, write misses, converter rounding of the same input) are the same in every read and do not
/// average out. The cost is R times the analog MVMs, energy and latency of one application (counted by the wrapped arrays).
/// Averaging repeated reads is standard practice for noisy analog reads (e.g. Le Gallo et al., Nat. Electron. 1:246, 2018,
/// average reads in their mixed-precision solver); R = 1 is the wrapped preconditioner itself.
/// </remarks>
public sealed class AveragedPreconditioner(IPreconditioner<double> inner, int reads) : IAnalogPreconditioner
{
    private readonly IPreconditioner<double> _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>Reads averaged per application.</summary>
    public int Reads { get; } = reads is >= 1 and <= MaxReads ? reads : throw new ArgumentOutOfRangeException(nameof(reads), reads, $"reads per application (--read-repeats) must be in [1, {MaxReads}].");

    /// <summary>Largest accepted <see cref="Reads"/>.</summary>
    public const int MaxReads = 1024;

    /// <inheritdoc />
    public long AnalogMvms => _inner is IAnalogPreconditioner analog ? analog.AnalogMvms : 0;

    /// <inheritdoc />
    public IEnumerable<AnalogMatrix> Arrays => _inner is IAnalogPreconditioner analog ? analog.Arrays : [];

    /// <inheritdoc />
    public void Initialize(Matrix<double> matrix) => _inner.Initialize(matrix);

    /// <inheritdoc />
    public void Approximate(Vector<double> rhs, Vector<double> lhs)
    {
        ArgumentNullException.ThrowIfNull(rhs);
        ArgumentNullException.ThrowIfNull(lhs);
        _inner.Approximate(rhs, lhs);
        if (Reads == 1)
        {
            return;
        }

        var one = Vector<double>.Build.Dense(lhs.Count);
        for (int k = 1; k < Reads; k++)
        {
            _inner.Approximate(rhs, one);
            lhs.Add(one, lhs);
        }

        lhs.Divide(Reads, lhs);
    }
}
