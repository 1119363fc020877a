using AnalogLA.Crossbar;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Solvers;

/// <summary>How a solve ended.</summary>
public enum SolveStatus
{
    /// <summary>The true relative residual reached the tolerance.</summary>
    Converged,

    /// <summary>The iteration cap was reached first.</summary>
    MaxIterations,

    /// <summary>The method broke down (a zero or indefinite inner product), with the last iterate kept.</summary>
    Breakdown,

    /// <summary>The residual grew past the divergence criterion, or became non-finite.</summary>
    Diverged,

    /// <summary>The caller's iterator stopped the solve for another reason (e.g. cancellation).</summary>
    Stopped,
}

/// <summary>
/// The outcome of a Krylov solve: status, iterations, the true relative residual ‖b − A·x‖/‖b‖ computed
/// in double precision (after every iteration, in <see cref="ResidualHistory"/>) and the analog work done.
/// </summary>
/// <remarks><see cref="ResidualHistory"/> holds the true relative residual of the initial guess and of every iterate
/// formed; non-flexible GMRES does not form x inside a cycle (it would cost an extra preconditioner application), so
/// there the entry is its least-squares estimate |g_{j+1}|/‖b‖ until x is formed at the end of the cycle or at
/// convergence. <see cref="TrueRelativeResidual"/> is always a true residual.</remarks>
public sealed record KrylovResult(
    SolveStatus Status,
    int Iterations,
    double TrueRelativeResidual,
    IReadOnlyList<double> ResidualHistory,
    long PreconditionerApplications,
    long AnalogMvms,
    double Seconds)
{
    /// <summary>Energy of the preconditioner's analog reads during this solve (zero for digital preconditioners).</summary>
    public EnergyBreakdown AnalogEnergy { get; init; }

    /// <summary>Latency of the preconditioner's analog reads during this solve (s).</summary>
    public double AnalogLatencySeconds { get; init; }

    /// <summary>Multiply–accumulates done in analog during this solve (Σ MVMs × array rows × columns): the digital work the same preconditioner would cost.</summary>
    public double AnalogMacs { get; init; }

    /// <summary>Preconditioner applications during this solve.</summary>
    public long ApplicationsThisSolve { get; init; }

    /// <summary>Analog energy per preconditioner application (J; 0 without applications).</summary>
    public double AnalogJoulesPerApplication => ApplicationsThisSolve == 0 ? 0 : AnalogEnergy.Total / ApplicationsThisSolve;

    /// <summary>Whether the tolerance was reached.</summary>
    public bool Converged => Status == SolveStatus.Converged;

    internal static SolveStatus FromIteration(IterationStatus status) => status switch
    {
        IterationStatus.Converged => SolveStatus.Converged,
        IterationStatus.StoppedWithoutConvergence => SolveStatus.MaxIterations,
        IterationStatus.Diverged => SolveStatus.Diverged,
        IterationStatus.Cancelled => SolveStatus.Stopped,
        _ => SolveStatus.Stopped,
    };
}
