using AnalogLA.Crossbar;
using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Solvers;

/// <summary>
/// Shared machinery of the Krylov solvers: input checks, the true-residual monitor that feeds MathNet's
/// <see cref="Iterator{T}"/>, and the result record.
/// </summary>
/// <remarks>Every solver judges convergence on the true residual r = b − A·x computed digitally in double
/// after each iteration (one extra sparse product per iteration), never on a recurrence: an analog
/// preconditioner changes a little on every application, and recurrences then drift from the truth.</remarks>
public abstract class KrylovSolver : IIterativeSolver<double>
{
    /// <summary>
    /// The outcome of the last <see cref="Solve"/> call through the MathNet <see cref="IIterativeSolver{T}"/> adapter (a
    /// side channel kept for that interface: with two solves on one instance at once it holds either's result; use
    /// <see cref="Run"/>, which returns the result and is safe to call concurrently).
    /// </summary>
    public KrylovResult? LastResult { get; private set; }

    /// <inheritdoc />
    /// <remarks>The MathNet adapter of <see cref="Run"/>: the result goes to <see cref="LastResult"/>.</remarks>
    public void Solve(Matrix<double> matrix, Vector<double> input, Vector<double> result, Iterator<double> iterator, IPreconditioner<double> preconditioner) =>
        LastResult = Run(matrix, input, result, iterator, preconditioner);

    /// <summary>
    /// Solves A·x = b from the initial guess in <paramref name="result"/> (overwritten with the solution) and returns the
    /// outcome. The solver instance holds no per-solve state, so one instance may run several solves at once.
    /// Preconditioner applications and their analog work are counted without the caller wrapping it.
    /// </summary>
    public KrylovResult Run(Matrix<double> matrix, Vector<double> input, Vector<double> result, Iterator<double> iterator, IPreconditioner<double>? preconditioner = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(iterator);
        CheckProblem(matrix, input, result);
        if (preconditioner is null)
        {
            // MathNet's unit preconditioner checks vector sizes against the matrix it was initialised with.
            preconditioner = new UnitPreconditioner<double>();
            preconditioner.Initialize(matrix);
        }

        var timer = Stopwatch.StartNew();
        iterator.Reset();
        var counting = preconditioner as CountingPreconditioner ?? new CountingPreconditioner(preconditioner);
        var energyBefore = counting.AnalogEnergy;
        double latencyBefore = counting.AnalogLatencySeconds;
        long applicationsBefore = counting.Applications;
        double macsBefore = counting.AnalogMacs;
        var monitor = new Monitor(matrix, input, iterator);
        SolveStatus? breakdown = Iterate(matrix, input, result, monitor, counting);
        var status = breakdown ?? KrylovResult.FromIteration(iterator.Status);
        if (monitor.History.Count > 0 && !double.IsFinite(monitor.History[^1]))
        {
            status = SolveStatus.Diverged;
        }

        return new KrylovResult(status, monitor.Iterations, monitor.Latest, monitor.History.ToArray(),
            counting.Applications, counting.AnalogMvms, timer.Elapsed.TotalSeconds)
        {
            AnalogEnergy = counting.AnalogEnergy - energyBefore,
            AnalogLatencySeconds = counting.AnalogLatencySeconds - latencyBefore,
            ApplicationsThisSolve = counting.Applications - applicationsBefore,
            AnalogMacs = counting.AnalogMacs - macsBefore,
        };
    }

    /// <summary>
    /// Runs the method from the initial guess in <paramref name="x"/>; calls <see cref="Monitor.Check"/> after each
    /// iteration and stops when it returns true. Returns <see cref="SolveStatus.Breakdown"/> when the method
    /// breaks down, else null (the iterator's status decides).
    /// </summary>
    protected abstract SolveStatus? Iterate(Matrix<double> a, Vector<double> b, Vector<double> x, Monitor monitor, IPreconditioner<double> m);

