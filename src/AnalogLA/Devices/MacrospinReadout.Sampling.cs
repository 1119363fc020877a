using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AnalogLA.Numerics;

namespace AnalogLA.Devices;

/// <summary>The read-out table's sampler: many reads at once, each from two 32-bit counter values.</summary>
/// <remarks>
/// <para>Each row's distribution (cells of the Fokker–Planck grid, density uniform within a cell) is drawn with
/// Walker's alias method (Walker, "An efficient method for generating discrete random variables with general
/// distributions", ACM TOMS 3:253, 1977; the construction of Vose, IEEE TSE 17:972, 1991): the 400 cells are padded to
/// 512 slots of equal probability, slot i keeps its own cell with probability t_i and otherwise gives its alias cell,
/// so a draw costs a few table reads and no search. Draw of one read from bits b₁, b₂ at table coordinate
/// k + w (<see cref="Position"/>): u = ((b₁ ≫ 8) + ½)·2⁻²⁴; the row is k + 1 when u &lt; w (the exact row mixture),
/// and the within-cell fraction is u/w or (u − w)/(1 − w) (uniform given the row choice); slot = b₂ ≫ 23 and
/// the own cell is kept when b₂ mod 2²³ &lt; t·2²³ (t rounded to 2⁻²³), else the alias is drawn; s = s_lo + fraction·(s_hi − s_lo) of
/// that cell. The distribution drawn is exactly the tabulated one (to the rounding of t to 2⁻²³), which
/// <see cref="MeanAntiparallel"/> and <see cref="Variance"/> describe.</para>
/// </remarks>
public sealed partial class MacrospinReadout
{
    private const int Slots = 512;          // alias slots per row (a power of two ≥ Cells: the slot is b₂'s top 9 bits)
    private const int SlotShift = 23;

    private const uint CellMask = 511;      // an entry's low 9 bits: the alias cell
    private const int KeepShift = 9;        // an entry's high 23 bits: the keep threshold in units of 2⁻²³

    private readonly uint[] _entry;         // rows × Slots: (threshold · 2²³) ≪ 9 | alias cell
    private readonly float[] _faces;        // Slots × 2: s at each cell's lower face, then s_hi − s_lo (one 8-byte read per draw)

    private void BuildAliasRow(int k)
    {
        var row = _cdf.AsSpan(k * (Cells + 1), Cells + 1);
        var scaled = new double[Slots];
        for (int i = 0; i < Cells; i++)
        {
            scaled[i] = (row[i + 1] - row[i]) / row[Cells] * Slots;
        }

        // Vose: slots below one take their deficit from one above one, until every slot is full.
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (int i = Slots - 1; i >= 0; i--)
        {
            (scaled[i] < 1 ? small : large).Push(i);
        }

        var threshold = new double[Slots];
        var alias = new int[Slots];
        while (small.Count > 0 && large.Count > 0)
        {
            int less = small.Pop(), more = large.Pop();
            threshold[less] = scaled[less];
            alias[less] = more;
            scaled[more] -= 1 - scaled[less];
            (scaled[more] < 1 ? small : large).Push(more);
        }

        // What is left is full up to rounding: it keeps its own cell.
        foreach (int i in small.Concat(large))
        {
            threshold[i] = 1;
        }

        // Packed as integers: the slot keeps its cell when the low 23 bits of b₂ are below t·2²³ (an exact integer
        // compare); a slot that always keeps (t rounds to 1) is its own alias.
        for (int i = 0; i < Slots; i++)
        {
            uint keep = (uint)Math.Round(threshold[i] * (1 << SlotShift));
            uint other = (uint)alias[i];
            if (keep >= 1u << SlotShift)
            {
                keep = 0;
                other = (uint)Math.Min(i, Cells - 1);
            }

            _entry[(k * Slots) + i] = (keep << KeepShift) | other;
        }
    }

    /// <summary>
    /// The probability of each cell as the alias table draws it (for checks): Σ over slots of t/512 for the slot's
    /// own cell and (1 − t)/512 for its alias, at tabulated row <paramref name="row"/> (Δ on the table grid).
    /// </summary>
    internal double[] DrawnCellMass(int row)
    {
        var mass = new double[Cells];
        for (int i = 0; i < Slots; i++)
        {
            uint entry = _entry[(row * Slots) + i];
            double t = (entry >> KeepShift) / (double)(1 << SlotShift);
            if (i < Cells)
            {
                mass[i] += t / Slots;
            }

            mass[entry & CellMask] += (1 - t) / Slots;
        }

        return mass;
    }

    /// <summary>The table row of a Δ on the table grid (for checks).</summary>
    internal int RowOf(double thermalStability) => (int)MathF.Round(Position(thermalStability));

