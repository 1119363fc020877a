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
