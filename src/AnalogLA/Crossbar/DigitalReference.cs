namespace AnalogLA.Crossbar;

/// <summary>
/// Cost of the same work on a digital processor: a roofline time (compute or memory bound) and an energy per
/// multiply–accumulate plus an energy per byte moved from memory.
/// </summary>
/// <remarks>
/// time = max(MACs / MAC rate, bytes / bandwidth); energy = MACs·E_MAC + bytes·E_byte. Dense MVM of an m×n
/// matrix: m·n MACs and (m·n + m + n) values moved (the matrix streams from memory once per product, which
/// holds once it exceeds the last-level cache). Sparse triangular solves (ILU(0)): one MAC per stored entry and
/// (value + 4-byte index) per entry plus three vectors. Energies are 45 nm figures (Horowitz, ISSCC 2014) for
/// 32-bit floating point (0.9 pJ add + 3.7 pJ multiply), a lower bound for the double precision the library's
/// digital paths use.
/// </remarks>
public sealed record DigitalReference
{
    /// <summary>Name for reports.</summary>
    public string Name { get; init; } = "custom";

    /// <summary>Where the numbers come from.</summary>
    public string Source { get; init; } = "user";

    /// <summary>Peak multiply–accumulates per second.</summary>
    public double MacsPerSecond { get; init; }

    /// <summary>Memory bandwidth (bytes per second).</summary>
    public double BytesPerSecond { get; init; }

    /// <summary>Energy per multiply–accumulate (J).</summary>
    public double JoulesPerMac { get; init; }

    /// <summary>Energy per byte moved from main memory (J).</summary>
    public double JoulesPerByte { get; init; }

    /// <summary>Bytes per stored value.</summary>
    public int BytesPerValue { get; init; } = 8;

    /// <summary>
    /// A 64-core server CPU (AMD EPYC 7763 datasheet: 2.45 GHz base, two 256-bit FMA pipes → 8 double MACs per
    /// cycle per core = 1.25e12 MAC/s; 8 channels of DDR4-3200 = 204.8 GB/s); energies from Horowitz, ISSCC 2014:
    /// 4.6 pJ per fp32 MAC, DRAM 1.3–2.6 nJ per 64-bit access → 162 pJ per byte (lower end).
    /// </summary>
    public static DigitalReference Cpu { get; } = new()
    {
        Name = "cpu",
        Source = "AMD EPYC 7763 datasheet (peak rate, DDR4-3200 ×8 bandwidth); Horowitz, ISSCC 2014 (energies, 45 nm)",
        MacsPerSecond = 64 * 2.45e9 * 8,
        BytesPerSecond = 204.8e9,
        JoulesPerMac = 4.6e-12,
        JoulesPerByte = 1.3e-9 / 8,
    };

    /// <summary>
    /// A data-centre GPU (NVIDIA A100 40 GB datasheet: 9.7 TFLOP/s FP64 → 4.85e12 MAC/s, HBM2 1.555 TB/s); MAC
    /// energy from Horowitz, ISSCC 2014 (4.6 pJ, 45 nm); HBM2 access about 3.9 pJ per bit (O'Connor et al., MICRO
    /// 2017) → 31 pJ per byte.
    /// </summary>
    public static DigitalReference Gpu { get; } = new()
    {
        Name = "gpu",
        Source = "NVIDIA A100 datasheet (FP64 rate, HBM2 bandwidth); Horowitz, ISSCC 2014; O'Connor et al., MICRO 2017",
        MacsPerSecond = 4.85e12,
        BytesPerSecond = 1.555e12,
        JoulesPerMac = 4.6e-12,
        JoulesPerByte = 3.9e-12 * 8,
    };

    /// <summary>Presets by name (case-insensitive).</summary>
    public static IReadOnlyDictionary<string, DigitalReference> Presets { get; } =
        new Dictionary<string, DigitalReference>(StringComparer.OrdinalIgnoreCase) { ["cpu"] = Cpu, ["gpu"] = Gpu };

    /// <summary>Looks up a preset; the error lists the known names.</summary>
    public static DigitalReference FromPreset(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Presets.TryGetValue(name, out var model)
            ? model
            : throw new ArgumentException($"unknown digital reference '{name}'; known: {string.Join(", ", Presets.Keys)}.", nameof(name));
    }

    /// <summary>Cost of work of <paramref name="macs"/> MACs moving <paramref name="bytes"/> bytes.</summary>
    public OperationCost Cost(double macs, double bytes) => new(
        macs * JoulesPerMac + bytes * JoulesPerByte,
        Math.Max(macs / MacsPerSecond, bytes / BytesPerSecond));

    /// <summary>One dense m×n matrix–vector product.</summary>
    public OperationCost DenseMvm(int rows, int columns) =>
        Cost((double)rows * columns, ((double)rows * columns + rows + columns) * BytesPerValue);

    /// <summary>One application of sparse triangular factors with <paramref name="storedEntries"/> entries (e.g. ILU(0)) on n unknowns.</summary>
    public OperationCost SparseTriangularSolves(long storedEntries, int n) =>
        Cost(storedEntries, storedEntries * (BytesPerValue + 4.0) + 3.0 * n * BytesPerValue);
}

/// <summary>Energy (J) and time (s) of one operation.</summary>
public readonly record struct OperationCost(double Joules, double Seconds);
