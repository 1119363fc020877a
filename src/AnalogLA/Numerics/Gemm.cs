using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AnalogLA.Numerics;

/// <summary>
/// Single-precision matrix products with register blocking, used for batched crossbar reads and by
/// the neural-network runtime. Row-major storage with explicit leading dimensions throughout.
/// </summary>
/// <remarks>
/// <para>Both kernels keep a small block of the result in vector registers and stream the shared
/// dimension through them (the register-blocking idea of Goto and van de Geijn, "Anatomy of
/// high-performance matrix multiplication", ACM TOMS 34(3), 2008). <see cref="MultiplyTransposedB"/>
/// computes a 4×4 block of dot products, so each loaded vector of A is used four times and each
/// vector of B four times; <see cref="Multiply"/> broadcasts four entries of A against 16 columns of
/// B held in two 256-bit registers. The caller sizes blocks so that the operands stay in cache
/// (a crossbar tile is at most 1024 wide).</para>
/// <para>Results are written (not accumulated) into C. Summation order depends only on the shapes,
/// so results are reproducible bit for bit.</para>
/// </remarks>
public static partial class Gemm
{
    /// <summary>
    /// C[i, j] = Σ_k A[i, k]·B[j, k] for i &lt; m, j &lt; n, k &lt; kLength (C = A·Bᵀ).
    /// </summary>
    public static void MultiplyTransposedB(
        int m, int n, int kLength,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc)
    {
        CheckShape(m, kLength, a, lda, nameof(a));
        CheckShape(n, kLength, b, ldb, nameof(b));
        CheckShape(m, n, c, ldc, nameof(c));

        int i = 0;
        if (Vector256.IsHardwareAccelerated && kLength >= Vector256<float>.Count)
        {
            for (; i <= m - 4; i += 4)
            {
                int j = 0;
                for (; j <= n - 4; j += 4)
                {
                    Dot4x4(kLength, a, i, lda, b, j, ldb, c, ldc);
                }

                for (; j < n; j++)
                {
                    for (int ii = i; ii < i + 4; ii++)
                    {
                        c[ii * ldc + j] = TensorPrimitives.Dot(a.Slice(ii * lda, kLength), b.Slice(j * ldb, kLength));
                    }
                }
            }
        }

        for (; i < m; i++)
        {
            ReadOnlySpan<float> ai = a.Slice(i * lda, kLength);
            for (int j = 0; j < n; j++)
            {
                c[i * ldc + j] = TensorPrimitives.Dot(ai, b.Slice(j * ldb, kLength));
            }
        }
    }

