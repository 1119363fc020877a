using AnalogLA.Numerics;

namespace AnalogLA.Tests.Numerics;

public class GemmTests
{
    // float32 products of length k have rounding error ~ k·2⁻²⁴·Σ|a·b|; 1e-5 relative covers k ≤ 300.
    private const double FloatTolerance = 1e-5;

    private static float[] Random(int count, ulong seed) => TestData.Uniform(count, seed).Select(v => (float)v).ToArray();

    [Test]
    public void MultiplyTransposedBMatchesNaive(
        [Values(1, 3, 4, 5, 9)] int m, [Values(1, 4, 7, 13)] int n, [Values(1, 7, 8, 33, 300)] int k)
    {
        int lda = k + 3, ldb = k + 1, ldc = n + 2;
        var a = Random(m * lda, 1);
        var b = Random(n * ldb, 2);
        var c = new float[m * ldc];
        Gemm.MultiplyTransposedB(m, n, k, a, lda, b, ldb, c, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = 0, scale = 0;
                for (int t = 0; t < k; t++)
                {
                    expected += (double)a[i * lda + t] * b[j * ldb + t];
                    scale += Math.Abs((double)a[i * lda + t] * b[j * ldb + t]);
                }

                Assert.That(c[i * ldc + j], Is.EqualTo(expected).Within(FloatTolerance * scale + 1e-12), $"C[{i},{j}]");
            }
        }
    }

    [Test]
    public void MultiplyMatchesNaive(
        [Values(1, 3, 4, 6)] int m, [Values(1, 15, 16, 17, 40)] int n, [Values(1, 5, 64)] int k)
    {
        int lda = k + 2, ldb = n + 5, ldc = n + 1;
        var a = Random(m * lda, 3);
        var b = Random(k * ldb, 4);
        var c = new float[m * ldc];
        Array.Fill(c, 99f); // results are written, not accumulated
        Gemm.Multiply(m, n, k, a, lda, b, ldb, c, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = 0, scale = 0;
                for (int t = 0; t < k; t++)
                {
                    expected += (double)a[i * lda + t] * b[t * ldb + j];
                    scale += Math.Abs((double)a[i * lda + t] * b[t * ldb + j]);
                }

                Assert.That(c[i * ldc + j], Is.EqualTo(expected).Within(FloatTolerance * scale + 1e-12), $"C[{i},{j}]");
            }
        }
    }

    [Test]
    public void PackedProductMatchesNaive([Values(1, 4, 7, 64)] int m, [Values(1, 16, 20, 64)] int n, [Values(1, 9, 256)] int k, [Values] bool sourceIsTransposed)
    {
        var a = Random(m * (k + 3), 6);
        var source = Random(n * k, 7);
        int ldSource = sourceIsTransposed ? k : n;
        float B(int t, int j) => sourceIsTransposed ? source[j * k + t] : source[t * n + j];
        var packed = new float[Gemm.PackedLength(k, n)];
        Gemm.PackB(k, n, source, ldSource, sourceIsTransposed, packed);
        var c = new float[m * n];
        Gemm.MultiplyPacked(m, n, k, a, k + 3, packed, 0, c, n);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = 0, scale = 0;
                for (int t = 0; t < k; t++)
                {
                    expected += (double)a[i * (k + 3) + t] * B(t, j);
                    scale += Math.Abs((double)a[i * (k + 3) + t] * B(t, j));
                }

                Assert.That(c[i * n + j], Is.EqualTo(expected).Within(FloatTolerance * scale + 1e-12), $"C[{i},{j}]");
            }
        }
    }

    public enum Form
    {
        AB,
        ABt,
        AtB,
    }

    public enum Path
    {
        Native,
        Vector256,
        Vector128,
        Scalar,
    }

    /// <summary>
    /// Every form, kernel path, accumulation and thread count against a double-precision naive product, at shapes that
    /// cross the register block (6 × 16), the K block (256), the row block (96) and the column block (2048).
    /// </summary>
    [Test]
    public void BlockedProductMatchesNaive(
        [Values] Form form, [Values] Path path, [Values] bool accumulate,
        [Values(1, 2)] int threads,
        [Values(new[] { 7, 17, 5 }, new[] { 6, 16, 256 }, new[] { 97, 33, 257 }, new[] { 13, 2049, 3 }, new[] { 200, 130, 300 }, new[] { 9, 7, 1001 }, new[] { 4, 70, 300 }, new[] { 6, 100, 30 }, new[] { 20, 400, 150 }, new[] { 6, 2100, 90 }, new[] { 16, 100, 150 }, new[] { 16, 256, 40 }, new[] { 10, 36, 40 }, new[] { 3, 24, 7 }, new[] { 22, 104, 300 }, new[] { 4, 52, 9 })] int[] shape)
    {
        int m = shape[0], n = shape[1], k = shape[2];
        int lda = (form == Form.AtB ? m : k) + 3, ldb = (form == Form.ABt ? k : n) + 2, ldc = n + 1;
        var a = Random((form == Form.AtB ? k : m) * lda, 11);
        var b = Random((form == Form.ABt ? n : k) * ldb, 12);
        var c = Random(m * ldc, 13);
        var before = (float[])c.Clone();
        float A(int i, int t) => form == Form.AtB ? a[t * lda + i] : a[i * lda + t];
        float B(int t, int j) => form == Form.ABt ? b[j * ldb + t] : b[t * ldb + j];
        Gemm.ForceVector256 = path == Path.Vector256;
        Gemm.ForceVector128 = path == Path.Vector128;
        Gemm.ForceScalar = path == Path.Scalar;
        try
        {
            switch (form)
            {
                case Form.AB: Gemm.Multiply(m, n, k, a, lda, b, ldb, c, ldc, accumulate, threads); break;
                case Form.ABt: Gemm.MultiplyTransposedB(m, n, k, a, lda, b, ldb, c, ldc, accumulate, threads); break;
                default: Gemm.MultiplyTransposedA(m, n, k, a, lda, b, ldb, c, ldc, accumulate, threads); break;
            }
        }
        finally
        {
            Gemm.ForceVector256 = false;
            Gemm.ForceVector128 = false;
            Gemm.ForceScalar = false;
        }

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = accumulate ? before[i * ldc + j] : 0, scale = Math.Abs(expected);
                for (int t = 0; t < k; t++)
                {
                    expected += (double)A(i, t) * B(t, j);
                    scale += Math.Abs((double)A(i, t) * B(t, j));
                }

                Assert.That(c[i * ldc + j], Is.EqualTo(expected).Within(FloatTolerance * scale + 1e-12), $"C[{i},{j}]");
            }

            // The padding between rows (leading dimension) is never touched.
            Assert.That(c[i * ldc + n], Is.EqualTo(before[i * ldc + n]), $"padding of row {i}");
        }
    }

    /// <summary>
    /// Two threads split C into column strips (m ≤ n) or row strips (m &gt; n); either way every element is the
    /// one-thread element bit for bit, in every form.
    /// </summary>
    [Test]
    public void ThreadCountDoesNotChangeTheBits([Values] Form form, [Values(new[] { 150, 300, 600 }, new[] { 300, 150, 600 }, new[] { 7, 1000, 200 })] int[] shape)
    {
        int m = shape[0], n = shape[1], k = shape[2];
        var a = Random(m * k, 21);
        var b = Random(k * n, 22);
        var one = new float[m * n];
        var two = new float[m * n];
        foreach (var (c, threads) in new[] { (one, 1), (two, 2) })
        {
            switch (form)
            {
                case Form.AB: Gemm.Multiply(m, n, k, a, k, b, n, c, n, threads: threads); break;
                case Form.ABt: Gemm.MultiplyTransposedB(m, n, k, a, k, b, k, c, n, threads: threads); break;
                default: Gemm.MultiplyTransposedA(m, n, k, a, m, b, n, c, n, threads: threads); break;
            }
        }

        Assert.That(two, Is.EqualTo(one));
    }

    /// <summary>
    /// The short kernels of the in-place product (groups of at most four rows, last panels of four or eight columns) run
    /// the same FMA chain per element as the packed kernels: A·B equals (Bᵀ)ᵀ through the transposed-B form bit for bit
    /// (K within one K block: across blocks the transposed-B form of a few rows may sum in another order).
    /// </summary>
    [Test]
    public void InPlaceShortKernelsGiveThePackedKernelsBits([Values(new[] { 16, 100, 150 }, new[] { 4, 36, 200 }, new[] { 22, 104, 20 }, new[] { 3, 8, 5 })] int[] shape, [Values] bool accumulate)
    {
        int m = shape[0], n = shape[1], k = shape[2];
        var a = Random(m * k, 21);
        var b = Random(k * n, 22);
        var bt = new float[n * k];
        for (int t = 0; t < k; t++)
        {
            for (int j = 0; j < n; j++)
            {
                bt[(j * k) + t] = b[(t * n) + j];
            }
        }

        var direct = Random(m * n, 23);
        var packed = (float[])direct.Clone();
        Gemm.Multiply(m, n, k, a, k, b, n, direct, n, accumulate, 1);
        Gemm.MultiplyTransposedB(m, n, k, a, k, bt, k, packed, n, accumulate, threads: 2);   // two threads: the packed kernels, not the dot-product path
        Assert.That(direct, Is.EqualTo(packed));
    }

    [Test]
    public void EmptySharedDimensionWritesZerosOrKeepsC([Values] bool accumulate)
    {
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.Multiply(2, 2, 0, [], 0, [], 2, c, 2, accumulate);
        Assert.That(c, Is.EqualTo(accumulate ? new float[] { 1, 2, 3, 4 } : new float[4]));
    }

    [Test]
    public void ShortSpanIsRejectedWithItsName()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(2, 2, 2, new float[3], 2, new float[4], 2, new float[4], 2));
        Assert.That(ex!.Message, Does.Contain("a:"));
    }

    [Test]
    public void DigitalKernelMatchesNaiveSerialAndParallel()
    {
        const int rows = 301, cols = 257;
        var w = TestData.Uniform(rows * cols, 5);
        var x = TestData.Uniform(cols, 6);
        var expected = TestData.Multiply(w, rows, cols, x);
        var serial = new double[rows];
        var parallel = new double[rows];
        DigitalKernels.MultiplyVector(w, rows, cols, x, serial, 1);
        DigitalKernels.MultiplyVector(w, rows, cols, x, parallel);
        Assert.That(serial, Is.EqualTo(expected).Within(1e-12));
        Assert.That(parallel, Is.EqualTo(serial));
    }
}
