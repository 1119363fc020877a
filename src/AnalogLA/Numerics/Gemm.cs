using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AnalogLA.Numerics;

/// <summary>
/// Single-precision matrix products, packed and cache-blocked, used by every neural-network layer and by the
/// batched crossbar reads. Row-major storage with explicit leading dimensions throughout.
/// </summary>
/// <remarks>
/// <para>The loop structure is the one of Goto and van de Geijn, "Anatomy of high-performance matrix
/// multiplication", ACM TOMS 34(3), 2008, as BLIS arranges it (Van Zee and van de Geijn, ACM TOMS 41(3), 2015):
/// columns of B in blocks of <see cref="BlockN"/>, the shared dimension in blocks of <see cref="BlockK"/> (a
/// packed K × 16 panel of B then stays in L1 and a packed <see cref="BlockM"/> × K block of A in L2), rows of A
/// in blocks of <see cref="BlockM"/>; each block of B and of A is copied once into contiguous micro-panels so the
/// 6 × 16 register kernel (<c>Gemm.Kernel.cs</c>) reads both operands sequentially. Transposed operands are handled
/// by the packing, so A·B, A·Bᵀ and Aᵀ·B run the same kernel.</para>
/// <para>Results are written into C, or added to it with <c>accumulate</c>. Summation order depends only on the
/// shapes (K blocks in order, each C element owned by one thread's strip), so results are reproducible bit for bit and
/// do not depend on <c>threads</c>.</para>
/// </remarks>
public static partial class Gemm
{
    /// <summary>Shared-dimension block: a 16-column panel of it is 16 KB, inside L1.</summary>
    public const int BlockK = 256;

    /// <summary>Rows of A per packed block (a multiple of <see cref="MicroRows"/>; 96 KB at <see cref="BlockK"/>, inside L2).</summary>
    public const int BlockM = 96;

    /// <summary>Columns of B per packed block (a multiple of <see cref="PanelWidth"/>).</summary>
    public const int BlockN = 2048;

    /// <summary>Products of at most this many rows read B in place (<see cref="ProductDirectB"/>) instead of packing it.</summary>
    private const int DirectRows = 4 * MicroRows;

    /// <summary>
    /// Whether rows of B read in place with this leading dimension fall into a few L1 sets: a row stride that is a multiple
    /// of 1 KB maps successive rows to at most 4 of a 64-set L1's sets, so a K × 32 panel pair (2 lines a row) no longer
    /// stays in L1 across the row groups (measured: 16 × 1024 × 27 ran 0.83× as fast in place as packed; 16 × 100 × 150,
    /// stride 400 B, 1.15× faster in place).
    /// </summary>
    private static bool AliasesInL1(int ld) => (ld * sizeof(float)) % 1024 == 0;

    /// <summary>Products below this many multiply-adds run on one thread whatever <c>threads</c> says.</summary>
    private const long ParallelThreshold = 1L << 20;

    /// <summary>C (+)= A·B: C[i, j] = Σ_k A[i, k]·B[k, j] for i &lt; m, j &lt; n, k &lt; kLength.</summary>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="kLength">The shared dimension.</param>
    /// <param name="a">The left operand, row-major.</param>
    /// <param name="lda">Leading dimension (row stride) of <paramref name="a"/>.</param>
    /// <param name="b">The right operand, row-major.</param>
    /// <param name="ldb">Leading dimension of <paramref name="b"/>.</param>
    /// <param name="c">The result, row-major.</param>
    /// <param name="ldc">Leading dimension of <paramref name="c"/>.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="threads">Threads to use for a large product (1: the calling thread only).</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative dimension or a leading dimension below the column count.</exception>
    /// <exception cref="ArgumentException">A span too short for its shape (the message names it).</exception>
    public static void Multiply(
        int m, int n, int kLength,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate = false, int threads = 1)
    {
        CheckShape(m, kLength, a, lda, nameof(a));
        CheckShape(kLength, n, b, ldb, nameof(b));
        CheckShape(m, n, c, ldc, nameof(c));
        Product(new Operand(a, lda, false), new Operand(b, ldb, false), m, n, kLength, c, ldc, accumulate, threads);
    }