    private static void Dot4x4(
        int k, ReadOnlySpan<float> a, int i, int lda, ReadOnlySpan<float> b, int j, int ldb, Span<float> c, int ldc)
    {
        ref float a0 = ref Unsafe.AsRef(in a[i * lda]);
        ref float a1 = ref Unsafe.AsRef(in a[(i + 1) * lda]);
        ref float a2 = ref Unsafe.AsRef(in a[(i + 2) * lda]);
        ref float a3 = ref Unsafe.AsRef(in a[(i + 3) * lda]);
        ref float b0 = ref Unsafe.AsRef(in b[j * ldb]);
        ref float b1 = ref Unsafe.AsRef(in b[(j + 1) * ldb]);
        ref float b2 = ref Unsafe.AsRef(in b[(j + 2) * ldb]);
        ref float b3 = ref Unsafe.AsRef(in b[(j + 3) * ldb]);

        Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector256<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector256<float> c30 = default, c31 = default, c32 = default, c33 = default;

        int kk = 0;
        for (; kk <= k - Vector256<float>.Count; kk += Vector256<float>.Count)
        {
            nuint o = (nuint)kk;
            var vb0 = Vector256.LoadUnsafe(ref b0, o);
            var vb1 = Vector256.LoadUnsafe(ref b1, o);
            var vb2 = Vector256.LoadUnsafe(ref b2, o);
            var vb3 = Vector256.LoadUnsafe(ref b3, o);

            var va = Vector256.LoadUnsafe(ref a0, o);
            c00 = Vector256.FusedMultiplyAdd(va, vb0, c00);
            c01 = Vector256.FusedMultiplyAdd(va, vb1, c01);
            c02 = Vector256.FusedMultiplyAdd(va, vb2, c02);
            c03 = Vector256.FusedMultiplyAdd(va, vb3, c03);
            va = Vector256.LoadUnsafe(ref a1, o);
            c10 = Vector256.FusedMultiplyAdd(va, vb0, c10);
            c11 = Vector256.FusedMultiplyAdd(va, vb1, c11);
            c12 = Vector256.FusedMultiplyAdd(va, vb2, c12);
            c13 = Vector256.FusedMultiplyAdd(va, vb3, c13);
            va = Vector256.LoadUnsafe(ref a2, o);
            c20 = Vector256.FusedMultiplyAdd(va, vb0, c20);
            c21 = Vector256.FusedMultiplyAdd(va, vb1, c21);
            c22 = Vector256.FusedMultiplyAdd(va, vb2, c22);
            c23 = Vector256.FusedMultiplyAdd(va, vb3, c23);
            va = Vector256.LoadUnsafe(ref a3, o);
            c30 = Vector256.FusedMultiplyAdd(va, vb0, c30);
            c31 = Vector256.FusedMultiplyAdd(va, vb1, c31);
            c32 = Vector256.FusedMultiplyAdd(va, vb2, c32);
            c33 = Vector256.FusedMultiplyAdd(va, vb3, c33);
        }

        Span<float> block = stackalloc float[16];
        block[0] = Vector256.Sum(c00); block[1] = Vector256.Sum(c01); block[2] = Vector256.Sum(c02); block[3] = Vector256.Sum(c03);
        block[4] = Vector256.Sum(c10); block[5] = Vector256.Sum(c11); block[6] = Vector256.Sum(c12); block[7] = Vector256.Sum(c13);
        block[8] = Vector256.Sum(c20); block[9] = Vector256.Sum(c21); block[10] = Vector256.Sum(c22); block[11] = Vector256.Sum(c23);
        block[12] = Vector256.Sum(c30); block[13] = Vector256.Sum(c31); block[14] = Vector256.Sum(c32); block[15] = Vector256.Sum(c33);

        for (; kk < k; kk++)
        {
            float av0 = Unsafe.Add(ref a0, kk), av1 = Unsafe.Add(ref a1, kk), av2 = Unsafe.Add(ref a2, kk), av3 = Unsafe.Add(ref a3, kk);
            float bv0 = Unsafe.Add(ref b0, kk), bv1 = Unsafe.Add(ref b1, kk), bv2 = Unsafe.Add(ref b2, kk), bv3 = Unsafe.Add(ref b3, kk);
            block[0] += av0 * bv0; block[1] += av0 * bv1; block[2] += av0 * bv2; block[3] += av0 * bv3;
            block[4] += av1 * bv0; block[5] += av1 * bv1; block[6] += av1 * bv2; block[7] += av1 * bv3;
            block[8] += av2 * bv0; block[9] += av2 * bv1; block[10] += av2 * bv2; block[11] += av2 * bv3;
            block[12] += av3 * bv0; block[13] += av3 * bv1; block[14] += av3 * bv2; block[15] += av3 * bv3;
        }

        for (int r = 0; r < 4; r++)
        {
            block.Slice(r * 4, 4).CopyTo(c.Slice((i + r) * ldc + j, 4));
        }
    }

