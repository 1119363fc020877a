namespace AnalogLA.Crossbar;

/// <summary>
/// One group of devices whose column currents are digitised together: a differential pair of arrays,
/// an offset array with its reference lines, or one bit slice. Conductances are normalised to G_max
/// and stored row-major as the matrix block they hold (matrix row = output of a forward read).
/// </summary>
internal sealed class Plane
{
    /// <summary>Effective conductance per weight: G⁺ − G⁻ (differential) or G (offset).</summary>
    public required float[] G { get; init; }

    /// <summary>The physical device arrays (normalised, stored like <see cref="G"/>): [G⁺, G⁻] or [G]; kept only when reads solve IR drop.</summary>
    public float[][]? Devices { get; init; }

    /// <summary>Σ of the normalised conductance of every device (and reference) on each matrix column: the load of each forward input line.</summary>
    public required float[] TotalByColumn { get; init; }

    /// <summary>Σ of the normalised conductance of every device on each matrix row: the load of each transposed input line.</summary>
    public required float[] TotalByRow { get; init; }

    /// <summary>Combined read σ per weight position (√(σ⁺² + σ⁻²)); null without read noise.</summary>
    public float[]? Sigma { get; init; }

    /// <summary>Combined read variance per weight position; null without read noise.</summary>
    public float[]? Variance { get; init; }

    /// <summary>Per physical device array σ (for non-Gaussian device-level sampling, where sums of draws must be drawn per device).</summary>
    public float[][]? DeviceSigmas { get; init; }

    /// <summary>Offset mapping: reference device per matrix column (forward reads), and its read σ.</summary>
    public float[]? ReferenceForward { get; init; }

    /// <summary>Read σ of <see cref="ReferenceForward"/>.</summary>
    public float[]? ReferenceForwardSigma { get; init; }

    /// <summary>Offset mapping: reference device per matrix row (transposed reads).</summary>
    public float[]? ReferenceTransposed { get; init; }

    /// <summary>Read σ of <see cref="ReferenceTransposed"/>.</summary>
    public float[]? ReferenceTransposedSigma { get; init; }

    /// <summary>Weight units per unit of normalised current per unit of normalised input.</summary>
    public required double Scale { get; set; }

    /// <summary>The current of one full-scale weight (digit) driven at full-scale input: the unit of aihwkit-style output bounds and noise.</summary>
    public required float UnitCurrent { get; init; }

    /// <summary>Largest possible |current| of a forward read (all inputs at full scale, full swing).</summary>
    public required float MaxCurrentForward { get; init; }

    /// <summary>Largest possible |current| of a transposed read.</summary>
    public required float MaxCurrentTransposed { get; init; }

    /// <summary>
    /// The variance when every position has the same read variance (state-independent noise), else null.
    /// Output-space reads then need Σ v² instead of a product with <see cref="Variance"/>.
    /// </summary>
    public float? UniformVariance { get; init; }

    private readonly float[]?[] _packed = new float[]?[4];

    /// <summary>
    /// G (or the variance) packed in panels for the broadcast kernel (<see cref="Numerics.Gemm.PackB"/>):
    /// forward reads multiply by Gᵀ (k = columns), transposed reads by G (k = rows). Built on first use by
    /// batched reads, once per direction; costs one extra copy of the array.
    /// </summary>
    public float[] Packed(int rows, int cols, bool transposed, bool variance)
    {
        int index = (transposed ? 2 : 0) + (variance ? 1 : 0);
        var existing = Volatile.Read(ref _packed[index]);
        if (existing is not null)
        {
            return existing;
        }

        lock (_packed)
        {
            existing = _packed[index];
            if (existing is not null)
            {
                return existing;
            }

            float[] source = variance ? Variance! : G;
            float[] packed;
            if (transposed)
            {
                packed = new float[Numerics.Gemm.PackedLength(rows, cols)];
                Numerics.Gemm.PackB(rows, cols, source, cols, sourceIsTransposed: false, packed);
            }
            else
            {
                packed = new float[Numerics.Gemm.PackedLength(cols, rows)];
                Numerics.Gemm.PackB(cols, rows, source, cols, sourceIsTransposed: true, packed);
            }

            Volatile.Write(ref _packed[index], packed);
            return packed;
        }
    }

    /// <summary>ADC full-scale range, forward reads.</summary>
    public float AdcRangeForward { get; set; }

    /// <summary>ADC full-scale range, transposed reads.</summary>
    public float AdcRangeTransposed { get; set; }
}

/// <summary>One physical array: the block of the matrix it holds and its planes.</summary>
internal sealed class Tile
{
    public required int Index { get; init; }

    public required int RowStart { get; init; }

    public required int RowCount { get; init; }

    public required int ColumnStart { get; init; }

    public required int ColumnCount { get; init; }

    public required Plane[] Planes { get; init; }
}
