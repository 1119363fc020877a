using System.Runtime.InteropServices;
using AnalogLA.Numerics;
using BenchmarkDotNet.Attributes;

namespace AnalogLA.Benchmarks;

/// <summary>
/// Single-precision C = A·B: the library's packed, cache-blocked <see cref="Gemm.Multiply"/> against OpenBLAS
/// <c>cblas_sgemm</c> (Debian's <c>libopenblas0-pthread</c>, the baseline) at the same shape and thread count, in
/// the same run. Shapes: 512³, the ResNet-20 im2col shape of the issue (64 × 1024 × 576), and the per-image
/// LeNet-5 and ResNet layer shapes (M = output channels, N = positions, K = patch size).
/// </summary>
/// <remarks>
/// OpenBLAS picks its kernel from CPUID; on a virtual CPU it may pick a generic one (0.3.21 detects this
/// project's VM as "Prescott", SSE3). Run with <c>OPENBLAS_CORETYPE=SkylakeX</c> (AVX-512) or <c>Haswell</c>
/// (AVX2) to compare against its best kernel for the machine; the child processes inherit the variable.
/// </remarks>
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    /// <summary>"M×N×K".</summary>
    [Params("512x512x512", "64x1024x576", "6x784x25", "16x100x150", "16x1024x27", "32x256x288", "256x120x400")]
    public string Shape { get; set; } = "512x512x512";

    /// <summary>Threads of both products.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    private int M { get; set; }

    private int N { get; set; }

    private int K { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Parsed once here, not inside the measured calls.
        int[] dims = Shape.Split('x').Select(d => int.Parse(d, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        (M, N, K) = (dims[0], dims[1], dims[2]);
        _a = new float[M * K];
        _b = new float[K * N];
        _c = new float[M * N];
        new CounterRandom(1).FillUniform(_a);
        new CounterRandom(2).FillUniform(_b);
        OpenBlas.openblas_set_num_threads(Threads);
    }

    [Benchmark(Baseline = true, Description = "OpenBLAS cblas_sgemm")]
    public float OpenBlasSgemm()
    {
        int m = M, n = N, k = K;
        OpenBlas.cblas_sgemm(OpenBlas.RowMajor, OpenBlas.NoTrans, OpenBlas.NoTrans, m, n, k, 1f, _a, k, _b, n, 0f, _c, n);
        return _c[0];
    }

    [Benchmark(Description = "AnalogLA Gemm.Multiply")]
    public float AnalogLa()
    {
        int m = M, n = N, k = K;
        Gemm.Multiply(m, n, k, _a, k, _b, n, _c, n, threads: Threads);
        return _c[0];
    }

    private static class OpenBlas
    {
        public const int RowMajor = 101, NoTrans = 111;

        [DllImport("libopenblas.so.0")]
        public static extern void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc);

        [DllImport("libopenblas.so.0")]
        public static extern void openblas_set_num_threads(int threads);
    }
}
