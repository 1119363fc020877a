using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AnalogLA.Numerics;

/// <summary>A·Bᵀ with a long shared dimension as blocks of dot products (no packing).</summary>
public static partial class Gemm
{
    /// <summary>
    /// Whether C = A·Bᵀ runs as dot products: both operands are contiguous along the shared dimension, so when it is
    /// long against the result (weight gradients, dy·colsᵀ over all positions of an image) packing would copy both
    /// operands to use each element a handful of times; dot products stream them once.
    /// </summary>
    private static bool UseDotProducts(int m, int n, int k, int threads) =>
        threads == 1 && k >= 4 * Math.Max(m, n) && k >= 64 && Vector256.IsHardwareAccelerated && !ForceVector128 && !ForceScalar;

    /// <summary>
    /// C[i, j] (+)= Σ_t A[i, t]·B[j, t]: 2 × 4 blocks of dot products, 8 accumulators and 6 loads per step in
    /// 256-bit registers (14 of AVX2's 16), each loaded vector of A used four times and of B twice; rows and columns
    /// left over by the block use <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
    /// The summation order depends only on the shapes.
    /// </summary>
    private static void DotProducts(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
    {
        int i = 0;
        for (; i + 2 <= m; i += 2)
        {
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                Dot2x4(k, ref MemoryMarshal.GetReference(a.Slice(i * lda)), lda, ref MemoryMarshal.GetReference(b.Slice(j * ldb)), ldb, c.Slice((i * ldc) + j), ldc, accumulate);
            }

            for (; j < n; j++)
            {
                for (int r = i; r < i + 2; r++)
                {
                    Store(ref c[(r * ldc) + j], TensorPrimitives.Dot(a.Slice(r * lda, k), b.Slice(j * ldb, k)), accumulate);
                }
            }
        }

        for (; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                Store(ref c[(i * ldc) + j], TensorPrimitives.Dot(a.Slice(i * lda, k), b.Slice(j * ldb, k)), accumulate);
            }
        }
    }

    private static void Store(ref float target, float value, bool accumulate) => target = accumulate ? target + value : value;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot2x4(int k, ref float a0, int lda, ref float b0, int ldb, Span<float> c, int ldc, bool accumulate)
    {
        ref float a1 = ref Unsafe.Add(ref a0, lda);
        ref float b1 = ref Unsafe.Add(ref b0, ldb);
        ref float b2 = ref Unsafe.Add(ref b0, 2 * ldb);
        ref float b3 = ref Unsafe.Add(ref b0, 3 * ldb);
        Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default;
        int t = 0;
        for (; t + 8 <= k; t += 8)
        {
            nuint o = (nuint)t;
            var x0 = Vector256.LoadUnsafe(ref a0, o);
            var x1 = Vector256.LoadUnsafe(ref a1, o);
            var y = Vector256.LoadUnsafe(ref b0, o);
            c00 = Vector256.FusedMultiplyAdd(x0, y, c00);
            c10 = Vector256.FusedMultiplyAdd(x1, y, c10);
            y = Vector256.LoadUnsafe(ref b1, o);
            c01 = Vector256.FusedMultiplyAdd(x0, y, c01);
            c11 = Vector256.FusedMultiplyAdd(x1, y, c11);
            y = Vector256.LoadUnsafe(ref b2, o);
            c02 = Vector256.FusedMultiplyAdd(x0, y, c02);
            c12 = Vector256.FusedMultiplyAdd(x1, y, c12);
            y = Vector256.LoadUnsafe(ref b3, o);
            c03 = Vector256.FusedMultiplyAdd(x0, y, c03);
            c13 = Vector256.FusedMultiplyAdd(x1, y, c13);
        }

        Span<float> sums = [Vector256.Sum(c00), Vector256.Sum(c01), Vector256.Sum(c02), Vector256.Sum(c03),
            Vector256.Sum(c10), Vector256.Sum(c11), Vector256.Sum(c12), Vector256.Sum(c13)];
        for (; t < k; t++)
        {
            float x0 = Unsafe.Add(ref a0, t), x1 = Unsafe.Add(ref a1, t);
            float y0 = Unsafe.Add(ref b0, t), y1 = Unsafe.Add(ref b1, t), y2 = Unsafe.Add(ref b2, t), y3 = Unsafe.Add(ref b3, t);
            sums[0] += x0 * y0; sums[1] += x0 * y1; sums[2] += x0 * y2; sums[3] += x0 * y3;
            sums[4] += x1 * y0; sums[5] += x1 * y1; sums[6] += x1 * y2; sums[7] += x1 * y3;
        }

        for (int r = 0; r < 2; r++)
        {
            for (int j = 0; j < 4; j++)
            {
                Store(ref c[(r * ldc) + j], sums[(r * 4) + j], accumulate);
            }
        }
    }
}
