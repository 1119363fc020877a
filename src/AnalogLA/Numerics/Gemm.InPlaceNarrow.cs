using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AnalogLA.Numerics;

/// <summary>
/// The in-place product's short kernels: a group of at most four rows (no FMAs spent on repeated rows) and a last panel
/// of four or eight columns (read in place with 128- or 256-bit vectors instead of copied into a padded 16-wide panel).
/// Every element is the same chain of FMAs over K as in the other kernels, so the bits do not change.
/// </summary>
public static partial class Gemm
{
    /// <summary>Rows of the short-group kernels.</summary>
    private const int FourRows = 4;

    /// <summary>The 4 × 32 kernel: <see cref="KernelRows512"/> for a group of at most four rows (the last repeated).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelFourRows512(int kc, ref float a, int lda, int rows, ref float b, int ldb, ref float c, int ldc, bool accumulate)
    {
        ref float a0 = ref a;
        ref float a1 = ref RowOf(ref a, lda, rows, 1);
        ref float a2 = ref RowOf(ref a, lda, rows, 2);
        ref float a3 = ref RowOf(ref a, lda, rows, 3);
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
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
            bo += (nuint)ldb;
        }

        Store512(ref c, 0, c00, c01, accumulate);
        Store512(ref c, (nuint)ldc, c10, c11, accumulate);
        Store512(ref c, (nuint)(2 * ldc), c20, c21, accumulate);
        Store512(ref c, (nuint)(3 * ldc), c30, c31, accumulate);
    }

    /// <summary>The 4 × 16 kernel: <see cref="KernelRows512Single"/> for a group of at most four rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelFourRows512Single(int kc, ref float a, int lda, int rows, ref float b, int ldb, ref float c, int ldc, bool accumulate)
    {
        ref float a0 = ref a;
        ref float a1 = ref RowOf(ref a, lda, rows, 1);
        ref float a2 = ref RowOf(ref a, lda, rows, 2);
        ref float a3 = ref RowOf(ref a, lda, rows, 3);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        nuint bo = 0;
        for (nuint t = 0; t < (nuint)kc; t++)
        {
            var row = Vector512.LoadUnsafe(ref b, bo);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a0, t)), row, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a1, t)), row, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a2, t)), row, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a3, t)), row, c3);
            bo += (nuint)ldb;
        }

        Store512(ref c, 0, c0, accumulate);
        Store512(ref c, (nuint)ldc, c1, accumulate);
        Store512(ref c, (nuint)(2 * ldc), c2, accumulate);
        Store512(ref c, (nuint)(3 * ldc), c3, accumulate);
    }

    /// <summary>
    /// A panel of four columns for a group of up to six rows, B and C read and written in place: only the group's
    /// <paramref name="rows"/> rows of C are stored (the repeated rows' sums are dropped).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelRows128(int kc, ref float a, int lda, int rows, ref float b, int ldb, ref float c, int ldc, bool accumulate)
    {
        ref float a0 = ref a;
        ref float a1 = ref RowOf(ref a, lda, rows, 1);
        ref float a2 = ref RowOf(ref a, lda, rows, 2);
        ref float a3 = ref RowOf(ref a, lda, rows, 3);
        ref float a4 = ref RowOf(ref a, lda, rows, 4);
        ref float a5 = ref RowOf(ref a, lda, rows, 5);
        Vector128<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        nuint bo = 0;
        for (nuint t = 0; t < (nuint)kc; t++)
        {
            var row = Vector128.LoadUnsafe(ref b, bo);
            c0 = Vector128.FusedMultiplyAdd(Vector128.Create(Unsafe.Add(ref a0, t)), row, c0);
            c1 = Vector128.FusedMultiplyAdd(Vector128.Create(Unsafe.Add(ref a1, t)), row, c1);
            c2 = Vector128.FusedMultiplyAdd(Vector128.Create(Unsafe.Add(ref a2, t)), row, c2);
            c3 = Vector128.FusedMultiplyAdd(Vector128.Create(Unsafe.Add(ref a3, t)), row, c3);
            c4 = Vector128.FusedMultiplyAdd(Vector128.Create(Unsafe.Add(ref a4, t)), row, c4);
            c5 = Vector128.FusedMultiplyAdd(Vector128.Create(Unsafe.Add(ref a5, t)), row, c5);
            bo += (nuint)ldb;
        }

        ReadOnlySpan<Vector128<float>> sums = [c0, c1, c2, c3, c4, c5];
        for (int r = 0; r < rows; r++)
        {
            var sum = sums[r];
            nuint offset = (nuint)(r * ldc);
            (accumulate ? sum + Vector128.LoadUnsafe(ref c, offset) : sum).StoreUnsafe(ref c, offset);
        }
    }

    /// <summary>A panel of eight columns for a group of up to six rows (see <see cref="KernelRows128"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelRows256(int kc, ref float a, int lda, int rows, ref float b, int ldb, ref float c, int ldc, bool accumulate)
    {
        ref float a0 = ref a;
        ref float a1 = ref RowOf(ref a, lda, rows, 1);
        ref float a2 = ref RowOf(ref a, lda, rows, 2);
        ref float a3 = ref RowOf(ref a, lda, rows, 3);
        ref float a4 = ref RowOf(ref a, lda, rows, 4);
        ref float a5 = ref RowOf(ref a, lda, rows, 5);
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        nuint bo = 0;
        for (nuint t = 0; t < (nuint)kc; t++)
        {
            var row = Vector256.LoadUnsafe(ref b, bo);
            c0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a0, t)), row, c0);
            c1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a1, t)), row, c1);
            c2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a2, t)), row, c2);
            c3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a3, t)), row, c3);
            c4 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a4, t)), row, c4);
            c5 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a5, t)), row, c5);
            bo += (nuint)ldb;
        }

        ReadOnlySpan<Vector256<float>> sums = [c0, c1, c2, c3, c4, c5];
        for (int r = 0; r < rows; r++)
        {
            var sum = sums[r];
            nuint offset = (nuint)(r * ldc);
            (accumulate ? sum + Vector256.LoadUnsafe(ref c, offset) : sum).StoreUnsafe(ref c, offset);
        }
    }
}