    /// <summary>C (+)= A·Bᵀ: C[i, j] = Σ_k A[i, k]·B[j, k] (B is n × kLength).</summary>
    /// <inheritdoc cref="Multiply" path="/param"/>
    /// <inheritdoc cref="Multiply" path="/exception"/>
    public static void MultiplyTransposedB(
        int m, int n, int kLength,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate = false, int threads = 1)
    {
        CheckShape(m, kLength, a, lda, nameof(a));
        CheckShape(n, kLength, b, ldb, nameof(b));
        CheckShape(m, n, c, ldc, nameof(c));
        if (UseDotProducts(m, n, kLength, threads))
        {
            DotProducts(m, n, kLength, a, lda, b, ldb, c, ldc, accumulate);
            return;
        }

        Product(new Operand(a, lda, false), new Operand(b, ldb, true), m, n, kLength, c, ldc, accumulate, threads);
    }

    /// <summary>C (+)= Aᵀ·B: C[i, j] = Σ_k A[k, i]·B[k, j] (A is kLength × m).</summary>
    /// <inheritdoc cref="Multiply" path="/param"/>
    /// <inheritdoc cref="Multiply" path="/exception"/>
    public static void MultiplyTransposedA(
        int m, int n, int kLength,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate = false, int threads = 1)
    {
        CheckShape(kLength, m, a, lda, nameof(a));
        CheckShape(kLength, n, b, ldb, nameof(b));
        CheckShape(m, n, c, ldc, nameof(c));
        Product(new Operand(a, lda, true), new Operand(b, ldb, false), m, n, kLength, c, ldc, accumulate, threads);
    }

    /// <summary>A matrix operand: its storage, leading dimension and whether it is stored transposed.</summary>
    private readonly ref struct Operand(ReadOnlySpan<float> data, int ld, bool transposed)
    {
        public ReadOnlySpan<float> Data { get; } = data;

        public int Ld { get; } = ld;

        public bool Transposed { get; } = transposed;
    }

    private static void Product(Operand a, Operand b, int m, int n, int k, Span<float> c, int ldc, bool accumulate, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                for (int i = 0; i < m; i++)
                {
                    c.Slice(i * ldc, n).Clear();
                }
            }

