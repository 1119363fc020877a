namespace AnalogLA.Crossbar;

/// <summary>How a signed weight becomes non-negative conductances.</summary>
public enum SignMapping
{
    /// <summary>
    /// Differential pair: w ∝ G⁺ − G⁻, one device of the pair at G_min. Currents are subtracted in
    /// analog before the ADC. Called "balanced" in CrossSim.
    /// </summary>
    Differential,

    /// <summary>
    /// Offset: one device per weight, G = G_min + (w/w_max + 1)/2·(G_max − G_min), and a reference line
    /// of devices at mid-window whose current is subtracted before the ADC (a reference column for
    /// forward reads and a reference row for transposed reads). Use an odd level count so that w = 0
    /// is a level.
    /// </summary>
    Offset,
}

/// <summary>
/// Bit-sliced weights: |w|/w_max is quantised to <c>Slices·BitsPerSlice</c> bits and split into
/// <see cref="Slices"/> digits of <see cref="BitsPerSlice"/> bits, each held by its own differential
/// array (devices need only 2^BitsPerSlice levels); slice currents are digitised separately and
/// recombined digitally with weights 2^(BitsPerSlice·s).
/// </summary>
/// <remarks>As in ISAAC (Shafiee et al., ISCA 2016) and CrossSim's bit-sliced cores. Slicing
/// quantises the weights by design: with ideal devices the result equals the digital product of the
/// quantised matrix.</remarks>
/// <param name="Slices">Number of slices k (1–8).</param>
/// <param name="BitsPerSlice">Bits per slice (1–12); k·bits ≤ 24.</param>
public sealed record WeightSlicing(int Slices, int BitsPerSlice);

/// <summary>Weight and input encoding options.</summary>
/// <remarks>Matrix scaling: the largest |w| of the whole matrix maps to the full conductance swing
/// G_max − G_min, so every tile shares one scale, unless <see cref="ScalePerTile"/> gives each tile its own
/// (partial sums are recombined digitally, so per-tile gains cost nothing in the analog domain).</remarks>
public sealed record MappingOptions
{
    /// <summary>Sign handling.</summary>
    public SignMapping Sign { get; init; } = SignMapping.Differential;

    /// <summary>Bit slicing of weights, or null for one device (pair) per weight.</summary>
    public WeightSlicing? Slicing { get; init; }

    /// <summary>
    /// Scale each tile by its own largest |w| (a digital gain per tile) instead of the whole matrix's; keeps
    /// resolution for matrices whose blocks differ in magnitude (inverses, sparse approximate inverses).
    /// </summary>
    public bool ScalePerTile { get; init; }

    /// <summary>
    /// Bit-serial inputs: stream the DAC's magnitude bits in chunks of this many bits through a
    /// narrower (bits + 1 with sign) DAC, one analog read per chunk, recombined digitally with
    /// weights 2^(bits·s). Null streams the whole input at once. Requires a finite-resolution DAC.
    /// </summary>
    public int? InputSliceBits { get; init; }

    /// <summary>
    /// Error-compensating programming (Song et al., "Programming memristor arrays with arbitrarily high precision for
    /// analog computing", Science 383:903, 2024): after programming, the written weights are read back
    /// (program-and-verify), and the measured error E = W − Ŵ is programmed onto a further set of arrays at its own
    /// scale max|E|, whose outputs are added digitally; repeated K times, so the error shrinks geometrically (each stage
    /// leaves the device's relative error of the previous stage's error) instead of staying at the device's error.
    /// 0 (the default) programs once. Each stage costs as many devices, reads and conversions as the first; the cost
    /// model counts them.
    /// </summary>
    public int Compensation { get; init; }

    /// <summary>
    /// Reads averaged by each verify step of <see cref="Compensation"/>: the read-back of a device carries its read noise
    /// divided by √(reads), so compensation cannot correct below the verify noise.
    /// </summary>
    public int VerifyReads { get; init; } = 16;

    /// <summary>Largest accepted <see cref="VerifyReads"/>.</summary>
    public const int MaxVerifyReads = 1 << 16;

    /// <summary>
    /// Saturation headroom: the largest |w| maps to this fraction of the full conductance swing (1: to G_max), so the
    /// devices holding the largest weights stay clear of the window's edge where clipping censors their error. In (0, 1].
    /// </summary>
    public double Headroom { get; init; } = 1;

    /// <summary>Largest <see cref="Compensation"/>.</summary>
    public const int MaxCompensation = 4;

