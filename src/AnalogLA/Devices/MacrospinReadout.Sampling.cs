using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AnalogLA.Devices;

/// <summary>The read-out table's sampler: many reads at once, each from one 32-bit counter value.</summary>
/// <remarks>
/// <para>Each row's distribution is drawn by inversion (Devroye, "Non-Uniform Random Variate Generation", 1986,
/// ch. II.2) of its quantile function, stored at <see cref="Pieces"/> + 1 knots Q_j = F⁻¹(j/512) of the
/// Fokker–Planck CDF F (density uniform within each grid cell, so F is piecewise linear and its inverse exact) and
/// interpolated linearly between knots; the two outer knots are set so that the end pieces keep their conditional
/// means (Q_0 = 2·E[s | s &lt; Q_1] − Q_1, Q_512 = 2·E[s | s &gt; Q_511] − Q_511, clamped to the support), not at the
/// ends of the support, whose thin tails would otherwise spread 1/512 of the probability evenly. Draw of one read from bits b at table coordinate k + w
/// (<see cref="Position"/>): the piece is j = b ≫ 23; u = ((b mod 2²³) + ½)·2⁻²³; the row is k + 1 when u &lt; w (the exact
/// row mixture) and the within-piece fraction is f = u/w or (u − w)/(1 − w) (uniform given the row choice, so
/// independent of it); s = Q_j + f·(Q_j+1 − Q_j).</para>
/// <para>Departure from the Fokker–Planck distribution, stated: the drawn distribution is the linear interpolation
/// of its quantile function, not the distribution itself. Its CDF equals F at every knot and lies within 1/512 of F
/// between knots (both are monotone and agree at probabilities j/512); its mean and variance differ from the
/// Fokker–Planck ones by far less than the tests' tolerances (<c>MacrospinReadoutTests</c>). <see cref="MeanAntiparallel"/>
/// and <see cref="Variance"/> are those of the drawn distribution (knots rounded to float), so the nominal reference
/// that subtracts K·p̂ stays unbiased. The table replaced Walker alias tables over the 400 grid cells (exact to
/// 2⁻²³ but three gathers and two counter values per read): one counter value and one pair of knots per read halved
/// the cost of device-level sampling (<c>CellReadBenchmarks</c>).</para>
/// </remarks>
public sealed partial class MacrospinReadout
{
    /// <summary>Pieces of each row's quantile function (equal probability 1/512 each; the piece is b's top 9 bits).</summary>
    public const int Pieces = 512;

    private const int Knots = Pieces + 1;   // knots per row: the row stride of _knots
    private const int PieceShift = 23;
    private const uint FractionMask = (1u << PieceShift) - 1;
    private const float FractionScale = 1f / (1 << PieceShift);

    private readonly float[] _knots;        // rows × Knots: Q_j = F⁻¹(j/Pieces), j = 0…Pieces

    /// <summary>The quantile knots Q_0…Q_512 of table row <paramref name="row"/> (for checks).</summary>
    internal float[] KnotsOf(int row) => _knots.AsSpan(row * Knots, Knots).ToArray();

    /// <summary>The table row of a Δ on the table grid (for checks).</summary>
    internal int RowOf(double thermalStability) => (int)MathF.Round(Position(thermalStability));

    /// <summary>The Δ of table row <paramref name="row"/> (for checks).</summary>
    internal double ThermalStabilityOf(int row) => _delta[row];

    /// <summary>Row k's knots from its cumulative cell masses <paramref name="cdf"/> (Cells + 1 values from 0 up).</summary>
    private void BuildQuantileRow(int k, double[] cdf)
    {
        double total = cdf[Cells];
        var knot = new double[Knots];
        int c = 0;
        for (int j = 0; j <= Pieces; j++)
        {
            double target = total * j / Pieces;

            // The cell whose CDF segment holds the target: the first with cdf[c + 1] ≥ target and positive mass
            // (j = 0 lands at the lower face of the first cell with mass).
            while (c < Cells - 1 && (cdf[c + 1] < target || cdf[c + 1] == cdf[c]))
            {
                c++;
            }

            double mass = cdf[c + 1] - cdf[c];
            double fraction = mass > 0 ? Math.Clamp((target - cdf[c]) / mass, 0, 1) : 0;
            knot[j] = _faceS[c] + (fraction * (_faceS[c + 1] - _faceS[c]));
        }

        // The outer knots: the ends of the support would spread the outermost 1/512 of probability evenly over a
        // thin tail (at Δ = 60 that more than doubled the variance: 4.2e-5 against 1.8e-5); instead each end piece
        // keeps its conditional mean, Q_0 = 2·E[s | s < Q_1] − Q_1 and Q_512 = 2·E[s | s > Q_511] − Q_511, within
        // the support.
        int top = Cells;
        while (top > 1 && cdf[top] == cdf[top - 1])
        {
            top--;
        }

        double piece = total / Pieces;
        double below = PartialFirstMoment(cdf, knot[1]);
        double above = PartialFirstMoment(cdf, 1) - PartialFirstMoment(cdf, knot[Pieces - 1]);
        knot[0] = Math.Clamp((2 * below / piece) - knot[1], knot[0], knot[1]);
        knot[Pieces] = Math.Clamp((2 * above / piece) - knot[Pieces - 1], knot[Pieces - 1], _faceS[top]);
        var row = _knots.AsSpan(k * Knots, Knots);
        for (int j = 0; j <= Pieces; j++)
        {
            row[j] = (float)knot[j];
        }
    }

