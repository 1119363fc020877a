using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AnalogLA.Numerics;

/// <summary>Products with few rows on AVX-512: both operands read in place, nothing packed but a last partial panel.</summary>
public static partial class Gemm
{
    /// <summary>
    /// C (+)= A·B for m ≤ <see cref="DirectRows"/>, A and B row-major and not transposed, on AVX-512 (a per-image
    /// convolution: A holds the few output channels' weights, B the im2col patches). Packing A would be a transpose of
    /// m × K values for a product of only m·n·K multiply-adds, so the kernels broadcast A's values from its rows directly;
    /// B is read in place as in <see cref="ProductDirectB"/>. A group of fewer than six rows repeats its last row (never
    /// reading past A) into a scratch tile, of which only its rows are kept. Each element is the same chain of FMAs over
    /// K as in every other kernel, so the bits do not change.
    /// </summary>
    private static void ProductInPlace(Operand a, Operand b, int m, int n, int k, Span<float> c, int ldc, bool accumulate)
    {
        int blockK = Math.Min(k, BlockK);
        int groups = (m + MicroRows - 1) / MicroRows;
        int full = n / PanelWidth, width = n - (full * PanelWidth);
        float[]? edge = width > 0 && width is not (4 or 8) ? ArrayPool<float>.Shared.Rent(PanelWidth * blockK) : null;
        Span<float> scratch = stackalloc float[MicroRows * 2 * PanelWidth];
        ref float aData = ref MemoryMarshal.GetReference(a.Data);
        try
        {
            for (int pc = 0; pc < k; pc += BlockK)
            {
                int kc = Math.Min(BlockK, k - pc);
                bool add = accumulate || pc > 0;
                ref float row = ref MemoryMarshal.GetReference(b.Data.Slice(pc * b.Ld));
                for (int p = 0; p < full; p += 2)
                {
                    bool pair = p + 1 < full;
                    ref float panel = ref Unsafe.Add(ref row, p * PanelWidth);
                    for (int g = 0; g < groups; g++)
                    {
                        int rows = Math.Min(MicroRows, m - (g * MicroRows));
                        ref float group = ref Unsafe.Add(ref aData, (g * MicroRows * a.Ld) + pc);
                        var corner = c.Slice((g * MicroRows * ldc) + (p * PanelWidth));
                        RowsBlock(kc, ref group, a.Ld, rows, ref panel, b.Ld, pair ? 2 * PanelWidth : PanelWidth, corner, ldc, add, scratch);
                    }
                }

                if (width is 4 or 8)
                {
                    // A last panel of four or eight columns: read in place with 128- or 256-bit vectors, no copy, no padding.
                    ref float tail = ref Unsafe.Add(ref row, full * PanelWidth);
                    for (int g = 0; g < groups; g++)
                    {
                        int rows = Math.Min(MicroRows, m - (g * MicroRows));
                        ref float group = ref Unsafe.Add(ref aData, (g * MicroRows * a.Ld) + pc);
                        ref float corner = ref c[(g * MicroRows * ldc) + (full * PanelWidth)];
                        if (width == 4)
                        {
                            KernelRows128(kc, ref group, a.Ld, rows, ref tail, b.Ld, ref corner, ldc, add);
                        }
                        else
                        {
                            KernelRows256(kc, ref group, a.Ld, rows, ref tail, b.Ld, ref corner, ldc, add);
                        }
                    }
                }
                else if (edge is not null)
                {
                    for (int t = 0; t < kc; t++)
                    {
                        var target = edge.AsSpan(t * PanelWidth, PanelWidth);
                        b.Data.Slice(((pc + t) * b.Ld) + (full * PanelWidth), width).CopyTo(target);
                        target[width..].Clear();
                    }

                    for (int g = 0; g < groups; g++)
                    {
                        int rows = Math.Min(MicroRows, m - (g * MicroRows));
                        ref float group = ref Unsafe.Add(ref aData, (g * MicroRows * a.Ld) + pc);
                        RowsBlock(kc, ref group, a.Ld, rows, ref edge[0], PanelWidth, width, c.Slice((g * MicroRows * ldc) + (full * PanelWidth)), ldc, add, scratch);
                    }
                }
            }
        }
        finally
        {
            if (edge is not null)
            {
                ArrayPool<float>.Shared.Return(edge);
            }
        }
    }

    /// <summary>
    /// C[r, j] (+)= Σ_t A[r, t]·B[t, j] for r &lt; rows, j &lt; cols (cols ≤ 32; more than 16 runs the pair kernel),
    /// A read from its rows (leading dimension lda), straight into C for a full tile, through the scratch tile otherwise.
    /// </summary>
    private static void RowsBlock(int kc, ref float a, int lda, int rows, ref float b, int ldb, int cols, Span<float> c, int ldc, bool accumulate, Span<float> scratch)
    {
        bool pair = cols > PanelWidth;
        int tile = pair ? 2 * PanelWidth : PanelWidth;
        bool four = rows <= FourRows;     // a short last group (16 = 6 + 6 + 4 rows) skips the two repeated rows' FMAs
        bool direct = rows == (four ? FourRows : MicroRows) && cols == tile;
        ref float target = ref direct ? ref c[0] : ref scratch[0];
        int ld = direct ? ldc : tile;
        bool add = direct && accumulate;
        switch ((pair, four))
        {
            case (true, false): KernelRows512(kc, ref a, lda, rows, ref b, ldb, ref target, ld, add); break;
            case (false, false): KernelRows512Single(kc, ref a, lda, rows, ref b, ldb, ref target, ld, add); break;
            case (true, true): KernelFourRows512(kc, ref a, lda, rows, ref b, ldb, ref target, ld, add); break;
            default: KernelFourRows512Single(kc, ref a, lda, rows, ref b, ldb, ref target, ld, add); break;
        }

        if (direct)
        {
            return;
        }

        FromScratch(scratch, tile, c, ldc, rows, cols, accumulate);
    }