    /// <summary>Checks parameters; the message names the offending field.</summary>
    public void Validate(string path = "Mapping")
    {
        if (Compensation < 0 || Compensation > MaxCompensation)
        {
            throw new ArgumentOutOfRangeException(path + ".Compensation", Compensation, $"{path}.Compensation must be in [0, {MaxCompensation}] (extra array sets that hold the programming error), got {Compensation}.");
        }

        if (!(Headroom > 0 && Headroom <= 1))
        {
            throw new ArgumentOutOfRangeException(path + ".Headroom", Headroom, $"{path}.Headroom must be in (0, 1] (the fraction of the conductance swing max|w| maps to), got {Headroom}.");
        }

        if (VerifyReads < 1 || VerifyReads > MaxVerifyReads)
        {
            throw new ArgumentOutOfRangeException(path + ".VerifyReads", VerifyReads, $"{path}.VerifyReads must be in [1, {MaxVerifyReads}], got {VerifyReads}.");
        }

        if (!Enum.IsDefined(Sign))
        {
            throw new ArgumentOutOfRangeException(path + ".Sign", Sign, $"{path}.Sign is not a known mapping.");
        }

        if (Slicing is { } s)
        {
            if (s.Slices < 1 || s.Slices > 8)
            {
                throw new ArgumentOutOfRangeException(path + ".Slicing.Slices", s.Slices, $"{path}.Slicing.Slices must be in [1, 8].");
            }

            if (s.BitsPerSlice < 1 || s.BitsPerSlice > 12)
            {
                throw new ArgumentOutOfRangeException(path + ".Slicing.BitsPerSlice", s.BitsPerSlice, $"{path}.Slicing.BitsPerSlice must be in [1, 12].");
            }

            if (s.Slices * s.BitsPerSlice > 24)
            {
                throw new ArgumentOutOfRangeException(path + ".Slicing", s, $"{path}.Slicing: Slices × BitsPerSlice must be ≤ 24 (got {s.Slices * s.BitsPerSlice}).");
            }

            if (Sign != SignMapping.Differential)
            {
                throw new ArgumentException($"{path}.Slicing requires Sign = Differential (each slice is a differential array).", path + ".Slicing");
            }
        }

        if (InputSliceBits is int b && (b < 1 || b > 23))
        {
            throw new ArgumentOutOfRangeException(path + ".InputSliceBits", b, $"{path}.InputSliceBits must be in [1, 23].");
        }
    }
}

/// <summary>
/// Tile geometry: a matrix larger than one array is split into blocks of at most
/// <see cref="Rows"/> matrix rows × <see cref="Columns"/> matrix columns, one physical array each.
/// </summary>
/// <param name="Rows">Matrix rows (outputs) per tile, 1–1024.</param>
/// <param name="Columns">Matrix columns (inputs) per tile, 1–1024.</param>
public sealed record TilingOptions(int Rows = 256, int Columns = 256)
{
    /// <summary>The largest supported array side.</summary>
    public const int MaxSide = 1024;

    /// <summary>Checks parameters; the message names the offending field.</summary>
    public void Validate(string path = "Tiling")
    {
        if (Rows < 1 || Rows > MaxSide)
        {
            throw new ArgumentOutOfRangeException(path + ".Rows", Rows, $"{path}.Rows must be in [1, {MaxSide}].");
        }

        if (Columns < 1 || Columns > MaxSide)
        {
            throw new ArgumentOutOfRangeException(path + ".Columns", Columns, $"{path}.Columns must be in [1, {MaxSide}].");
        }
    }
}

/// <summary>How read noise is drawn.</summary>
public enum SamplingMode
{
    /// <summary>Every device's read error drawn on every read: exact for any distribution, O(rows·cols) draws.</summary>
    Device,

    /// <summary>
    /// Column sums drawn directly: mean Σ G·v and variance Σ σ²·v², one Gaussian per output, O(rows)
    /// draws. Exact for Gaussian read noise; a central-limit approximation otherwise.
    /// </summary>
    Output,

    /// <summary>
    /// Output space where it is exact in distribution (Gaussian read noise, or none), device level where it is not
    /// (uniform or other non-Gaussian device errors); <see cref="AnalogMatrix.EffectiveSampling"/> says which was used.
    /// A <see cref="Stochastic.StochasticMatrix"/> resolves it to device level (Bayes-MTJ reads are never Gaussian).
    /// </summary>
    Auto,
}
