using AnalogLA.Crossbar;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Solvers;

/// <summary>Krylov methods.</summary>
public enum SolverKind
{
    /// <summary>Preconditioned conjugate gradients (SPD, fixed preconditioner).</summary>
    Cg,

    /// <summary>Flexible CG (SPD, varying preconditioner).</summary>
    Fcg,

    /// <summary>GMRES(m), right preconditioned (fixed preconditioner).</summary>
    Gmres,

    /// <summary>Flexible GMRES(m).</summary>
    Fgmres,

    /// <summary>BiCGStab, right preconditioned.</summary>
    BiCgStab,

    /// <summary>Mixed-precision iterative refinement (x += M(b − Ax)).</summary>
    Refinement,
}

/// <summary>Preconditioners.</summary>
public enum PreconditionerKind
{
    /// <summary>None.</summary>
    None,

    /// <summary>Digital Jacobi.</summary>
    Jacobi,

    /// <summary>Digital ILU(0) (MathNet).</summary>
    Ilu0,

    /// <summary>Analog block-Jacobi with programmed block inverses.</summary>
    AnalogBlockJacobi,

    /// <summary>Analog sparse approximate inverse.</summary>
    AnalogSpai,

    /// <summary>Analog Chebyshev polynomial in A.</summary>
    AnalogPoly,

    /// <summary>Analog one-step inverse circuit per block.</summary>
    AnalogInverse,

    /// <summary>Low-accuracy analog inner GMRES (the inner solve of iterative refinement).</summary>
    Refinement,
}

/// <summary>Options of a one-call solve.</summary>
public sealed record SolveOptions
{
    /// <summary>The Krylov method.</summary>
    public SolverKind Solver { get; init; } = SolverKind.Fgmres;

    /// <summary>The preconditioner.</summary>
    public PreconditionerKind Preconditioner { get; init; } = PreconditionerKind.None;

    /// <summary>GMRES restart length.</summary>
    public int Restart { get; init; } = 50;

    /// <summary>Relative tolerance on ‖b − Ax‖₂/‖b‖₂.</summary>
    public double Tolerance { get; init; } = 1e-8;

    /// <summary>Iteration cap.</summary>
    public int MaxIterations { get; init; } = 5000;

    /// <summary>The crossbar the analog preconditioners are programmed on.</summary>
    public AnalogOptions Analog { get; init; } = AnalogOptions.DwMtjRealistic;

    /// <summary>Degree of the polynomial preconditioner.</summary>
    public int PolynomialDegree { get; init; } = 4;

    /// <summary>Block size of block preconditioners (null: the tile size).</summary>
    public int? BlockSize { get; init; }

    /// <summary>Analog reads averaged per preconditioner application (<see cref="AveragedPreconditioner"/>; 1: one read).</summary>
    public int ReadRepeats { get; init; } = 1;

    /// <summary>How block-Jacobi computes its block inverses (exact, Monte Carlo, thresholded).</summary>
    public BlockInverseOptions BlockInverse { get; init; } = new();

    /// <summary>Wrap analog preconditioners in symmetric Jacobi scaling (<see cref="EquilibratedPreconditioner"/>).</summary>
    public bool Equilibrate { get; init; } = true;

    /// <summary>Largest accepted iteration cap and GMRES restart length (the Krylov basis holds Restart + 1 vectors).</summary>
    public const int MaxIterationLimit = 1_000_000;

    /// <summary>Largest accepted polynomial degree.</summary>
    public const int MaxPolynomialDegree = 64;

    /// <summary>Checks every field; the message names it and its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field outside its range.</exception>
    public void Validate()
    {
        // A tolerance must be reachable in double precision (≥ machine ε) and mean something (< 1).
        if (!(Tolerance >= double.Epsilon && Tolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, $"Tolerance (--tol) must be in (0, 1), got {Tolerance}.");
        }

        if (MaxIterations < 1 || MaxIterations > MaxIterationLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, $"MaxIterations (--max-iter) must be in [1, {MaxIterationLimit}], got {MaxIterations}.");
        }

