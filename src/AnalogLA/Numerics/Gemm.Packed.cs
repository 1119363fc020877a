using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AnalogLA.Numerics;

/// <summary>Operands packed once and multiplied many times: the batched crossbar reads (a plane is packed at programming).</summary>
public static partial class Gemm
{
    /// <summary>Columns per packed panel of B.</summary>
    public const int PanelWidth = 16;

    /// <summary>Floats needed to hold B (k × n) packed in panels.</summary>
    public static int PackedLength(int k, int n) => ((n + PanelWidth - 1) / PanelWidth) * PanelWidth * k;

    /// <summary>
    /// Packs B (k × n) into panels of <see cref="PanelWidth"/> columns, each stored k-major and contiguous
    /// (packed[p·k·16 + t·16 + j] = B[t, 16p + j], zero beyond n). With <paramref name="sourceIsTransposed"/>
    /// the source holds Bᵀ (n × k, row-major, leading dimension <paramref name="ldSource"/>).
    /// </summary>
    /// <remarks>Packing makes every load of the broadcast kernel sequential (Goto and van de Geijn 2008,
    /// Sec. 4); a crossbar plane is packed once and read many times.</remarks>
    public static void PackB(int k, int n, ReadOnlySpan<float> source, int ldSource, bool sourceIsTransposed, Span<float> packed)
    {
        int panels = (n + PanelWidth - 1) / PanelWidth;
        if (packed.Length < panels * PanelWidth * k)
        {
            throw new ArgumentException($"packed buffer needs {panels * PanelWidth * k} values, has {packed.Length}.", nameof(packed));
        }

        packed[..(panels * PanelWidth * k)].Clear();
        for (int p = 0; p < panels; p++)
        {
            Span<float> panel = packed.Slice(p * PanelWidth * k, PanelWidth * k);
            int width = Math.Min(PanelWidth, n - p * PanelWidth);
            for (int j = 0; j < width; j++)
            {
                int column = p * PanelWidth + j;
                for (int t = 0; t < k; t++)
                {
                    panel[t * PanelWidth + j] = sourceIsTransposed ? source[column * ldSource + t] : source[t * ldSource + column];
                }
            }
        }
    }

    /// <summary>
    /// C[i, j] = Σ_t A[i, t]·B[t, j] with B given packed by <see cref="PackB"/>; <paramref name="firstPanel"/>
    /// selects the panel of column 0 (so a caller can multiply by a column range of a packed matrix;
    /// <paramref name="n"/> columns from there).
    /// </summary>
    public static void MultiplyPacked(
        int m, int n, int kLength,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> packedB, int firstPanel,
        Span<float> c, int ldc)
    {
        CheckShape(m, kLength, a, lda, nameof(a));
        CheckShape(m, n, c, ldc, nameof(c));
        int panels = (n + PanelWidth - 1) / PanelWidth;
        if (packedB.Length < (firstPanel + panels) * PanelWidth * kLength)
        {
            throw new ArgumentException("packed B is shorter than the panels requested.", nameof(packedB));
        }

        var pool = System.Buffers.ArrayPool<float>.Shared;
        float[] aPacked = pool.Rent(PackedALength(m, kLength));
        try
        {
            PackA(m, kLength, a, lda, aPacked);
            MultiplyPrepacked(m, n, kLength, aPacked, packedB, firstPanel, c, ldc);
        }
        finally
        {
            pool.Return(aPacked);
        }
    }

    /// <summary>Floats needed to hold A (m × k) packed by <see cref="PackA"/>.</summary>
    public static int PackedALength(int m, int k) => ((m + MicroRows - 1) / MicroRows) * MicroRows * k;

    /// <summary>
    /// Packs A (m × k) <see cref="MicroRows"/> rows at a time, interleaved: packed[g·6k + t·6 + r] = A[6g + r, t]
    /// (zero rows beyond m), so the micro-kernel reads A sequentially.
    /// </summary>
    public static void PackA(int m, int k, ReadOnlySpan<float> a, int lda, Span<float> packed)
    {
        CheckShape(m, k, a, lda, nameof(a));
        if (packed.Length < PackedALength(m, k))
        {
            throw new ArgumentException($"packed buffer needs {PackedALength(m, k)} values, has {packed.Length}.", nameof(packed));
        }

        PackBlockA(new Operand(a, lda, false), 0, 0, m, k, packed);
    }

    /// <summary>
    /// C = A·B with A packed by <see cref="PackA"/> and B by <see cref="PackB"/>; the shared dimension is taken in
    /// blocks of <see cref="BlockK"/> (a block of a packed panel is contiguous), panels are the outer loop, so each
    /// block of a 16-column panel stays in L1 while every group of A streams past it.
    /// </summary>
    public static void MultiplyPrepacked(
        int m, int n, int kLength,
        ReadOnlySpan<float> aPacked,
        ReadOnlySpan<float> packedB, int firstPanel,
        Span<float> c, int ldc)
    {
        CheckShape(m, n, c, ldc, nameof(c));
        int groups = (m + MicroRows - 1) / MicroRows;
        int panels = (n + PanelWidth - 1) / PanelWidth;
        if (aPacked.Length < groups * MicroRows * kLength || packedB.Length < (firstPanel + panels) * PanelWidth * kLength)
        {
            throw new ArgumentException("packed operands are shorter than the shapes require.");
        }

        if (kLength == 0)
        {
            for (int i = 0; i < m; i++)
            {
                c.Slice(i * ldc, n).Clear();
            }

            return;
        }

        Span<float> scratch = stackalloc float[MicroRows * 2 * PanelWidth];
        for (int pc = 0; pc < kLength; pc += BlockK)
        {
            int kc = Math.Min(BlockK, kLength - pc);
            for (int p = 0; p < panels; p++)
            {
                int cols = Math.Min(PanelWidth, n - (p * PanelWidth));
                ref float panel = ref MemoryMarshal.GetReference(packedB.Slice(((firstPanel + p) * PanelWidth * kLength) + (pc * PanelWidth)));
                for (int g = 0; g < groups; g++)
                {
                    int rows = Math.Min(MicroRows, m - (g * MicroRows));
                    ref float group = ref MemoryMarshal.GetReference(aPacked.Slice((g * MicroRows * kLength) + (pc * MicroRows)));
                    Block(kc, ref group, ref panel, PanelWidth, c.Slice((g * MicroRows * ldc) + (p * PanelWidth)), ldc, rows, cols, pc > 0, scratch);
                }
            }
        }
    }
}
