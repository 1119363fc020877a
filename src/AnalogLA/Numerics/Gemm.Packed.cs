using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AnalogLA.Numerics;

/// <summary>Packed operands and the broadcast micro-kernel used for batched crossbar reads.</summary>
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

        if (!Vector256.IsHardwareAccelerated)
        {
            MultiplyPackedScalar(m, n, kLength, a, lda, packedB, firstPanel, c, ldc);
            return;
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
    public static int PackedALength(int m, int k) => ((m + 3) / 4) * 4 * k;

    /// <summary>
    /// Packs A (m × k) four rows at a time, interleaved: packed[g·4k + t·4 + r] = A[4g + r, t] (zero rows
    /// beyond m), so the broadcast kernel reads A sequentially.
    /// </summary>
    public static void PackA(int m, int k, ReadOnlySpan<float> a, int lda, Span<float> packed)
    {
        CheckShape(m, k, a, lda, nameof(a));
        int groups = (m + 3) / 4;
        if (packed.Length < groups * 4 * k)
        {
            throw new ArgumentException($"packed buffer needs {groups * 4 * k} values, has {packed.Length}.", nameof(packed));
        }

        for (int g = 0; g < groups; g++)
        {
            Span<float> group = packed.Slice(g * 4 * k, 4 * k);
            for (int r = 0; r < 4; r++)
            {
                int row = g * 4 + r;
                if (row < m)
                {
                    ReadOnlySpan<float> source = a.Slice(row * lda, k);
                    for (int t = 0; t < k; t++)
                    {
                        group[t * 4 + r] = source[t];
                    }
                }
                else
                {
                    for (int t = 0; t < k; t++)
                    {
                        group[t * 4 + r] = 0;
                    }
                }
            }
        }
    }

    /// <summary>
    /// C = A·B with A packed by <see cref="PackA"/> and B by <see cref="PackB"/>. Panels are the outer loop,
    /// so each 16-column panel of B stays in L1 while every group of A streams past it (B traffic per
    /// step is four times A's).
    /// </summary>
    public static void MultiplyPrepacked(
        int m, int n, int kLength,
        ReadOnlySpan<float> aPacked,
        ReadOnlySpan<float> packedB, int firstPanel,
        Span<float> c, int ldc)
    {
        CheckShape(m, n, c, ldc, nameof(c));
        int groups = (m + 3) / 4;
        int panels = (n + PanelWidth - 1) / PanelWidth;
        if (aPacked.Length < groups * 4 * kLength || packedB.Length < (firstPanel + panels) * PanelWidth * kLength)
        {
            throw new ArgumentException("packed operands are shorter than the shapes require.");
        }

        Span<float> block = stackalloc float[4 * PanelWidth];
        for (int p = 0; p < panels; p++)
        {
            int width = Math.Min(PanelWidth, n - p * PanelWidth);
            ReadOnlySpan<float> panel = packedB.Slice((firstPanel + p) * PanelWidth * kLength, PanelWidth * kLength);
            for (int g = 0; g < groups; g++)
            {
                int i = g * 4;
                int rows = Math.Min(4, m - i);
                ReadOnlySpan<float> group = aPacked.Slice(g * 4 * kLength, 4 * kLength);
                if (rows == 4 && width == PanelWidth)
                {
                    PackedKernel(kLength, group, panel, c.Slice(i * ldc + p * PanelWidth), ldc);
                }
                else
                {
                    PackedKernel(kLength, group, panel, block, PanelWidth);
                    for (int r = 0; r < rows; r++)
                    {
                        block.Slice(r * PanelWidth, width).CopyTo(c.Slice((i + r) * ldc + p * PanelWidth, width));
                    }
                }
            }
        }
    }

    private static void PackedKernel(int k, ReadOnlySpan<float> aPacked, ReadOnlySpan<float> panel, Span<float> c, int ldc)
    {
        ref float aRef = ref MemoryMarshal.GetReference(aPacked);
        ref float bRef = ref MemoryMarshal.GetReference(panel);
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        nuint ao = 0, bo = 0;
        for (int t = 0; t < k; t++)
        {
            var b0 = Vector256.LoadUnsafe(ref bRef, bo);
            var b1 = Vector256.LoadUnsafe(ref bRef, bo + 8);
            var v = Vector256.Create(Unsafe.Add(ref aRef, ao));
            c00 = Vector256.FusedMultiplyAdd(v, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(v, b1, c01);
            v = Vector256.Create(Unsafe.Add(ref aRef, ao + 1));
            c10 = Vector256.FusedMultiplyAdd(v, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(v, b1, c11);
            v = Vector256.Create(Unsafe.Add(ref aRef, ao + 2));
            c20 = Vector256.FusedMultiplyAdd(v, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(v, b1, c21);
            v = Vector256.Create(Unsafe.Add(ref aRef, ao + 3));
            c30 = Vector256.FusedMultiplyAdd(v, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(v, b1, c31);
            ao += 4;
            bo += PanelWidth;
        }

        ref float cRef = ref MemoryMarshal.GetReference(c);
        nuint co = 0;
        c00.StoreUnsafe(ref cRef, co); c01.StoreUnsafe(ref cRef, co + 8);
        co += (nuint)ldc;
        c10.StoreUnsafe(ref cRef, co); c11.StoreUnsafe(ref cRef, co + 8);
        co += (nuint)ldc;
        c20.StoreUnsafe(ref cRef, co); c21.StoreUnsafe(ref cRef, co + 8);
        co += (nuint)ldc;
        c30.StoreUnsafe(ref cRef, co); c31.StoreUnsafe(ref cRef, co + 8);
    }

    private static void MultiplyPackedScalar(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> packedB, int firstPanel, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                int p = firstPanel + j / PanelWidth, jj = j % PanelWidth;
                float acc = 0;
                for (int t = 0; t < k; t++)
                {
                    acc += a[i * lda + t] * packedB[(p * k + t) * PanelWidth + jj];
                }

                c[i * ldc + j] = acc;
            }
        }
    }
}
