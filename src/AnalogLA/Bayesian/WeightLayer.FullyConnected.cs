using System.Numerics.Tensors;
using AnalogLA.Numerics;
using Tensor = AnalogLA.Numerics.Tensor;

namespace AnalogLA.Bayesian;

/// <summary>Fully connected layers: the batch as one matrix product instead of one GEMV per sample.</summary>
public abstract partial class WeightLayer
{
    /// <summary>A 1×1 layer on 1×1 inputs: the whole batch is one matrix product (X·Wᵀ), not one GEMV per sample.</summary>
    private bool IsFullyConnected(ConvGeometry g) => IsPointwise(g) && g.Height == 1 && g.Width == 1;

    private void ForwardFullyConnected(Tensor x, Tensor y, float[]? sd, float[]? biasVariance)
    {
        int n = x.N, k = InChannels, o = OutChannels;
        Gemm.MultiplyTransposedB(n, o, k, x.Data, k, WeightMu.Value, k, y.Data, o);
        for (int b = 0; b < n; b++)
        {
            TensorPrimitives.Add(y.Data.AsSpan(b * o, o), BiasMu.Value, y.Data.AsSpan(b * o, o));
        }

        if (sd is null)
        {
            return;
        }

        var squares = new float[x.Data.Length];
        TensorPrimitives.Multiply(x.Data, x.Data, squares);
        Gemm.MultiplyTransposedB(n, o, k, squares, k, _variance!, k, sd!, o);
        for (int b = 0; b < n; b++)
        {
            var s = sd.AsSpan(b * o, o);
            TensorPrimitives.Add(s, biasVariance!, s);
            TensorPrimitives.Add(s, 1e-16f, s);
            TensorPrimitives.Sqrt(s, s);
        }
    }

    private void BackwardFullyConnected(Tensor x, Tensor dy, Tensor? dx, float[] gradMu, float[]? gradVariance, float[] gradBiasMu, float[]? gradBiasVariance)
    {
        int n = x.N, k = InChannels, o = OutChannels;
        Gemm.MultiplyTransposedA(o, k, n, dy.Data, o, x.Data, k, gradMu, k);
        if (dx is not null)
        {
            Gemm.Multiply(n, k, o, dy.Data, o, WeightMu.Value, k, dx.Data, k);
        }

        for (int b = 0; b < n; b++)
        {
            TensorPrimitives.Add(gradBiasMu, dy.Data.AsSpan(b * o, o), gradBiasMu);
        }

        if (_noise is null)
        {
            return;
        }

        var dv = new float[dy.Data.Length];
        TensorPrimitives.Multiply(dy.Data, _noise, dv);
        TensorPrimitives.Divide(dv, _sd!, dv);
        TensorPrimitives.Multiply(dv, 0.5f, dv);
        var squares = new float[x.Data.Length];
        TensorPrimitives.Multiply(x.Data, x.Data, squares);
        Gemm.MultiplyTransposedA(o, k, n, dv, o, squares, k, gradVariance!, k);
        for (int b = 0; b < n; b++)
        {
            TensorPrimitives.Add(gradBiasVariance!, dv.AsSpan(b * o, o), gradBiasVariance!);
        }

        if (dx is null)
        {
            return;
        }

        // dx += 2·x ⊙ (dv·σ²).
        var back = new float[x.Data.Length];
        Gemm.Multiply(n, k, o, dv, o, _variance!, k, back, k);
        TensorPrimitives.Multiply(back, x.Data, back);
        TensorPrimitives.MultiplyAdd(back, 2f, dx.Data, dx.Data);
    }
}