    /// <summary>∫₀^x s dF(s) of a row (density uniform within each cell).</summary>
    private double PartialFirstMoment(double[] cdf, double x)
    {
        double sum = 0;
        for (int c = 0; c < Cells && _faceS[c] < x; c++)
        {
            double lo = _faceS[c], hi = Math.Min(_faceS[c + 1], x), share = (hi - lo) / (_faceS[c + 1] - _faceS[c]);
            sum += (cdf[c + 1] - cdf[c]) * share * (lo + hi) / 2;
        }

        return sum;
    }

    /// <summary>E[s] and E[s²] of row k as drawn: each piece uniform between its knots a and b (mean (a + b)/2, second moment (a² + ab + b²)/3).</summary>
    private (double Mean, double Second) KnotMoments(int k)
    {
        var row = _knots.AsSpan(k * Knots, Knots);
        double m = 0, m2 = 0;
        for (int j = 0; j < Pieces; j++)
        {
            double a = row[j], b = row[j + 1];
            m += (a + b) / 2;
            m2 += ((a * a) + (a * b) + (b * b)) / 3;
        }

        return (m / Pieces, m2 / Pieces);
    }

    /// <summary>
    /// Reads s ∈ [0, 1] of cells at table coordinates <paramref name="positions"/>, read c from the bits
    /// <paramref name="bits"/>[c] (see remarks): reads[c] = <see cref="Read(float, uint)"/> of the same arguments, bit for bit.
    /// </summary>
    public void Read(ReadOnlySpan<float> positions, ReadOnlySpan<uint> bits, Span<float> reads)
    {
        int n = positions.Length;
        if (bits.Length < n || reads.Length < n)
        {
            throw new ArgumentException($"{n} positions need as many bits and reads ({bits.Length}, {reads.Length}).");
        }

        int c = Avx2.IsSupported ? ReadAvx2(positions, bits, reads) : 0;
        for (; c < n; c++)
        {
            reads[c] = Read(positions[c], bits[c]);
        }
    }

    /// <summary>One read s at table coordinate <paramref name="position"/> from the bits <paramref name="bits"/> (see remarks).</summary>
    public float Read(float position, uint bits)
    {
        int rowBase = (int)position;
        float w = position - rowBase;
        float u = ((int)(bits & FractionMask) + 0.5f) * FractionScale;
        bool up = u < w;
        int row = Math.Min(rowBase + (up ? 1 : 0), _delta.Length - 1);
        float fraction = (up ? u : u - w) / (up ? w : 1 - w);
        int index = (row * Knots) + (int)(bits >> PieceShift);
        float a = _knots[index];
        return a + (fraction * (_knots[index + 1] - a));
    }

    /// <summary>
    /// The vector path of <see cref="Read(ReadOnlySpan{float}, ReadOnlySpan{uint}, Span{float})"/> with AVX2 gathers
    /// (each lane's pair of knots Q_j, Q_j+1 is one 8-byte read); returns the cells done (a multiple of 8). Unsafe for
    /// the gathers only: <c>CellReadBenchmarks</c> measured element-wise vector assembly at several times the cost.
    /// Every index is in range by construction: row ≤ the last row, j &lt; 512, so j + 1 ≤ 512 stays in the row.
    /// </summary>
    private unsafe int ReadAvx2(ReadOnlySpan<float> positions, ReadOnlySpan<uint> bits, Span<float> reads)
    {
        const int Lanes = 8;
        int n = positions.Length, c = 0;
        var lastRow = Vector256.Create(_delta.Length - 1);
        var mask = Vector256.Create(FractionMask);
        var order = Vector256.Create(0, 1, 4, 5, 2, 3, 6, 7);
        fixed (float* knots = _knots)
        {
            for (; c <= n - Lanes; c += Lanes)
            {
                var position = Vector256.Create(positions.Slice(c, Lanes));
                var rowBase = Vector256.ConvertToInt32(position);
                var w = position - Vector256.ConvertToSingle(rowBase);
                var b = Vector256.Create(bits.Slice(c, Lanes));
                var u = (Vector256.ConvertToSingle((b & mask).AsInt32()) + Vector256.Create(0.5f)) * Vector256.Create(FractionScale);
                var up = Vector256.LessThan(u, w);
                var row = Vector256.Min(rowBase - up.AsInt32(), lastRow);
                var fraction = Vector256.ConditionalSelect(up, u, u - w) / Vector256.ConditionalSelect(up, w, Vector256<float>.One - w);
                var index = (row * Knots) + Vector256.ShiftRightLogical(b, PieceShift).AsInt32();

                // Gathering lanes 0, 1, 4, 5 and 2, 3, 6, 7 makes the in-lane shuffles below return the lower and
                // upper knots in lane order.
                var lanes = Avx2.PermuteVar8x32(index, order);
                var pairs0 = Avx2.GatherVector256((double*)knots, lanes.GetLower(), 4).AsSingle();
                var pairs1 = Avx2.GatherVector256((double*)knots, lanes.GetUpper(), 4).AsSingle();
                var lower = Avx.Shuffle(pairs0, pairs1, 0b10_00_10_00);
                var upper = Avx.Shuffle(pairs0, pairs1, 0b11_01_11_01);
                (lower + (fraction * (upper - lower))).CopyTo(reads.Slice(c, Lanes));
            }
        }

        return c;
    }
}
