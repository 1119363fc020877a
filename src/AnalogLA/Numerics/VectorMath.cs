using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AnalogLA.Numerics;

/// <summary>
/// Single-precision natural logarithm and sin/cos of 2πu on 256-bit vectors, for the Box–Muller
/// transform. Accurate to a few float ulps on the inputs Box–Muller needs (u ∈ (0, 1)).
/// </summary>
/// <remarks>
/// <para>Log: x = m·2^e with m ∈ [√½, √2); f = m − 1; ln x = f − f²/2 + f³·P(f) + e·ln 2, with ln 2
/// split as 0.693359375 − 2.12194440e−4 for exactness, and P the degree-8 minimax polynomial of the
/// Cephes single-precision library (S. L. Moshier, "Methods and Programs for Mathematical Functions",
/// 1989; coefficients as published in Cephes <c>logf</c>).</para>
/// <para>sin/cos(2πu): u is reduced to r = u − k/4 with k = round(4u), so φ = 2πr ∈ [−π/4, π/4]; sin φ and
/// cos φ come from their Taylor series to degree 11 and 10 (truncation error below 2e−10), and the
/// quadrant k rotates the pair: (sin, cos)(φ + kπ/2).</para>
/// <para><c>TensorPrimitives.Log/Sin/Cos</c> were measured at 13–28 ns per float on the project's
/// 2-core AVX2 machine (not vectorised for this case), against about 1 ns here; device-level noise
/// draws millions of normals per product, so this is the hot loop.</para>
/// </remarks>
internal static class VectorMath
{
    private const float Sqrt1Over2 = 0.707106781186547524f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log(Vector256<float> x)
    {
        var bits = x.AsInt32();
        var exponent = Vector256.ShiftRightArithmetic(bits, 23) - Vector256.Create(126);
        // Mantissa in [0.5, 1).
        var m = ((bits & Vector256.Create(0x007fffff)) | Vector256.Create(0x3f000000)).AsSingle();
        var e = Vector256.ConvertToSingle(exponent);
        var small = Vector256.LessThan(m, Vector256.Create(Sqrt1Over2));
        // m < √½: f = 2m − 1, e − 1; else f = m − 1.
        var f = Vector256.ConditionalSelect(small, m + m, m) - Vector256<float>.One;
        e = Vector256.ConditionalSelect(small, e - Vector256<float>.One, e);

        var z = f * f;
        var p = Vector256.Create(7.0376836292E-2f);
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(-1.1514610310E-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(1.1676998740E-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(-1.2420140846E-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(1.4249322787E-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(-1.6668057665E-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(2.0000714765E-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(-2.4999993993E-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(3.3333331174E-1f));
        var y = p * f * z;
        y = Vector256.FusedMultiplyAdd(e, Vector256.Create(-2.12194440e-4f), y);
        y = Vector256.FusedMultiplyAdd(z, Vector256.Create(-0.5f), y);
        var result = f + y;
        return Vector256.FusedMultiplyAdd(e, Vector256.Create(0.693359375f), result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCosTwoPi(Vector256<float> u, out Vector256<float> sin, out Vector256<float> cos)
    {
        var k = Vector256.Round(u * Vector256.Create(4f));
        var r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-0.25f), u);
        var phi = r * Vector256.Create(2f * MathF.PI);
        var p2 = phi * phi;

        // sin φ = φ(1 − φ²/3! + φ⁴/5! − φ⁶/7! + φ⁸/9! − φ¹⁰/11!)
        var s = Vector256.Create(-1f / 39916800f);
        s = Vector256.FusedMultiplyAdd(s, p2, Vector256.Create(1f / 362880f));
        s = Vector256.FusedMultiplyAdd(s, p2, Vector256.Create(-1f / 5040f));
        s = Vector256.FusedMultiplyAdd(s, p2, Vector256.Create(1f / 120f));
        s = Vector256.FusedMultiplyAdd(s, p2, Vector256.Create(-1f / 6f));
        s = Vector256.FusedMultiplyAdd(s * p2, phi, phi);

        // cos φ = 1 − φ²/2! + φ⁴/4! − φ⁶/6! + φ⁸/8! − φ¹⁰/10!
        var c = Vector256.Create(-1f / 3628800f);
        c = Vector256.FusedMultiplyAdd(c, p2, Vector256.Create(1f / 40320f));
        c = Vector256.FusedMultiplyAdd(c, p2, Vector256.Create(-1f / 720f));
        c = Vector256.FusedMultiplyAdd(c, p2, Vector256.Create(1f / 24f));
        c = Vector256.FusedMultiplyAdd(c, p2, Vector256.Create(-0.5f));
        c = Vector256.FusedMultiplyAdd(c, p2, Vector256<float>.One);

        // Rotate by k quarter turns: odd k swaps sin and cos; k ≡ 2, 3 (mod 4) negates sin, k ≡ 1, 2 negates cos.
        var q = Vector256.ConvertToInt32(k) & Vector256.Create(3);
        var odd = Vector256.Equals(q & Vector256<int>.One, Vector256<int>.One).AsSingle();
        var sinBase = Vector256.ConditionalSelect(odd, c, s);
        var cosBase = Vector256.ConditionalSelect(odd, s, c);
        var negateSin = Vector256.GreaterThan(q, Vector256<int>.One);
        var negateCos = Vector256.GreaterThan(q, Vector256<int>.Zero) & Vector256.LessThan(q, Vector256.Create(3));
        var signBit = Vector256.Create(-0f);
        sin = sinBase ^ (negateSin.AsSingle() & signBit);
        cos = cosBase ^ (negateCos.AsSingle() & signBit);
    }
}
