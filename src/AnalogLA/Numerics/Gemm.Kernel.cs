using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AnalogLA.Numerics;

/// <summary>The one micro-kernel every product runs: a 6 × 16 block of C held in registers.</summary>
public static partial class Gemm
{
    /// <summary>Rows of the register block (rows of A per packed group).</summary>
    public const int MicroRows = 6;

    /// <summary>Forces the 128-bit (ARM64 NEON-width) kernel on any machine, so tests reach it on x64.</summary>
    internal static bool ForceVector128 { get; set; }

    /// <summary>Forces the scalar kernel (machines without SIMD), so tests reach it.</summary>
    internal static bool ForceScalar { get; set; }

    /// <summary>
    /// C[r, j] (+)= Σ_t a[t·6 + r]·b[t·ldb + j] for r &lt; 6, j &lt; 16: one packed group of A against one panel of B
    /// (packed: ldb = 16; or read in place from a row-major B), <paramref name="kc"/> steps; written (or added with <paramref name="accumulate"/>) to C with
    /// leading dimension <paramref name="ldc"/>.
    /// </summary>
    /// <remarks>
    /// The register budget follows Goto and van de Geijn (ACM TOMS 34(3), 2008, Sec. 5) as BLIS sizes it (Low et
    /// al., ACM TOMS 43(2), 2016): with 256-bit vectors, 12 accumulators (6 rows × 2 vectors), 2 loads of B and one
    /// broadcast of A use 15 of AVX2's 16 registers; each step issues 12 independent FMAs, enough to cover
    /// the FMA latency on two ports. With 128-bit vectors (ARM64 NEON, or x64 without AVX) the kernel takes two rows
    /// per pass over the panel (8 accumulators + 4 loads + 1 broadcast, inside any 128-bit register file).
    /// </remarks>
    private static void MicroKernel(int kc, ref float a, ref float b, int ldb, ref float c, int ldc, bool accumulate)
    {
        if (ForceScalar || !Vector128.IsHardwareAccelerated)
        {
            ScalarKernel(kc, ref a, ref b, ldb, ref c, ldc, accumulate);
        }
        else if (UsePairKernel)
        {
            Kernel512Single(kc, ref a, ref b, ldb, ref c, ldc, accumulate);
        }
        else if (Vector256.IsHardwareAccelerated && !ForceVector128)
        {
            Kernel256(kc, ref a, ref b, ldb, ref c, ldc, accumulate);
        }
        else
        {
            Kernel128(kc, ref a, ref b, ldb, ref c, ldc, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(int kc, ref float a, ref float b, int ldb, ref float c, int ldc, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        nuint ao = 0, bo = 0;
        for (int t = 0; t < kc; t++)
        {
            var b0 = Vector256.LoadUnsafe(ref b, bo);
            var b1 = Vector256.LoadUnsafe(ref b, bo + 8);
            var v = Vector256.Create(Unsafe.Add(ref a, ao));
            c00 = Vector256.FusedMultiplyAdd(v, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(v, b1, c01);
            v = Vector256.Create(Unsafe.Add(ref a, ao + 1));
            c10 = Vector256.FusedMultiplyAdd(v, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(v, b1, c11);
            v = Vector256.Create(Unsafe.Add(ref a, ao + 2));
            c20 = Vector256.FusedMultiplyAdd(v, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(v, b1, c21);
            v = Vector256.Create(Unsafe.Add(ref a, ao + 3));
            c30 = Vector256.FusedMultiplyAdd(v, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(v, b1, c31);
            v = Vector256.Create(Unsafe.Add(ref a, ao + 4));
            c40 = Vector256.FusedMultiplyAdd(v, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(v, b1, c41);
            v = Vector256.Create(Unsafe.Add(ref a, ao + 5));
            c50 = Vector256.FusedMultiplyAdd(v, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(v, b1, c51);
            ao += MicroRows;
            bo += (nuint)ldb;
        }

        Store256(ref c, 0, c00, c01, accumulate);
        Store256(ref c, (nuint)ldc, c10, c11, accumulate);
        Store256(ref c, (nuint)(2 * ldc), c20, c21, accumulate);
        Store256(ref c, (nuint)(3 * ldc), c30, c31, accumulate);
        Store256(ref c, (nuint)(4 * ldc), c40, c41, accumulate);
        Store256(ref c, (nuint)(5 * ldc), c50, c51, accumulate);
    }

    /// <summary>Whether the 6 × 32 AVX-512 kernel runs pairs of adjacent panels.</summary>
    private static bool UsePairKernel => Vector512.IsHardwareAccelerated && !ForceVector128 && !ForceScalar && !ForceVector256;

    /// <summary>Forces the 256-bit kernel on an AVX-512 machine, so tests reach it.</summary>
    internal static bool ForceVector256 { get; set; }

    /// <summary>
    /// The AVX-512 kernel: C[r, j] (+)= Σ_t a[t·6 + r]·B[t, j] for j &lt; 32, columns 0–15 from packed panel
    /// <paramref name="b0"/> and 16–31 from the next panel <paramref name="b1"/>: 12 accumulators + 2 loads + 1
    /// broadcast in 512-bit registers, twice the work per step of the 256-bit kernel on the same packed data.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(int kc, ref float a, ref float b0, ref float b1, int ldb, ref float c, int ldc, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        nuint ao = 0, bo = 0;
        for (int t = 0; t < kc; t++)
        {
            var low = Vector512.LoadUnsafe(ref b0, bo);
            var high = Vector512.LoadUnsafe(ref b1, bo);
            var v = Vector512.Create(Unsafe.Add(ref a, ao));
            c00 = Vector512.FusedMultiplyAdd(v, low, c00);
            c01 = Vector512.FusedMultiplyAdd(v, high, c01);
            v = Vector512.Create(Unsafe.Add(ref a, ao + 1));
            c10 = Vector512.FusedMultiplyAdd(v, low, c10);
            c11 = Vector512.FusedMultiplyAdd(v, high, c11);
            v = Vector512.Create(Unsafe.Add(ref a, ao + 2));
            c20 = Vector512.FusedMultiplyAdd(v, low, c20);
            c21 = Vector512.FusedMultiplyAdd(v, high, c21);
            v = Vector512.Create(Unsafe.Add(ref a, ao + 3));
            c30 = Vector512.FusedMultiplyAdd(v, low, c30);
            c31 = Vector512.FusedMultiplyAdd(v, high, c31);
            v = Vector512.Create(Unsafe.Add(ref a, ao + 4));
            c40 = Vector512.FusedMultiplyAdd(v, low, c40);
            c41 = Vector512.FusedMultiplyAdd(v, high, c41);
            v = Vector512.Create(Unsafe.Add(ref a, ao + 5));
            c50 = Vector512.FusedMultiplyAdd(v, low, c50);
            c51 = Vector512.FusedMultiplyAdd(v, high, c51);
            ao += MicroRows;
            bo += (nuint)ldb;
        }

        Store512(ref c, 0, c00, c01, accumulate);
        Store512(ref c, (nuint)ldc, c10, c11, accumulate);
        Store512(ref c, (nuint)(2 * ldc), c20, c21, accumulate);
        Store512(ref c, (nuint)(3 * ldc), c30, c31, accumulate);
        Store512(ref c, (nuint)(4 * ldc), c40, c41, accumulate);
        Store512(ref c, (nuint)(5 * ldc), c50, c51, accumulate);
    }

    /// <summary>
    /// One panel on AVX-512 (a single or last partial panel, which the pair kernel cannot take): one 512-bit
    /// accumulator per row. Six independent chains keep 6 of the 8 FMAs in flight that two 512-bit FMA pipes with a
    /// 4-cycle latency hold (AMD Zen 5), 1.5× the 256-bit kernel's 16 lanes a cycle there. Each element's sum is the
    /// same chain of FMAs over t as in every other kernel, so the bits do not depend on which kernel ran.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512Single(int kc, ref float a, ref float b, int ldb, ref float c, int ldc, bool accumulate)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        nuint ao = 0, bo = 0;
        for (int t = 0; t < kc; t++)
        {
            var row = Vector512.LoadUnsafe(ref b, bo);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, ao)), row, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, ao + 1)), row, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, ao + 2)), row, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, ao + 3)), row, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, ao + 4)), row, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, ao + 5)), row, c5);
            ao += MicroRows;
            bo += (nuint)ldb;
        }

        Store512(ref c, 0, c0, accumulate);
        Store512(ref c, (nuint)ldc, c1, accumulate);
        Store512(ref c, (nuint)(2 * ldc), c2, accumulate);
        Store512(ref c, (nuint)(3 * ldc), c3, accumulate);
        Store512(ref c, (nuint)(4 * ldc), c4, accumulate);
        Store512(ref c, (nuint)(5 * ldc), c5, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(ref float c, nuint offset, Vector512<float> row, bool accumulate)
    {
        if (accumulate)
        {
            row += Vector512.LoadUnsafe(ref c, offset);
        }

        row.StoreUnsafe(ref c, offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(ref float c, nuint offset, Vector512<float> low, Vector512<float> high, bool accumulate)
    {
        if (accumulate)
        {
            low += Vector512.LoadUnsafe(ref c, offset);
            high += Vector512.LoadUnsafe(ref c, offset + 16);
        }

        low.StoreUnsafe(ref c, offset);
        high.StoreUnsafe(ref c, offset + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(ref float c, nuint offset, Vector256<float> low, Vector256<float> high, bool accumulate)
    {
        if (accumulate)
        {
            low += Vector256.LoadUnsafe(ref c, offset);
            high += Vector256.LoadUnsafe(ref c, offset + 8);
        }

        low.StoreUnsafe(ref c, offset);
        high.StoreUnsafe(ref c, offset + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel128(int kc, ref float a, ref float b, int ldb, ref float c, int ldc, bool accumulate)
    {
        // Three passes over the packed panel (it stays in L1) cover the six rows.
        for (int r = 0; r < MicroRows; r += 2)
        {
            Vector128<float> c00 = default, c01 = default, c02 = default, c03 = default;
            Vector128<float> c10 = default, c11 = default, c12 = default, c13 = default;
            nuint ao = (nuint)r, bo = 0;
            for (int t = 0; t < kc; t++)
            {
                var b0 = Vector128.LoadUnsafe(ref b, bo);
                var b1 = Vector128.LoadUnsafe(ref b, bo + 4);
                var b2 = Vector128.LoadUnsafe(ref b, bo + 8);
                var b3 = Vector128.LoadUnsafe(ref b, bo + 12);
                var v = Vector128.Create(Unsafe.Add(ref a, ao));
                c00 = Vector128.FusedMultiplyAdd(v, b0, c00);
                c01 = Vector128.FusedMultiplyAdd(v, b1, c01);
                c02 = Vector128.FusedMultiplyAdd(v, b2, c02);
                c03 = Vector128.FusedMultiplyAdd(v, b3, c03);
                v = Vector128.Create(Unsafe.Add(ref a, ao + 1));
                c10 = Vector128.FusedMultiplyAdd(v, b0, c10);
                c11 = Vector128.FusedMultiplyAdd(v, b1, c11);
                c12 = Vector128.FusedMultiplyAdd(v, b2, c12);
                c13 = Vector128.FusedMultiplyAdd(v, b3, c13);
                ao += MicroRows;
                bo += (nuint)ldb;
            }

            Store128(ref c, (nuint)(r * ldc), c00, c01, c02, c03, accumulate);
            Store128(ref c, (nuint)((r + 1) * ldc), c10, c11, c12, c13, accumulate);
        }
    }

    private static void Store128(ref float c, nuint offset, Vector128<float> v0, Vector128<float> v1, Vector128<float> v2, Vector128<float> v3, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector128.LoadUnsafe(ref c, offset);
            v1 += Vector128.LoadUnsafe(ref c, offset + 4);
            v2 += Vector128.LoadUnsafe(ref c, offset + 8);
            v3 += Vector128.LoadUnsafe(ref c, offset + 12);
        }

        v0.StoreUnsafe(ref c, offset);
        v1.StoreUnsafe(ref c, offset + 4);
        v2.StoreUnsafe(ref c, offset + 8);
        v3.StoreUnsafe(ref c, offset + 12);
    }

    private static void ScalarKernel(int kc, ref float a, ref float b, int ldb, ref float c, int ldc, bool accumulate)
    {
        for (int r = 0; r < MicroRows; r++)
        {
            for (int j = 0; j < PanelWidth; j++)
            {
                float sum = 0;
                for (int t = 0; t < kc; t++)
                {
                    sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref a, (t * MicroRows) + r), Unsafe.Add(ref b, (t * ldb) + j), sum);
                }

                ref float target = ref Unsafe.Add(ref c, (r * ldc) + j);
                target = accumulate ? target + sum : sum;
            }
        }
    }

    /// <summary>
    /// Runs the micro-kernel on one group × panel and writes the valid <paramref name="rows"/> × <paramref name="cols"/>
    /// corner into C; a partial block goes through a 6 × 16 scratch tile so the kernel never writes past C.
    /// </summary>
    private static void Block(int kc, ref float a, ref float b, int ldb, Span<float> c, int ldc, int rows, int cols, bool accumulate, Span<float> scratch)
    {
        if (rows == MicroRows && cols == PanelWidth)
        {
            MicroKernel(kc, ref a, ref b, ldb, ref c[0], ldc, accumulate);
            return;
        }

        MicroKernel(kc, ref a, ref b, ldb, ref scratch[0], PanelWidth, accumulate: false);
        FromScratch(scratch, PanelWidth, c, ldc, rows, cols, accumulate);
    }

    /// <summary>
    /// Two adjacent packed panels against a group of fewer than six rows (the last group of A) on AVX-512: the pair
    /// kernel writes a 6 × 32 scratch tile (the packed group is zero beyond its rows) and the rows that exist are
    /// copied or added into C, so an edge group runs at the pair kernel's speed instead of two single panels'.
    /// </summary>
    private static void PairBlock(int kc, ref float a, ref float b0, ref float b1, int ldb, Span<float> c, int ldc, int rows, bool accumulate, Span<float> scratch)
    {
        const int Width = 2 * PanelWidth;
        Kernel512(kc, ref a, ref b0, ref b1, ldb, ref scratch[0], Width, accumulate: false);
        FromScratch(scratch, Width, c, ldc, rows, Width, accumulate);
    }

    /// <summary>Copies (or adds) the first rows × cols of a scratch tile with row stride <paramref name="tile"/> into C.</summary>
    private static void FromScratch(ReadOnlySpan<float> scratch, int tile, Span<float> c, int ldc, int rows, int cols, bool accumulate)
    {
        for (int r = 0; r < rows; r++)
        {
            var source = scratch.Slice(r * tile, cols);
            var target = c.Slice(r * ldc, cols);
            if (accumulate)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(target, source, target);
            }
            else
            {
                source.CopyTo(target);
            }
        }
    }
}