        if (Restart < 1 || Restart > MaxIterationLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(Restart), Restart, $"Restart (--restart) must be in [1, {MaxIterationLimit}], got {Restart}.");
        }

        if (PolynomialDegree < 1 || PolynomialDegree > MaxPolynomialDegree)
        {
            throw new ArgumentOutOfRangeException(nameof(PolynomialDegree), PolynomialDegree, $"PolynomialDegree (--degree) must be in [1, {MaxPolynomialDegree}], got {PolynomialDegree}.");
        }

        if (BlockSize is int block && block < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BlockSize), BlockSize, $"BlockSize must be ≥ 1, got {block}.");
        }

        ArgumentNullException.ThrowIfNull(Analog);
        Analog.Validate();
        if (ReadRepeats < 1 || ReadRepeats > AveragedPreconditioner.MaxReads)
        {
            throw new ArgumentOutOfRangeException(nameof(ReadRepeats), ReadRepeats, $"ReadRepeats (--read-repeats) must be in [1, {AveragedPreconditioner.MaxReads}], got {ReadRepeats}.");
        }

        ArgumentNullException.ThrowIfNull(BlockInverse);
        BlockInverse.Validate();
    }
}

/// <summary>
/// One-call solves for users who do not want MathNet's iterator plumbing:
/// <c>var (x, result) = AnalogSolve.Solve(A, b, new SolveOptions { Preconditioner = PreconditionerKind.AnalogBlockJacobi });</c>
/// </summary>
public static class AnalogSolve
{
    /// <summary>Solves A·x = b from x = 0.</summary>
    /// <exception cref="ArgumentException">Non-square A, size mismatch, NaN/∞ entries, or a preconditioner that cannot be built (names the cause).</exception>
    public static (Vector<double> X, KrylovResult Result) Solve(Matrix<double> a, Vector<double> b, SolveOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        options ??= new SolveOptions();
        KrylovSolver.CheckProblem(a, b);
        options.Validate();

        var preconditioner = new CountingPreconditioner(CreatePreconditioner(options));
        preconditioner.Initialize(a);
        var solver = CreateSolver(options);
        var criteria = new List<IIterationStopCriterion<double>>
        {
            new IterationCountStopCriterion<double>(options.MaxIterations),
            new RelativeResidualStopCriterion(options.Tolerance),
            new DivergenceStopCriterion<double>(),
        };
        if (cancellationToken.CanBeCanceled)
        {
            criteria.Add(new CancellationStopCriterion<double>(cancellationToken));
        }

        var x = Vector<double>.Build.Dense(b.Count);
        // A cancelled solve returns with Status = Stopped and the iterate reached so far.
        var result = solver.Run(a, b, x, new Iterator<double>(criteria), preconditioner);
        return (x, result);
    }

    /// <summary>Builds the solver named in the options.</summary>
    public static KrylovSolver CreateSolver(SolveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Solver switch
        {
            SolverKind.Cg => new ConjugateGradient(),
            SolverKind.Fcg => new ConjugateGradient(flexible: true),
            SolverKind.Gmres => new Gmres(options.Restart, flexible: false),
            SolverKind.Fgmres => new Gmres(options.Restart, flexible: true),
            SolverKind.BiCgStab => new BiCgStab(),
            SolverKind.Refinement => new IterativeRefinement(),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Solver, "unknown solver."),
        };
    }

    /// <summary>Builds (but does not initialise) the preconditioner named in the options.</summary>
    public static IPreconditioner<double> CreatePreconditioner(SolveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IPreconditioner<double> analog;
        switch (options.Preconditioner)
        {
            case PreconditionerKind.None:
                return new UnitPreconditioner<double>();
            case PreconditionerKind.Jacobi:
                return new JacobiPreconditioner();
            case PreconditionerKind.Ilu0:
                return new Ilu0Preconditioner();
            case PreconditionerKind.AnalogBlockJacobi:
                analog = new AnalogBlockJacobiPreconditioner(options.Analog, options.BlockSize, options.BlockInverse);
                break;
            case PreconditionerKind.AnalogSpai:
                analog = new AnalogSpaiPreconditioner(options.Analog);
                break;
            case PreconditionerKind.AnalogPoly:
                analog = new AnalogPolynomialPreconditioner(options.Analog, options.PolynomialDegree);
                break;
            case PreconditionerKind.AnalogInverse:
                analog = new AnalogInversePreconditioner(options.Analog, options.BlockSize, inverse: options.BlockInverse);
                break;
            case PreconditionerKind.Refinement:
                analog = new AnalogRefinementPreconditioner(options.Analog);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Preconditioner, "unknown preconditioner.");
        }

        if (options.ReadRepeats > 1)
        {
            analog = new AveragedPreconditioner(analog, options.ReadRepeats);
        }

        return options.Equilibrate ? new EquilibratedPreconditioner(analog) : analog;
    }
}