    /// <summary>Checks shapes and values; messages name the problem.</summary>
    public static void CheckProblem(Matrix<double> matrix, Vector<double> b, Vector<double>? x = null)
    {
        if (matrix.RowCount != matrix.ColumnCount)
        {
            throw new ArgumentException($"the matrix must be square, got {matrix.RowCount}×{matrix.ColumnCount}.", nameof(matrix));
        }

        if (b.Count != matrix.RowCount)
        {
            throw new ArgumentException($"b has {b.Count} entries, the matrix has {matrix.RowCount} rows.", nameof(b));
        }

        if (x is not null && x.Count != matrix.ColumnCount)
        {
            throw new ArgumentException($"x has {x.Count} entries, the matrix has {matrix.ColumnCount} columns.", nameof(x));
        }

        for (int i = 0; i < b.Count; i++)
        {
            if (!double.IsFinite(b[i]))
            {
                throw new ArgumentException($"b[{i}] is {b[i]}; the right-hand side must be finite.", nameof(b));
            }
        }

        foreach (var (i, j, v) in matrix.EnumerateIndexed(Zeros.AllowSkip))
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"A({i}, {j}) is {v}; the matrix must be finite.", nameof(matrix));
            }
        }
    }

    /// <summary>Computes and records the true residual after each iteration and asks the iterator whether to stop.</summary>
    public sealed class Monitor
    {
        private readonly Matrix<double> _a;
        private readonly Vector<double> _b;
        private readonly Iterator<double> _iterator;
        private readonly Vector<double> _residual;
        private readonly double _bNorm;

        internal Monitor(Matrix<double> a, Vector<double> b, Iterator<double> iterator)
        {
            _a = a;
            _b = b;
            _iterator = iterator;
            _residual = Vector<double>.Build.Dense(b.Count);
            _bNorm = b.L2Norm();
        }

        /// <summary>True relative residuals after each iteration (entry 0: the initial guess).</summary>
        public List<double> History { get; } = [];

        /// <summary>Iterations done.</summary>
        public int Iterations { get; private set; }

        /// <summary>The latest true relative residual.</summary>
        public double Latest => History.Count == 0 ? double.NaN : History[^1];

        /// <summary>r = b − A·x (double precision) into <paramref name="residual"/>.</summary>
        public void Residual(Vector<double> x, Vector<double> residual)
        {
            _a.Multiply(x, residual);
            _b.Subtract(residual, residual);
        }

        /// <summary>Records the initial guess's residual; true when it already satisfies the iterator.</summary>
        public bool Start(Vector<double> x) => Evaluate(0, x);

        /// <summary>
        /// Whether the iterator would stop at <paramref name="iteration"/> if the true relative residual were
        /// <paramref name="estimatedRelative"/> (a recurrence's estimate, such as GMRES's least-squares residual). Asks a
        /// clone of the iterator, so the real one's state is untouched; the solver then forms x and calls
        /// <see cref="Check"/>, which decides on the true residual.
        /// </summary>
        public bool WouldStop(int iteration, double estimatedRelative)
        {
            var probe = _iterator.Clone();
            var proxy = Vector<double>.Build.Dense(_b.Count);
            proxy[0] = estimatedRelative * (_bNorm > 0 ? _bNorm : 1);
            return !double.IsFinite(estimatedRelative) || probe.DetermineStatus(iteration, proxy, _b, proxy) != IterationStatus.Continue;
        }

        /// <summary>
        /// Records iteration <paramref name="iteration"/> without forming x: the history gets the recurrence's
        /// estimate of the relative residual (documented in <see cref="KrylovResult.ResidualHistory"/>).
        /// </summary>
        public void Estimate(int iteration, double estimatedRelative)
        {
            Iterations = iteration;
            History.Add(estimatedRelative);
        }

        /// <summary>Records iteration <paramref name="iteration"/> (1-based); true when the solve should stop.</summary>
        public bool Check(int iteration, Vector<double> x)
        {
            Iterations = iteration;
            return Evaluate(iteration, x);
        }

        private bool Evaluate(int iteration, Vector<double> x)
        {
            Residual(x, _residual);
            double norm = _residual.L2Norm();
            double relative = _bNorm > 0 ? norm / _bNorm : norm;
            History.Add(relative);
            if (!double.IsFinite(relative))
            {
                return true;
            }

            var status = _iterator.DetermineStatus(iteration, x, _b, _residual);
            return status != IterationStatus.Continue;
        }
    }
}

/// <summary>Wraps a preconditioner to count applications and the analog MVMs they cost.</summary>
public sealed class CountingPreconditioner : IPreconditioner<double>
{
    private readonly IPreconditioner<double> _inner;

    /// <summary>Wraps <paramref name="inner"/> (initialise through this wrapper or before wrapping).</summary>
    public CountingPreconditioner(IPreconditioner<double> inner)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    }

    /// <summary>Applications so far.</summary>
    public long Applications { get; private set; }

    /// <summary>Analog MVMs spent by the wrapped preconditioner (0 for digital ones).</summary>
    public long AnalogMvms => _inner is IAnalogPreconditioner analog ? analog.AnalogMvms : 0;

    /// <summary>Energy of all reads of the wrapped preconditioner's arrays so far (see <see cref="CostModel"/>).</summary>
    public EnergyBreakdown AnalogEnergy => Arrays.Aggregate(default(EnergyBreakdown), (sum, a) => sum + a.Diagnostics.Energy);

    /// <summary>Latency of all reads of the wrapped preconditioner's arrays so far (s, arrays read one after another).</summary>
    public double AnalogLatencySeconds => Arrays.Sum(a => a.Diagnostics.LatencySeconds);

    /// <summary>Multiply–accumulates the wrapped preconditioner's arrays have performed (Σ MVMs × rows × columns).</summary>
    public double AnalogMacs => Arrays.Sum(a => (double)a.Diagnostics.Mvms * a.Rows * a.Columns);

    private IEnumerable<AnalogMatrix> Arrays => _inner is IAnalogPreconditioner analog ? analog.Arrays : [];

    /// <inheritdoc />
    public void Initialize(Matrix<double> matrix) => _inner.Initialize(matrix);

    /// <inheritdoc />
    public void Approximate(Vector<double> rhs, Vector<double> lhs)
    {
        Applications++;
        _inner.Approximate(rhs, lhs);
    }
}

/// <summary>A preconditioner applied by in-situ analog MVMs.</summary>
public interface IAnalogPreconditioner : IPreconditioner<double>
{
    /// <summary>Analog matrix–vector products performed so far.</summary>
    long AnalogMvms { get; }

    /// <summary>The crossbar arrays the preconditioner reads (empty for its digital counterpart).</summary>
    IEnumerable<AnalogMatrix> Arrays { get; }
}