    /// <summary>
    /// C[i, j] = Σ_k A[i, k]·B[k, j] for i &lt; m, j &lt; n, k &lt; kLength (C = A·B).
    /// </summary>
    public static void Multiply(
        int m, int n, int kLength,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc)
    {
        CheckShape(m, kLength, a, lda, nameof(a));
        CheckShape(kLength, n, b, ldb, nameof(b));
        CheckShape(m, n, c, ldc, nameof(c));

        const int Width = 16;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= n - Width; j += Width)
            {
                int i = 0;
                for (; i <= m - 4; i += 4)
                {
                    Broadcast4x16(kLength, a, i, lda, b, j, ldb, c, ldc);
                }

                for (; i < m; i++)
                {
                    Broadcast1x16(kLength, a, i, lda, b, j, ldb, c, ldc);
                }
            }
        }

        // Remaining columns: row-wise axpy.
        if (j < n)
        {
            int width = n - j;
            for (int i = 0; i < m; i++)
            {
                Span<float> ci = c.Slice(i * ldc + j, width);
                ci.Clear();
                for (int kk = 0; kk < kLength; kk++)
                {
                    float aik = a[i * lda + kk];
                    if (aik != 0)
                    {
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(b.Slice(kk * ldb + j, width), aik, ci, ci);
                    }
                }
            }
        }
    }

    private static void Broadcast4x16(
        int k, ReadOnlySpan<float> a, int i, int lda, ReadOnlySpan<float> b, int j, int ldb, Span<float> c, int ldc)
    {
        ref float bRef = ref MemoryMarshal.GetReference(b);
        ref float aRef = ref MemoryMarshal.GetReference(a);
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        nuint bOffset = (nuint)j;
        nuint a0 = (nuint)(i * lda), a1 = a0 + (nuint)lda, a2 = a1 + (nuint)lda, a3 = a2 + (nuint)lda;
        for (int kk = 0; kk < k; kk++)
        {
            var b0 = Vector256.LoadUnsafe(ref bRef, bOffset);
            var b1 = Vector256.LoadUnsafe(ref bRef, bOffset + 8);
            var v = Vector256.Create(Unsafe.Add(ref aRef, a0 + (nuint)kk));
            c00 = Vector256.FusedMultiplyAdd(v, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(v, b1, c01);
            v = Vector256.Create(Unsafe.Add(ref aRef, a1 + (nuint)kk));
            c10 = Vector256.FusedMultiplyAdd(v, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(v, b1, c11);
            v = Vector256.Create(Unsafe.Add(ref aRef, a2 + (nuint)kk));
            c20 = Vector256.FusedMultiplyAdd(v, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(v, b1, c21);
            v = Vector256.Create(Unsafe.Add(ref aRef, a3 + (nuint)kk));
            c30 = Vector256.FusedMultiplyAdd(v, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(v, b1, c31);
            bOffset += (nuint)ldb;
        }

        ref float cRef = ref MemoryMarshal.GetReference(c);
        nuint c0 = (nuint)(i * ldc + j);
        c00.StoreUnsafe(ref cRef, c0); c01.StoreUnsafe(ref cRef, c0 + 8);
        c0 += (nuint)ldc;
        c10.StoreUnsafe(ref cRef, c0); c11.StoreUnsafe(ref cRef, c0 + 8);
        c0 += (nuint)ldc;
        c20.StoreUnsafe(ref cRef, c0); c21.StoreUnsafe(ref cRef, c0 + 8);
        c0 += (nuint)ldc;
        c30.StoreUnsafe(ref cRef, c0); c31.StoreUnsafe(ref cRef, c0 + 8);
    }

    private static void Broadcast1x16(
        int k, ReadOnlySpan<float> a, int i, int lda, ReadOnlySpan<float> b, int j, int ldb, Span<float> c, int ldc)
    {
        ref float bRef = ref MemoryMarshal.GetReference(b);
        Vector256<float> c0 = default, c1 = default;
        nuint bOffset = (nuint)j;
        for (int kk = 0; kk < k; kk++)
        {
            var v = Vector256.Create(a[i * lda + kk]);
            c0 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref bRef, bOffset), c0);
            c1 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref bRef, bOffset + 8), c1);
            bOffset += (nuint)ldb;
        }

        ref float cRef = ref MemoryMarshal.GetReference(c);
        c0.StoreUnsafe(ref cRef, (nuint)(i * ldc + j));
        c1.StoreUnsafe(ref cRef, (nuint)(i * ldc + j + 8));
    }

    private static void CheckShape(int rows, int cols, ReadOnlySpan<float> s, int ld, string name)
    {
        if (rows < 0 || cols < 0)
        {
            throw new ArgumentOutOfRangeException(name, $"{name}: dimensions must be non-negative, got {rows}×{cols}.");
        }

        if (ld < cols)
        {
            throw new ArgumentOutOfRangeException(name, $"{name}: leading dimension {ld} is smaller than the column count {cols}.");
        }

        if (rows > 0 && cols > 0 && s.Length < (rows - 1) * (long)ld + cols)
        {
            throw new ArgumentException($"{name}: span of length {s.Length} is too short for {rows}×{cols} with leading dimension {ld}.", name);
        }
    }
}