    /// <summary>
    /// Reads s ∈ [0, 1] of cells at table coordinates <paramref name="positions"/>, read c from the bits
    /// <paramref name="first"/>[c] and <paramref name="second"/>[c] (see remarks): reads[c] = <see cref="Read(float, uint, uint)"/>
    /// of the same arguments, bit for bit.
    /// </summary>
    public void Read(ReadOnlySpan<float> positions, ReadOnlySpan<uint> first, ReadOnlySpan<uint> second, Span<float> reads)
    {
        int n = positions.Length;
        if (first.Length < n || second.Length < n || reads.Length < n)
        {
            throw new ArgumentException($"{n} positions need as many bits in each stream and reads ({first.Length}, {second.Length}, {reads.Length}).");
        }

        int c = Avx2.IsSupported ? ReadAvx2(positions, first, second, reads) : 0;
        for (; c < n; c++)
        {
            reads[c] = Read(positions[c], first[c], second[c]);
        }
    }

    /// <summary>One read s at table coordinate <paramref name="position"/> from the bits <paramref name="first"/> and <paramref name="second"/> (see remarks).</summary>
    public float Read(float position, uint first, uint second)
    {
        int rowBase = (int)position;
        float w = position - rowBase;
        float u = CounterRandom.UniformOf(first);
        bool up = u < w;
        int row = Math.Min(rowBase + (up ? 1 : 0), _delta.Length - 1);
        float fraction = (up ? u : u - w) / (up ? w : 1 - w);
        int slot = (int)(second >> SlotShift);
        uint entry = _entry[(row * Slots) + slot];
        int cell = (second & ((1u << SlotShift) - 1)) < (entry >> KeepShift) ? slot : (int)(entry & CellMask);
        return _faces[2 * cell] + (fraction * _faces[(2 * cell) + 1]);
    }

    /// <summary>
    /// The vector path of <see cref="Read(ReadOnlySpan{float}, ReadOnlySpan{uint}, ReadOnlySpan{uint}, Span{float})"/>
    /// with AVX2 gathers (the two table reads of a draw: the packed threshold and alias, the cell's face and width); returns the cells
    /// done (a multiple of 8). Unsafe for the gathers only: <c>CellReadBenchmarks</c> measured the element-wise
    /// vector assembly it replaces at several times the cost. Every index is in range by construction: row ≤ the last
    /// row, slot &lt; 512, cell &lt; 400.
    /// </summary>
    private unsafe int ReadAvx2(ReadOnlySpan<float> positions, ReadOnlySpan<uint> first, ReadOnlySpan<uint> second, Span<float> reads)
    {
        const int Lanes = 8;
        int n = positions.Length, c = 0;
        var lastRow = Vector256.Create(_delta.Length - 1);
        var mask = Vector256.Create((1u << SlotShift) - 1);
        var order = Vector256.Create(0, 1, 4, 5, 2, 3, 6, 7);
        fixed (uint* entries = _entry)
        fixed (float* faces = _faces)
        {
            for (; c <= n - Lanes; c += Lanes)
            {
                var position = Vector256.Create(positions.Slice(c, Lanes));
                var rowBase = Vector256.ConvertToInt32(position);
                var w = position - Vector256.ConvertToSingle(rowBase);
                var u = CounterRandom.UniformOf(Vector256.Create(first.Slice(c, Lanes)));
                var up = Vector256.LessThan(u, w);
                var row = Vector256.Min(rowBase - up.AsInt32(), lastRow);
                var fraction = Vector256.ConditionalSelect(up, u, u - w) / Vector256.ConditionalSelect(up, w, Vector256<float>.One - w);
                var bits = Vector256.Create(second.Slice(c, Lanes));
                var slot = Vector256.ShiftRightLogical(bits, SlotShift).AsInt32();
                var entry = Avx2.GatherVector256((int*)entries, (row * Slots) + slot, 4).AsUInt32();
                var keep = Vector256.LessThan(bits & mask, Vector256.ShiftRightLogical(entry, KeepShift));
                var cell = Vector256.ConditionalSelect(keep.AsInt32(), slot, (entry & Vector256.Create(CellMask)).AsInt32());
                // Each (face, width) pair is one 8-byte read; gathering lanes 0, 1, 4, 5 and 2, 3, 6, 7 makes the
                // in-lane shuffles below return faces and widths in lane order.
                var lanes = Avx2.PermuteVar8x32(cell, order);
                var a = Avx2.GatherVector256((double*)faces, lanes.GetLower(), 8).AsSingle();
                var b = Avx2.GatherVector256((double*)faces, lanes.GetUpper(), 8).AsSingle();
                (Avx.Shuffle(a, b, 0b10_00_10_00) + (fraction * Avx.Shuffle(a, b, 0b11_01_11_01))).CopyTo(reads.Slice(c, Lanes));
            }
        }

        return c;
    }

    private static float[] CellFaces(double[] faceS)
    {
        var faces = new float[2 * Slots];
        for (int i = 0; i < Cells; i++)
        {
            faces[2 * i] = (float)faceS[i];
            faces[(2 * i) + 1] = (float)(faceS[i + 1] - faceS[i]);
        }

        return faces;
    }
}
