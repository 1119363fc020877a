namespace AnalogLA.Crossbar;

/// <summary>
/// A batch of input vectors staged once for repeated reads of one <see cref="AnalogMatrix"/>
/// (<see cref="AnalogMatrix.Prepare"/>): every <see cref="AnalogMatrix.MultiplyBatch(PreparedInputs, Span{float})"/>
/// is a fresh read of the same inputs — the same bits as <see cref="AnalogMatrix.MultiplyBatch(ReadOnlySpan{float}, int, Span{float})"/>
/// at the same read index — but the deterministic part (DAC encoding, packing, noise-free currents, read energy) is
/// computed once, so only the read noise and the conversions are paid per read. Monte Carlo inference reads the first
/// layer's inputs once per sample; this is that reuse.
/// </summary>
/// <remarks>
/// Reads that cannot share the deterministic part fall back to the full read of the stored copy: DAC input noise
/// (drawn per read), device-level sampling, IR-drop networks, iterative bound management, read-time calibration still
/// collecting vectors, or a cache beyond <see cref="MaximumCachedFloats"/>. A later <see cref="AnalogMatrix.Calibrate(ReadOnlySpan{float}, int, bool)"/>
/// re-stages on the next read. Dispose when done (it holds pooled buffers); do not dispose while a read runs.
/// </remarks>
public sealed class PreparedInputs : IDisposable
{
    /// <summary>Cached currents are kept up to this many floats (1 GiB); beyond it only the encoding is shared.</summary>
    public const long MaximumCachedFloats = 1L << 28;

    private readonly object _lock = new();
    private StagedRead? _staged;
    private long _calibrationVersion = -1;
    private bool _disposed;

    internal PreparedInputs(AnalogMatrix matrix, float[] inputs, int count, bool transposed)
    {
        Matrix = matrix;
        Inputs = inputs;
        Count = count;
        Transposed = transposed;
    }

    /// <summary>The matrix these inputs were prepared for.</summary>
    public AnalogMatrix Matrix { get; }

    /// <summary>Vectors in the batch.</summary>
    public int Count { get; }

    /// <summary>Whether the inputs drive Aᵀ.</summary>
    public bool Transposed { get; }

    internal float[] Inputs { get; }

    /// <summary>Whether the last read used the shared deterministic part (false: it fell back to a full read).</summary>
    public bool Shared { get; private set; }

    /// <summary>The staged read for the matrix's current calibration, built on first use (null: not shareable).</summary>
    internal StagedRead? Staged(ReadEngine engine, bool shareable)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long version = Matrix.Converters.Version;
            if (!shareable)
            {
                Shared = false;
                return null;
            }

            if (_staged is null || version != _calibrationVersion)
            {
                _staged?.Dispose();
                _staged = engine.Stage<float>(Inputs, Count, Transposed, 1, firstRead: null);
                engine.CacheCurrents(_staged, MaximumCachedFloats);
                _calibrationVersion = version;
            }

            Shared = true;
            return _staged;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _staged?.Dispose();
            _staged = null;
        }
    }
}
