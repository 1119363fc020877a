namespace AnalogLA.Numerics;

/// <summary>Large products on several threads: C split into disjoint strips, each computed by the serial product.</summary>
public static partial class Gemm
{
    /// <summary>
    /// C (+)= op(A)·op(B) on <paramref name="threads"/> threads. C is cut into one strip per thread, along its columns
    /// (whole panels of <see cref="PanelWidth"/>) when A is the smaller operand, else along its rows (whole groups of
    /// <see cref="MicroRows"/>); each thread runs the serial product on its strip, packing its own part of the larger
    /// operand and its own copy of the smaller one, and writes into C directly.
    /// </summary>
    /// <remarks>
    /// This is the outer-loop parallelisation of BLIS (Smith et al., "Anatomy of high-performance many-threaded matrix
    /// multiplication", IPDPS 2014: the j_c loop, or the i_c loop when N is short): no thread waits for another's packing
    /// and no strip is copied after the product. It replaced a scheme in which the calling thread packed every K block of
    /// both operands alone and the workers wrote private tiles that it then copied into C (0.41–0.63× OpenBLAS on two
    /// threads; see README). Each element of C is computed by the same kernel steps in the same order as on one thread,
    /// so the result does not depend on <paramref name="threads"/> (tested bit for bit). The spans are pinned and handed
    /// to the workers as pointers (a span cannot be captured by a lambda); each strip is rebuilt as a span of exactly the
    /// original's remaining length, so no access can leave the caller's memory.
    /// </remarks>
    private static unsafe void SplitProduct(Operand a, Operand b, int m, int n, int k, Span<float> c, int ldc, bool accumulate, int threads)
    {
        bool byColumns = m <= n || m < 2 * MicroRows;
        int unit = byColumns ? PanelWidth : MicroRows;
        int extent = byColumns ? n : m;
        int units = (extent + unit - 1) / unit;
        int parts = Math.Min(threads, units);
        if (parts < 2)
        {
            Product(a, b, m, n, k, c, ldc, accumulate, threads: 1);
            return;
        }

        int aLength = a.Data.Length, bLength = b.Data.Length, cLength = c.Length;
        int lda = a.Ld, ldb = b.Ld;
        bool aTransposed = a.Transposed, bTransposed = b.Transposed;
        fixed (float* aPointer = a.Data, bPointer = b.Data, cPointer = c)
        {
            nint aAddress = (nint)aPointer, bAddress = (nint)bPointer, cAddress = (nint)cPointer;
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
            {
                int first = (int)((long)units * part / parts) * unit;
                int last = Math.Min(extent, (int)((long)units * (part + 1) / parts) * unit);
                int width = last - first;

                // Offsets of the strip's first element in each stored operand: a column strip of C takes the same
                // columns of op(B) (stored columns of B, or stored rows of Bᵀ); a row strip takes rows of op(A).
                long aOffset = byColumns ? 0 : aTransposed ? first : (long)first * lda;
                long bOffset = !byColumns ? 0 : bTransposed ? (long)first * ldb : first;
                long cOffset = byColumns ? first : (long)first * ldc;
                var aStrip = new ReadOnlySpan<float>((float*)aAddress + aOffset, (int)(aLength - aOffset));
                var bStrip = new ReadOnlySpan<float>((float*)bAddress + bOffset, (int)(bLength - bOffset));
                var cStrip = new Span<float>((float*)cAddress + cOffset, (int)(cLength - cOffset));
                Product(
                    new Operand(aStrip, lda, aTransposed), new Operand(bStrip, ldb, bTransposed),
                    byColumns ? m : width, byColumns ? width : n, k, cStrip, ldc, accumulate, threads: 1);
            });
        }
    }
}