    /// <summary>Row r of a group of <paramref name="rows"/> rows of A, the last one repeated beyond them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float RowOf(ref float a, int lda, int rows, int r) => ref Unsafe.Add(ref a, Math.Min(r, rows - 1) * lda);

    /// <summary>The 6 × 32 AVX-512 kernel (<see cref="Kernel512"/>) with A's six values of a step broadcast from its rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelRows512(int kc, ref float a, int lda, int rows, ref float b, int ldb, ref float c, int ldc, bool accumulate)
    {
        ref float a0 = ref a;
        ref float a1 = ref RowOf(ref a, lda, rows, 1);
        ref float a2 = ref RowOf(ref a, lda, rows, 2);
        ref float a3 = ref RowOf(ref a, lda, rows, 3);
        ref float a4 = ref RowOf(ref a, lda, rows, 4);
        ref float a5 = ref RowOf(ref a, lda, rows, 5);
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        nuint bo = 0;
        for (nuint t = 0; t < (nuint)kc; t++)
        {
            var low = Vector512.LoadUnsafe(ref b, bo);
            var high = Vector512.LoadUnsafe(ref b, bo + PanelWidth);
            var v = Vector512.Create(Unsafe.Add(ref a0, t));
            c00 = Vector512.FusedMultiplyAdd(v, low, c00);
            c01 = Vector512.FusedMultiplyAdd(v, high, c01);
            v = Vector512.Create(Unsafe.Add(ref a1, t));
            c10 = Vector512.FusedMultiplyAdd(v, low, c10);
            c11 = Vector512.FusedMultiplyAdd(v, high, c11);
            v = Vector512.Create(Unsafe.Add(ref a2, t));
            c20 = Vector512.FusedMultiplyAdd(v, low, c20);
            c21 = Vector512.FusedMultiplyAdd(v, high, c21);
            v = Vector512.Create(Unsafe.Add(ref a3, t));
            c30 = Vector512.FusedMultiplyAdd(v, low, c30);
            c31 = Vector512.FusedMultiplyAdd(v, high, c31);
            v = Vector512.Create(Unsafe.Add(ref a4, t));
            c40 = Vector512.FusedMultiplyAdd(v, low, c40);
            c41 = Vector512.FusedMultiplyAdd(v, high, c41);
            v = Vector512.Create(Unsafe.Add(ref a5, t));
            c50 = Vector512.FusedMultiplyAdd(v, low, c50);
            c51 = Vector512.FusedMultiplyAdd(v, high, c51);
            bo += (nuint)ldb;
        }

        Store512(ref c, 0, c00, c01, accumulate);
        Store512(ref c, (nuint)ldc, c10, c11, accumulate);
        Store512(ref c, (nuint)(2 * ldc), c20, c21, accumulate);
        Store512(ref c, (nuint)(3 * ldc), c30, c31, accumulate);
        Store512(ref c, (nuint)(4 * ldc), c40, c41, accumulate);
        Store512(ref c, (nuint)(5 * ldc), c50, c51, accumulate);
    }

    /// <summary>The 6 × 16 AVX-512 kernel (<see cref="Kernel512Single"/>) with A read from its rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelRows512Single(int kc, ref float a, int lda, int rows, ref float b, int ldb, ref float c, int ldc, bool accumulate)
    {
        ref float a0 = ref a;
        ref float a1 = ref RowOf(ref a, lda, rows, 1);
        ref float a2 = ref RowOf(ref a, lda, rows, 2);
        ref float a3 = ref RowOf(ref a, lda, rows, 3);
        ref float a4 = ref RowOf(ref a, lda, rows, 4);
        ref float a5 = ref RowOf(ref a, lda, rows, 5);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        nuint bo = 0;
        for (nuint t = 0; t < (nuint)kc; t++)
        {
            var row = Vector512.LoadUnsafe(ref b, bo);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a0, t)), row, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a1, t)), row, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a2, t)), row, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a3, t)), row, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a4, t)), row, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a5, t)), row, c5);
            bo += (nuint)ldb;
        }

        Store512(ref c, 0, c0, accumulate);
        Store512(ref c, (nuint)ldc, c1, accumulate);
        Store512(ref c, (nuint)(2 * ldc), c2, accumulate);
        Store512(ref c, (nuint)(3 * ldc), c3, accumulate);
        Store512(ref c, (nuint)(4 * ldc), c4, accumulate);
        Store512(ref c, (nuint)(5 * ldc), c5, accumulate);
    }
}
