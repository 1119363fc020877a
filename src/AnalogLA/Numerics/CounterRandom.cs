using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AnalogLA.Numerics;

/// <summary>
/// A counter-based random stream: the i-th number of a stream is a pure function of the stream key
/// and i, so any part of a simulation can draw its numbers without sharing state with other threads.
/// </summary>
/// <remarks>
/// <para>Keys are derived from the user's seed and the indices that name a random event (which
/// matrix read, which tile, which plane, which row) with the SplitMix64 finaliser
/// (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014).
/// Within a stream, value i is <c>h(h(i + k₁) ⊕ k₂)</c> where <c>h</c> is the 32-bit
/// "lowbias32" integer hash (C. Wellons, "Prospecting for hash functions", 2018; constants
/// 0x21f0aaad and 0x735a2d97, bias 0.107). Each round is a bijection on 32-bit integers, so the
/// values of one stream never repeat within its 2³² counters. This is the counter-based design of
/// Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011, with a cheaper round
/// function that vectorises with 32-bit lane multiplies (AVX2 <c>vpmulld</c>).</para>
/// <para>Because every number depends only on (seed, event indices, counter), a seeded simulation
/// gives the same bits whatever the number of threads or the order in which work runs.</para>
/// </remarks>
public readonly struct CounterRandom
{
    private readonly uint _k1;
    private readonly uint _k2;

    /// <summary>Creates the stream with the given 64-bit key.</summary>
    public CounterRandom(ulong key)
    {
        Key = key;
        _k1 = (uint)key;
        _k2 = (uint)(key >> 32) ^ 0x9E3779B9u;
    }

    /// <summary>The 64-bit stream key.</summary>
    public ulong Key { get; }

    /// <summary>Derives a child stream for a named sub-event (e.g. a row index).</summary>
    public CounterRandom Child(ulong index) => new(Mix(Key, index));

    /// <summary>Derives a child stream from several indices.</summary>
    public CounterRandom Child(ulong a, ulong b) => new(Mix(Mix(Key, a), b));

    /// <summary>Derives a child stream from several indices.</summary>
    public CounterRandom Child(ulong a, ulong b, ulong c) => new(Mix(Mix(Mix(Key, a), b), c));

    /// <summary>SplitMix64 finaliser applied to <paramref name="key"/> combined with <paramref name="index"/>.</summary>
    public static ulong Mix(ulong key, ulong index)
    {
        ulong z = key + 0x9E3779B97F4A7C15UL * (index + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// destination[i] = <see cref="Mix(ulong, ulong)"/>(keys[i], index), four keys per vector step (the same 64-bit
    /// wrapping arithmetic, so the same bits); <paramref name="destination"/> may be <paramref name="keys"/> itself.
    /// </summary>
    /// <remarks>A batch read derives one stream key per vector and slice; one at a time these chained multiplies took
    /// about a twelfth of a spintronic Monte Carlo pass.</remarks>
    public static void Mix(ReadOnlySpan<ulong> keys, ulong index, Span<ulong> destination)
    {
        if (destination.Length < keys.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} keys; {keys.Length} needed.", nameof(destination));
        }

        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var add = Vector256.Create(0x9E3779B97F4A7C15UL * (index + 1));
            var m1 = Vector256.Create(0xBF58476D1CE4E5B9UL);
            var m2 = Vector256.Create(0x94D049BB133111EBUL);
            for (; i <= keys.Length - Vector256<ulong>.Count; i += Vector256<ulong>.Count)
            {
                var z = Vector256.Create(keys.Slice(i, Vector256<ulong>.Count)) + add;
                z = (z ^ Vector256.ShiftRightLogical(z, 30)) * m1;
                z = (z ^ Vector256.ShiftRightLogical(z, 27)) * m2;
                (z ^ Vector256.ShiftRightLogical(z, 31)).CopyTo(destination.Slice(i, Vector256<ulong>.Count));
            }
        }

        for (; i < keys.Length; i++)
        {
            destination[i] = Mix(keys[i], index);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(uint x)
    {
        x ^= x >> 16;
        x *= 0x21f0aaadu;
        x ^= x >> 15;
        x *= 0x735a2d97u;
        x ^= x >> 15;
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Hash(Vector512<uint> x)
    {
        x ^= Vector512.ShiftRightLogical(x, 16);
        x *= Vector512.Create(0x21f0aaadu);
        x ^= Vector512.ShiftRightLogical(x, 15);
        x *= Vector512.Create(0x735a2d97u);
        x ^= Vector512.ShiftRightLogical(x, 15);
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Hash(Vector256<uint> x)
    {
        x ^= Vector256.ShiftRightLogical(x, 16);
        x *= Vector256.Create(0x21f0aaadu);
        x ^= Vector256.ShiftRightLogical(x, 15);
        x *= Vector256.Create(0x735a2d97u);
        x ^= Vector256.ShiftRightLogical(x, 15);
        return x;
    }

    /// <summary>The raw 32-bit value at counter <paramref name="i"/>.</summary>
    public uint Bits(uint i) => Hash(Hash(i + _k1) ^ _k2);

    /// <summary>A uniform number in the open interval (0, 1) at counter <paramref name="i"/> (24-bit resolution).</summary>
    public float Uniform(uint i) => UniformOf(Bits(i));

    /// <summary>The uniform number of 32 raw bits: ((bits ≫ 8) + ½)·2⁻²⁴, in (0, 1).</summary>
    public static float UniformOf(uint bits) => ((bits >> 8) + 0.5f) * (1.0f / 16777216f);

    /// <summary>Lane-wise <see cref="UniformOf(uint)"/>, bit for bit.</summary>
    public static Vector256<float> UniformOf(Vector256<uint> bits) =>
        (Vector256.ConvertToSingle(Vector256.ShiftRightLogical(bits, 8).AsInt32()) + Vector256.Create(0.5f)) * Vector256.Create(1.0f / 16777216f);

    /// <summary>Fills <paramref name="destination"/> with raw 32-bit values: destination[j] = Bits(start + j).</summary>
    public void FillBits(Span<uint> destination, uint start = 0) => Fill<uint, RawBits>(destination, start);

    /// <summary>
    /// Fills <paramref name="destination"/> with uniform numbers in (0, 1): destination[j] = Uniform(start + j).
    /// </summary>
    public void FillUniform(Span<float> destination, uint start = 0) => Fill<float, UniformBits>(destination, start);

    /// <summary>
    /// The one driver of the bit fills: hashes sixteen counters per step where 512-bit vectors are accelerated (AVX-512:
    /// half the cost per value of the eight-lane step, measured in device-level sampling), then eight, maps them, then
    /// the scalar tail — the same values at every width.
    /// </summary>
    private void Fill<T, TMap>(Span<T> destination, uint start)
        where T : unmanaged
        where TMap : IBitsMap<T>
    {
        int j = 0;
        const int Wide = 16;
        if (Vector512.IsHardwareAccelerated && destination.Length >= Wide)
        {
            var counter = Vector512.Create(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 10u, 11u, 12u, 13u, 14u, 15u) + Vector512.Create(start + _k1);
            var step = Vector512.Create((uint)Wide);
            var k2 = Vector512.Create(_k2);
            for (; j <= destination.Length - Wide; j += Wide)
            {
                TMap.Map(Hash(Hash(counter) ^ k2)).StoreUnsafe(ref destination[j]);
                counter += step;
            }
        }

        const int Lanes = 8;
        if (Vector256.IsHardwareAccelerated && destination.Length - j >= Lanes)
        {
            var counter = Vector256.Create(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u) + Vector256.Create(start + (uint)j + _k1);
            var step = Vector256.Create((uint)Lanes);
            var k2 = Vector256.Create(_k2);
            for (; j <= destination.Length - Lanes; j += Lanes)
            {
                TMap.Map(Hash(Hash(counter) ^ k2)).StoreUnsafe(ref destination[j]);
                counter += step;
            }
        }

        for (; j < destination.Length; j++)
        {
            destination[j] = TMap.Map(Bits(start + (uint)j));
        }
    }

    private interface IBitsMap<T>
    {
        static abstract T Map(uint bits);

        static abstract Vector256<T> Map(Vector256<uint> bits);

        static abstract Vector512<T> Map(Vector512<uint> bits);
    }

    private readonly struct RawBits : IBitsMap<uint>
    {
        public static uint Map(uint bits) => bits;

        public static Vector256<uint> Map(Vector256<uint> bits) => bits;

        public static Vector512<uint> Map(Vector512<uint> bits) => bits;
    }

    private readonly struct UniformBits : IBitsMap<float>
    {
        public static float Map(uint bits) => UniformOf(bits);

        public static Vector256<float> Map(Vector256<uint> bits) => UniformOf(bits);

        public static Vector512<float> Map(Vector512<uint> bits) =>
            (Vector512.ConvertToSingle(Vector512.ShiftRightLogical(bits, 8).AsInt32()) + Vector512.Create(0.5f)) * Vector512.Create(1.0f / 16777216f);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with standard normal numbers by the Box–Muller transform
    /// (Box and Muller, Ann. Math. Stat. 29:610, 1958): with pairs P = ⌈n/2⌉, u₁ = Uniform(j) and
    /// u₂ = Uniform(P + j), destination[j] = sqrt(−2 ln u₁)·cos(2πu₂) and destination[P + j] =
    /// sqrt(−2 ln u₁)·sin(2πu₂) (the last sine dropped when n is odd).
    /// </summary>
    /// <remarks>Uniforms are hashed, transformed and stored in one vectorised pass (see
    /// <see cref="VectorMath"/>); this is the hot loop of device-level noise.</remarks>
    public void FillNormal(Span<float> destination)
    {
        int n = destination.Length;
        if (n == 0)
        {
            return;
        }

        int pairs = (n + 1) / 2;
        int rest = n - pairs;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= rest - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var (cos, sin) = NormalPair(j, pairs);
                cos.StoreUnsafe(ref destination[j]);
                sin.StoreUnsafe(ref destination[pairs + j]);
            }

            // Tail (and short spans): one more vector of lanes, stored partially.
            Span<float> cosBuffer = stackalloc float[Vector256<float>.Count];
            Span<float> sinBuffer = stackalloc float[Vector256<float>.Count];
            for (; j < pairs; j += Vector256<float>.Count)
            {
                var (cos, sin) = NormalPair(j, pairs);
                cos.CopyTo(cosBuffer);
                sin.CopyTo(sinBuffer);
                int lanes = Math.Min(Vector256<float>.Count, pairs - j);
                cosBuffer[..lanes].CopyTo(destination.Slice(j, lanes));
                int sines = Math.Clamp(rest - j, 0, lanes);
                sinBuffer[..sines].CopyTo(destination.Slice(pairs + j, sines));
            }

            return;
        }

        for (; j < pairs; j++)
        {
            double radius = Math.Sqrt(-2.0 * Math.Log(Uniform((uint)j)));
            double angle = 2.0 * Math.PI * Uniform((uint)(pairs + j));
            destination[j] = (float)(radius * Math.Cos(angle));
            if (j < rest)
            {
                destination[pairs + j] = (float)(radius * Math.Sin(angle));
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> (streams.Length × <paramref name="length"/>, row-major) so that row r equals
    /// what <c>streams[r].FillNormal</c> writes into a span of <paramref name="length"/>, bit for bit.
    /// </summary>
    /// <remarks>Many short streams (one per vector of a batch read, a few lines each) waste most lanes of the
    /// one-stream fill; here the lanes run across eight streams at once, each lane on its own key and the same
    /// counter, so every value is the one its own stream gives.</remarks>
    public static void FillNormal(ReadOnlySpan<CounterRandom> streams, int length, Span<float> destination)
    {
        ulong[]? rentedKeys = null;
        Span<ulong> keys = streams.Length <= 256
            ? stackalloc ulong[streams.Length]
            : (rentedKeys = System.Buffers.ArrayPool<ulong>.Shared.Rent(streams.Length)).AsSpan(0, streams.Length);
        for (int r = 0; r < streams.Length; r++)
        {
            keys[r] = streams[r].Key;
        }

        FillNormal(keys, length, destination);
        if (rentedKeys is not null)
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(rentedKeys);
        }
    }

    /// <summary>
    /// <see cref="FillNormal(ReadOnlySpan{CounterRandom}, int, Span{float})"/> for the streams with these keys: row r
    /// equals what <c>new CounterRandom(keys[r]).FillNormal</c> writes into a span of <paramref name="length"/>, bit for bit.
    /// </summary>
    public static void FillNormal(ReadOnlySpan<ulong> keys, int length, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (destination.Length < keys.Length * length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values; {keys.Length} streams × {length} need {keys.Length * length}.", nameof(destination));
        }

        if (!Vector256.IsHardwareAccelerated || !Avx.IsSupported || length == 0)
        {
            for (int r = 0; r < keys.Length; r++)
            {
                new CounterRandom(keys[r]).FillNormal(destination.Slice(r * length, length));
            }

            return;
        }

        int pairs = (length + 1) / 2;
        int rest = length - pairs;
        const int Lanes = 8;
        // Column q of a block of eight streams (lane l = stream r0 + l) is value q of each stream: the cosines of
        // pairs 0 … P − 1, then the sines. Columns are stored as vectors, then transposed eight at a time into the
        // streams' rows (AVX), so a row of a few values costs a few vector stores instead of a scalar store per value.
        int padded = (length + Lanes - 1) / Lanes * Lanes;
        float[]? rented = null;
        Span<float> columns = padded * Lanes <= 4096
            ? stackalloc float[padded * Lanes]
            : (rented = System.Buffers.ArrayPool<float>.Shared.Rent(padded * Lanes)).AsSpan(0, padded * Lanes);
        columns[(length * Lanes)..].Clear();
        Span<ulong> tail = stackalloc ulong[Lanes];
        Span<float> partial = stackalloc float[Lanes];
        int end = keys.Length * length;
        ref float cols = ref columns[0];
        for (int r0 = 0; r0 < keys.Length; r0 += Lanes)
        {
            int lanes = Math.Min(Lanes, keys.Length - r0);
            scoped ReadOnlySpan<ulong> group = keys.Slice(r0, lanes);
            if (lanes < Lanes)
            {
                tail.Clear();
                group.CopyTo(tail);
                group = tail;
            }

            // Each lane's (k₁, k₂) of the constructor: the low and the high half of its key, the high half ⊕ 0x9E3779B9.
            var low = Vector256.Create(group[..4]);
            var high = Vector256.Create(group.Slice(4, 4));
            var key1 = Vector256.Narrow(low, high);
            var key2 = Vector256.Narrow(Vector256.ShiftRightLogical(low, 32), Vector256.ShiftRightLogical(high, 32)) ^ Vector256.Create(0x9E3779B9u);
            for (int j = 0; j < pairs; j++)
            {
                var (c, s) = BoxMuller(Vector256.Create((uint)j) + key1, Vector256.Create((uint)(pairs + j)) + key1, key2);
                c.StoreUnsafe(ref cols, (nuint)(j * Lanes));
                if (j < rest)
                {
                    s.StoreUnsafe(ref cols, (nuint)((pairs + j) * Lanes));
                }
            }

            // Last (partial) group first: a row's full-width store past its end lands on columns of the next rows
            // that a later store (this group's next lanes, or group 0) overwrites; only stores past the filled
            // region are cut short.
            for (int q0 = padded - Lanes; q0 >= 0; q0 -= Lanes)
            {
                Transpose8x8(ref Unsafe.Add(ref cols, q0 * Lanes), out var t0, out var t1, out var t2, out var t3, out var t4, out var t5, out var t6, out var t7);
                for (int l = 0; l < lanes; l++)
                {
                    var row = l switch { 0 => t0, 1 => t1, 2 => t2, 3 => t3, 4 => t4, 5 => t5, 6 => t6, _ => t7 };
                    int at = ((r0 + l) * length) + q0;
                    if (at + Lanes <= end)
                    {
                        row.StoreUnsafe(ref destination[0], (nuint)at);
                    }
                    else
                    {
                        row.CopyTo(partial);
                        partial[..(end - at)].CopyTo(destination[at..end]);
                    }
                }
            }
        }

        if (rented is not null)
        {
            System.Buffers.ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>The 8 × 8 transpose of the eight vectors at <paramref name="source"/> (row i = source[8i … 8i + 7]): t_l[i] = row i [l].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float source, out Vector256<float> t0, out Vector256<float> t1, out Vector256<float> t2, out Vector256<float> t3,
        out Vector256<float> t4, out Vector256<float> t5, out Vector256<float> t6, out Vector256<float> t7)
    {
        var r0 = Vector256.LoadUnsafe(ref source, 0);
        var r1 = Vector256.LoadUnsafe(ref source, 8);
        var r2 = Vector256.LoadUnsafe(ref source, 16);
        var r3 = Vector256.LoadUnsafe(ref source, 24);
        var r4 = Vector256.LoadUnsafe(ref source, 32);
        var r5 = Vector256.LoadUnsafe(ref source, 40);
        var r6 = Vector256.LoadUnsafe(ref source, 48);
        var r7 = Vector256.LoadUnsafe(ref source, 56);
        var a0 = Avx.UnpackLow(r0, r1);
        var a1 = Avx.UnpackHigh(r0, r1);
        var a2 = Avx.UnpackLow(r2, r3);
        var a3 = Avx.UnpackHigh(r2, r3);
        var a4 = Avx.UnpackLow(r4, r5);
        var a5 = Avx.UnpackHigh(r4, r5);
        var a6 = Avx.UnpackLow(r6, r7);
        var a7 = Avx.UnpackHigh(r6, r7);
        var b0 = Avx.Shuffle(a0, a2, 0x44);
        var b1 = Avx.Shuffle(a0, a2, 0xEE);
        var b2 = Avx.Shuffle(a1, a3, 0x44);
        var b3 = Avx.Shuffle(a1, a3, 0xEE);
        var b4 = Avx.Shuffle(a4, a6, 0x44);
        var b5 = Avx.Shuffle(a4, a6, 0xEE);
        var b6 = Avx.Shuffle(a5, a7, 0x44);
        var b7 = Avx.Shuffle(a5, a7, 0xEE);
        t0 = Avx.Permute2x128(b0, b4, 0x20);
        t1 = Avx.Permute2x128(b1, b5, 0x20);
        t2 = Avx.Permute2x128(b2, b6, 0x20);
        t3 = Avx.Permute2x128(b3, b7, 0x20);
        t4 = Avx.Permute2x128(b0, b4, 0x31);
        t5 = Avx.Permute2x128(b1, b5, 0x31);
        t6 = Avx.Permute2x128(b2, b6, 0x31);
        t7 = Avx.Permute2x128(b3, b7, 0x31);
    }

    /// <summary>Box–Muller for lanes j…j+7: (r·cos 2πu₂, r·sin 2πu₂) with u₁ = Uniform(j + l), u₂ = Uniform(pairs + j + l).</summary>
    private (Vector256<float> Cos, Vector256<float> Sin) NormalPair(int j, int pairs)
    {
        var lane = Vector256.Create(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u);
        var k1 = Vector256.Create(_k1);
        return BoxMuller(lane + Vector256.Create((uint)j) + k1, lane + Vector256.Create((uint)(pairs + j)) + k1, Vector256.Create(_k2));
    }

    /// <summary>Box–Muller on eight lanes: u₁, u₂ from the counters c₁, c₂ already offset by each lane's k₁, hashed with its k₂.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Cos, Vector256<float> Sin) BoxMuller(Vector256<uint> c1, Vector256<uint> c2, Vector256<uint> k2)
    {
        var half = Vector256.Create(0.5f);
        var scale = Vector256.Create(1.0f / 16777216f);
        var u1 = (Vector256.ConvertToSingle(Vector256.ShiftRightLogical(Hash(Hash(c1) ^ k2), 8).AsInt32()) + half) * scale;
        var u2 = (Vector256.ConvertToSingle(Vector256.ShiftRightLogical(Hash(Hash(c2) ^ k2), 8).AsInt32()) + half) * scale;
        var radius = Vector256.Sqrt(Vector256.Create(-2f) * VectorMath.Log(u1));
        VectorMath.SinCosTwoPi(u2, out var sin, out var cos);
        return (radius * cos, radius * sin);
    }
}
