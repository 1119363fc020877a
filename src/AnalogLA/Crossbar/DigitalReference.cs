namespace AnalogLA.Crossbar;

/// <summary>
/// Cost of the same work on a digital processor: a roofline time (compute or memory bound) and an energy per
/// multiply–accumulate plus an energy per byte moved from memory.
/// </summary>
/// <remarks>
/// A cache-aware roofline: time = max(MACs / MAC rate, bytes / bandwidth); energy = MACs·E_MAC + bytes·E_byte,
/// where bandwidth and energy per byte are the last-level cache's when the operands fit in it
/// (<see cref="LastLevelCacheBytes"/>: a matrix applied again and again stays resident) and main memory's otherwise.
/// Dense MVM of an m×n matrix: m·n MACs and (m·n + m + n) values of <see cref="BytesPerValue"/> bytes. Sparse
/// triangular solves (ILU(0)): one MAC per stored entry and (value + 4-byte index) per entry plus three vectors.
/// Energies are 45 nm figures (Horowitz, ISSCC 2014): fp32 MAC 4.6 pJ (0.9 pJ add + 3.7 pJ multiply; a lower bound
/// for fp64), int8 MAC 0.23 pJ (0.2 pJ multiply + 0.03 pJ add), a 64-bit read of a 1 MB SRAM 100 pJ (12.5 pJ per
/// byte, taken for the last-level cache) and of DRAM 1.3–2.6 nJ. <see cref="AtInt8"/> gives the same processor at
/// matched precision for 8-bit weights, the fair comparison for an analog array whose weights hold about 8 bits.
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

    /// <summary>The precision the figures are for (fp64, int8, …), for reports.</summary>
    public string Precision { get; init; } = "fp64";

    /// <summary>Last-level cache capacity in bytes (0: no cache modelled, everything streams from memory).</summary>
    public double LastLevelCacheBytes { get; init; }

    /// <summary>Last-level cache bandwidth (bytes per second).</summary>
    public double CacheBytesPerSecond { get; init; }

    /// <summary>Energy per byte read from the last-level cache (J).</summary>
    public double CacheJoulesPerByte { get; init; }

    /// <summary>Whether <paramref name="bytes"/> of operands stay resident in the last-level cache between applications.</summary>
    public bool Resident(double bytes) => bytes <= LastLevelCacheBytes;

    /// <summary>
    /// The same processor computing with 8-bit integers: 1 byte per value, 0.23 pJ per MAC (Horowitz, ISSCC 2014),
    /// 8× the fp64 MAC rate (a 256-bit vector holds 32 bytes against 4 doubles; an assumption for SIMD int8 dot
    /// products, stated).
    /// </summary>
    public DigitalReference AtInt8() => this with
    {
        Name = Name + "-int8",
        Precision = "int8",
        BytesPerValue = 1,
        JoulesPerMac = 0.23e-12,
        MacsPerSecond = MacsPerSecond * 8,
    };

    /// <summary>
    /// A 64-core server CPU (AMD EPYC 7763 datasheet: 2.45 GHz base, two 256-bit FMA pipes → 8 double MACs per
    /// cycle per core = 1.25e12 MAC/s; 8 channels of DDR4-3200 = 204.8 GB/s; 256 MB L3); energies from Horowitz,
    /// ISSCC 2014: 4.6 pJ per fp32 MAC, DRAM 1.3–2.6 nJ per 64-bit access → 162 pJ per byte (lower end), 1 MB SRAM
    /// 100 pJ per 64-bit access → 12.5 pJ per byte for L3. L3 bandwidth 32 bytes per cycle per core (Zen 3, an
    /// assumption stated) → 5.0 TB/s.
    /// </summary>
    public static DigitalReference Cpu { get; } = new()
    {
        Name = "cpu",
        Source = "AMD EPYC 7763 datasheet (peak rate, DDR4-3200 ×8 bandwidth); Horowitz, ISSCC 2014 (energies, 45 nm)",
        MacsPerSecond = 64 * 2.45e9 * 8,
        BytesPerSecond = 204.8e9,
        JoulesPerMac = 4.6e-12,
        JoulesPerByte = 1.3e-9 / 8,
        LastLevelCacheBytes = 256.0 * (1 << 20),
        CacheBytesPerSecond = 64 * 2.45e9 * 32,
        CacheJoulesPerByte = 100e-12 / 8,
    };

    /// <summary>
    /// A data-centre GPU (NVIDIA A100 40 GB datasheet: 9.7 TFLOP/s FP64 → 4.85e12 MAC/s, HBM2 1.555 TB/s); MAC
    /// energy from Horowitz, ISSCC 2014 (4.6 pJ, 45 nm); HBM2 access about 3.9 pJ per bit (O'Connor et al., MICRO
    /// 2017) → 31 pJ per byte; 40 MB L2 at about 7 TB/s (an assumption from the A100 whitepaper's 2.3× V100) and
    /// 12.5 pJ per byte (Horowitz's 1 MB SRAM figure).
    /// </summary>
    public static DigitalReference Gpu { get; } = new()
    {
        Name = "gpu",
        Source = "NVIDIA A100 datasheet (FP64 rate, HBM2 bandwidth); Horowitz, ISSCC 2014; O'Connor et al., MICRO 2017",
        MacsPerSecond = 4.85e12,
        BytesPerSecond = 1.555e12,
        JoulesPerMac = 4.6e-12,
        JoulesPerByte = 3.9e-12 * 8,
        LastLevelCacheBytes = 40.0 * (1 << 20),
        CacheBytesPerSecond = 7e12,
        CacheJoulesPerByte = 100e-12 / 8,
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

    /// <summary>Cost of work of <paramref name="macs"/> MACs moving <paramref name="bytes"/> bytes, from the cache when they fit in it.</summary>
    public OperationCost Cost(double macs, double bytes)
    {
        bool cached = Resident(bytes);
        double perByte = cached ? CacheJoulesPerByte : JoulesPerByte, bandwidth = cached ? CacheBytesPerSecond : BytesPerSecond;
        return new(macs * JoulesPerMac + bytes * perByte, Math.Max(macs / MacsPerSecond, bytes / bandwidth));
    }

    /// <summary>One dense m×n matrix–vector product.</summary>
    public OperationCost DenseMvm(int rows, int columns) =>
        Cost((double)rows * columns, ((double)rows * columns + rows + columns) * BytesPerValue);

    /// <summary>A one-line statement of the model and its assumptions for an m×n product, for reports.</summary>
    public string Describe(int rows, int columns)
    {
        double bytes = ((double)rows * columns + rows + columns) * BytesPerValue;
        return $"{Name}: dense {rows}×{columns} {Precision} MVM, {bytes:G3} bytes {(Resident(bytes) ? "resident in the last-level cache" : "streamed from DRAM")}; "
            + $"time = max(MACs/{MacsPerSecond:G3} MAC/s, bytes/{(Resident(bytes) ? CacheBytesPerSecond : BytesPerSecond):G3} B/s); "
            + $"energy = {JoulesPerMac:G3} J/MAC + {(Resident(bytes) ? CacheJoulesPerByte : JoulesPerByte):G3} J/B; {Source}";
    }

    /// <summary>One application of sparse triangular factors with <paramref name="storedEntries"/> entries (e.g. ILU(0)) on n unknowns.</summary>
    public OperationCost SparseTriangularSolves(long storedEntries, int n) =>
        Cost(storedEntries, storedEntries * (BytesPerValue + 4.0) + 3.0 * n * BytesPerValue);
}

/// <summary>Energy (J) and time (s) of one operation.</summary>
public readonly record struct OperationCost(double Joules, double Seconds);