            return;
        }

        if (threads > 1 && (long)m * n * k >= ParallelThreshold)
        {
            SplitProduct(a, b, m, n, k, c, ldc, accumulate, threads);
            return;
        }

        if (UsePairKernel && !a.Transposed && !b.Transposed && m <= DirectRows && !AliasesInL1(b.Ld))
        {
            ProductInPlace(a, b, m, n, k, c, ldc, accumulate);
            return;
        }

        if (!b.Transposed && (m <= MicroRows || (m <= DirectRows && !AliasesInL1(b.Ld))))
        {
            ProductDirectB(a, b, m, n, k, c, ldc, accumulate);
            return;
        }

        int widthN = Math.Min(n, BlockN);
        int panelsN = (widthN + PanelWidth - 1) / PanelWidth;
        var pool = ArrayPool<float>.Shared;
        float[] bBuffer = pool.Rent(panelsN * PanelWidth * Math.Min(k, BlockK));
        float[] aBuffer = pool.Rent(PackedALength(Math.Min(m, BlockM), Math.Min(k, BlockK)));
        Span<float> scratch = stackalloc float[MicroRows * 2 * PanelWidth];
        try
        {
            for (int jc = 0; jc < n; jc += BlockN)
            {
                int nc = Math.Min(BlockN, n - jc);
                for (int pc = 0; pc < k; pc += BlockK)
                {
                    int kc = Math.Min(BlockK, k - pc);
                    bool add = accumulate || pc > 0;
                    PackBlockB(b, pc, jc, kc, nc, bBuffer);
                    for (int ic = 0; ic < m; ic += BlockM)
                    {
                        int mc = Math.Min(BlockM, m - ic);
                        PackBlockA(a, ic, pc, mc, kc, aBuffer);
                        MacroKernel(kc, mc, nc, aBuffer, bBuffer, 0, (nc + PanelWidth - 1) / PanelWidth, c.Slice((ic * ldc) + jc), ldc, add, scratch);
                    }
                }
            }
        }
        finally
        {
            pool.Return(bBuffer);
            pool.Return(aBuffer);
        }
    }

    /// <summary>
    /// A product with few rows (m ≤ <see cref="DirectRows"/>: a per-image convolution, whose B is an im2col patch
    /// matrix): each panel of B is used by at most four row groups, so packing B would cost about as much as the
    /// product. B is read in place with its own leading dimension instead (a K × 32 pair of panels stays in L1 while the
    /// groups pass over it); only a last partial panel is copied (zero-padded) so the kernel never reads past a row.
    /// </summary>
    private static void ProductDirectB(Operand a, Operand b, int m, int n, int k, Span<float> c, int ldc, bool accumulate)
    {
        var pool = ArrayPool<float>.Shared;
        int blockK = Math.Min(k, BlockK);
        int groups = (m + MicroRows - 1) / MicroRows;
        float[] aBuffer = pool.Rent(groups * MicroRows * blockK);
        int full = n / PanelWidth, width = n - (full * PanelWidth);
        float[]? edge = width > 0 ? pool.Rent(PanelWidth * blockK) : null;
        Span<float> scratch = stackalloc float[MicroRows * 2 * PanelWidth];
        bool pairs = UsePairKernel;
        try
        {
            for (int pc = 0; pc < k; pc += BlockK)
            {
                int kc = Math.Min(BlockK, k - pc);
                bool add = accumulate || pc > 0;
                PackBlockA(a, 0, pc, m, kc, aBuffer);
                ref float packedA = ref aBuffer[0];
                ref float row = ref MemoryMarshal.GetReference(b.Data.Slice(pc * b.Ld));
                for (int p = 0; p < full; p++)
                {
                    ref float panel = ref Unsafe.Add(ref row, p * PanelWidth);
                    bool pair = pairs && p + 1 < full;
                    for (int g = 0; g < groups; g++)
                    {
                        int rows = Math.Min(MicroRows, m - (g * MicroRows));
                        ref float group = ref Unsafe.Add(ref packedA, g * MicroRows * kc);
                        var corner = c.Slice((g * MicroRows * ldc) + (p * PanelWidth));
                        if (pair && rows == MicroRows)
                        {
                            Kernel512(kc, ref group, ref panel, ref Unsafe.Add(ref panel, PanelWidth), b.Ld, ref corner[0], ldc, add);
                        }
                        else if (pair)
                        {
                            PairBlock(kc, ref group, ref panel, ref Unsafe.Add(ref panel, PanelWidth), b.Ld, corner, ldc, rows, add, scratch);
                        }
                        else
                        {
                            Block(kc, ref group, ref panel, b.Ld, corner, ldc, rows, PanelWidth, add, scratch);
                        }
                    }

                    if (pair)
                    {
                        p++;
                    }
                }

                if (edge is not null)
                {
                    for (int t = 0; t < kc; t++)
                    {
                        var source = b.Data.Slice(((pc + t) * b.Ld) + (full * PanelWidth), width);
                        var target = edge.AsSpan(t * PanelWidth, PanelWidth);
                        source.CopyTo(target);
                        target[width..].Clear();
                    }

                    for (int g = 0; g < groups; g++)
                    {
                        int rows = Math.Min(MicroRows, m - (g * MicroRows));
                        Block(kc, ref Unsafe.Add(ref packedA, g * MicroRows * kc), ref edge[0], PanelWidth, c.Slice((g * MicroRows * ldc) + (full * PanelWidth)), ldc, rows, width, add, scratch);
                    }
                }
            }
        }
        finally
        {
            pool.Return(aBuffer);
            if (edge is not null)
            {
                pool.Return(edge);
            }
        }
    }

    /// <summary>Packed A block (mc × kc) against panels [first, last) of the packed B block, into C at the block's corner.</summary>
    private static void MacroKernel(int kc, int mc, int nc, ReadOnlySpan<float> aPacked, ReadOnlySpan<float> bPacked, int first, int last, Span<float> c, int ldc, bool add, Span<float> scratch)
    {
        int groups = (mc + MicroRows - 1) / MicroRows;
        bool pairs = UsePairKernel;
        for (int p = first; p < last; p++)
        {
            int cols = Math.Min(PanelWidth, nc - (p * PanelWidth));
            ref float panel = ref MemoryMarshal.GetReference(bPacked.Slice(p * PanelWidth * kc));
            bool pair = pairs && p + 1 < last && nc - (p * PanelWidth) >= 2 * PanelWidth;
            for (int g = 0; g < groups; g++)
            {
                int rows = Math.Min(MicroRows, mc - (g * MicroRows));
                ref float group = ref MemoryMarshal.GetReference(aPacked.Slice(g * MicroRows * kc));
                var corner = c.Slice((g * MicroRows * ldc) + (p * PanelWidth));
                if (pair && rows == MicroRows)
                {
                    Kernel512(kc, ref group, ref panel, ref Unsafe.Add(ref panel, PanelWidth * kc), PanelWidth, ref corner[0], ldc, add);
                }
                else if (pair)
                {
                    PairBlock(kc, ref group, ref panel, ref Unsafe.Add(ref panel, PanelWidth * kc), PanelWidth, corner, ldc, rows, add, scratch);
                }
                else
                {
                    Block(kc, ref group, ref panel, PanelWidth, corner, ldc, rows, cols, add, scratch);
                }
            }

            if (pair)
            {
                p++;
            }
        }
    }

    /// <summary>packed[g·6·kc + t·6 + r] = op(A)[ic + 6g + r, pc + t], zero for rows beyond mc.</summary>
    /// <remarks>The operand's bounds were checked against its shape on entry, so the copies index by reference.</remarks>
    private static void PackBlockA(Operand a, int ic, int pc, int mc, int kc, Span<float> packed)
    {
        int groups = (mc + MicroRows - 1) / MicroRows;
        if (packed.Length < groups * MicroRows * kc)
        {
            throw new ArgumentException("packing buffer too short.", nameof(packed));
        }

        ref float source = ref MemoryMarshal.GetReference(a.Data);
        ref float target = ref MemoryMarshal.GetReference(packed);
        int ld = a.Ld;
        for (int g = 0; g < groups; g++)
        {
            ref float group = ref Unsafe.Add(ref target, g * MicroRows * kc);
            int rows = Math.Min(MicroRows, mc - (g * MicroRows));
            int row0 = ic + (g * MicroRows);
            if (a.Transposed)
            {
                // op(A)[i, t] = a[t, i]: the six values of a step are contiguous.
                for (int t = 0; t < kc; t++)
                {
                    ref float from = ref Unsafe.Add(ref source, ((pc + t) * ld) + row0);
                    ref float to = ref Unsafe.Add(ref group, t * MicroRows);
                    for (int r = 0; r < MicroRows; r++)
                    {
                        Unsafe.Add(ref to, r) = r < rows ? Unsafe.Add(ref from, r) : 0;
                    }
                }
            }
            else if (rows == MicroRows)
            {
                // Six rows read in step, the packed group written sequentially.
                ref float r0 = ref Unsafe.Add(ref source, (row0 * ld) + pc);
                ref float r1 = ref Unsafe.Add(ref r0, ld);
                ref float r2 = ref Unsafe.Add(ref r1, ld);
                ref float r3 = ref Unsafe.Add(ref r2, ld);
                ref float r4 = ref Unsafe.Add(ref r3, ld);
                ref float r5 = ref Unsafe.Add(ref r4, ld);
                for (int t = 0; t < kc; t++)
                {
                    ref float to = ref Unsafe.Add(ref group, t * MicroRows);
                    to = Unsafe.Add(ref r0, t);
                    Unsafe.Add(ref to, 1) = Unsafe.Add(ref r1, t);
                    Unsafe.Add(ref to, 2) = Unsafe.Add(ref r2, t);
                    Unsafe.Add(ref to, 3) = Unsafe.Add(ref r3, t);
                    Unsafe.Add(ref to, 4) = Unsafe.Add(ref r4, t);
                    Unsafe.Add(ref to, 5) = Unsafe.Add(ref r5, t);
                }
            }
            else
            {
                // The last group's missing rows: the kernel computes them and the caller drops them; zeroed so it never
                // computes on stale pool contents (denormals or NaNs there would not change C but could slow the FMAs).
                MemoryMarshal.CreateSpan(ref group, MicroRows * kc).Clear();
                ref float first = ref Unsafe.Add(ref source, (row0 * ld) + pc);
                for (int t = 0; t < kc; t++)
                {
                    ref float to = ref Unsafe.Add(ref group, t * MicroRows);
                    for (int r = 0; r < rows; r++)
                    {
                        Unsafe.Add(ref to, r) = Unsafe.Add(ref first, (r * ld) + t);
                    }
                }
            }
        }
    }

    /// <summary>packed[p·16·kc + t·16 + j] = op(B)[pc + t, jc + 16p + j], zero for columns beyond nc.</summary>
    /// <remarks>The operand's bounds were checked against its shape on entry, so the copies index by reference.</remarks>
    private static void PackBlockB(Operand b, int pc, int jc, int kc, int nc, Span<float> packed)
    {
        int panels = (nc + PanelWidth - 1) / PanelWidth;
        if (packed.Length < panels * PanelWidth * kc)
        {
            throw new ArgumentException("packing buffer too short.", nameof(packed));
        }

        ref float source = ref MemoryMarshal.GetReference(b.Data);
        ref float target = ref MemoryMarshal.GetReference(packed);
        int ld = b.Ld;
        if (!b.Transposed)
        {
            // Row by row: B is read sequentially (a panel-by-panel walk would stride by ld, one cache line and often
            // one L1 set per step) and each row is scattered into the panels.
            int full = nc / PanelWidth;
            for (int t = 0; t < kc; t++)
            {
                ref float from = ref Unsafe.Add(ref source, ((pc + t) * ld) + jc);
                ref float to = ref Unsafe.Add(ref target, t * PanelWidth);
                for (int p = 0; p < full; p++)
                {
                    ref float f = ref Unsafe.Add(ref from, p * PanelWidth);
                    ref float d = ref Unsafe.Add(ref to, p * PanelWidth * kc);
                    Vector256.LoadUnsafe(ref f).StoreUnsafe(ref d);
                    Vector256.LoadUnsafe(ref f, 8).StoreUnsafe(ref d, 8);
                }

                if (full < panels)
                {
                    int width = nc - (full * PanelWidth);
                    ref float f = ref Unsafe.Add(ref from, full * PanelWidth);
                    ref float d = ref Unsafe.Add(ref to, full * PanelWidth * kc);
                    MemoryMarshal.CreateReadOnlySpan(ref f, width).CopyTo(MemoryMarshal.CreateSpan(ref d, width));
                    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref d, width), PanelWidth - width).Clear();
                }
            }

            return;
        }

        for (int p = 0; p < panels; p++)
        {
            ref float panel = ref Unsafe.Add(ref target, p * PanelWidth * kc);
            int width = Math.Min(PanelWidth, nc - (p * PanelWidth));
            int column0 = jc + (p * PanelWidth);
            for (int j = 0; j < PanelWidth; j++)
            {
                ref float to = ref Unsafe.Add(ref panel, j);
                if (j >= width)
                {
                    for (int t = 0; t < kc; t++)
                    {
                        Unsafe.Add(ref to, t * PanelWidth) = 0;
                    }

                    continue;
                }

                ref float from = ref Unsafe.Add(ref source, ((column0 + j) * ld) + pc);
                for (int t = 0; t < kc; t++)
                {
                    Unsafe.Add(ref to, t * PanelWidth) = Unsafe.Add(ref from, t);
                }
            }
        }
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

        if (rows > 0 && cols > 0 && s.Length < ((rows - 1) * (long)ld) + cols)
        {
            throw new ArgumentException($"{name}: span of length {s.Length} is too short for {rows}×{cols} with leading dimension {ld}.", name);
        }
    }
}
