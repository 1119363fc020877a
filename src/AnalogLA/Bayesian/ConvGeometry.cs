using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AnalogLA.Bayesian;

/// <summary>
/// Shapes of a 2-D convolution and the im2col/col2im transforms that turn it into a matrix product:
/// y[c_out, p] = Σ_k W[c_out, k]·cols[k, p] with k = (c_in, ky, kx) and p = (oy, ox).
/// </summary>
public readonly record struct ConvGeometry(int InChannels, int Height, int Width, int Kernel, int Stride, int Padding)
{
    /// <summary>Output height ⌊(H + 2p − k)/s⌋ + 1.</summary>
    public int OutHeight => (Height + 2 * Padding - Kernel) / Stride + 1;

    /// <summary>Output width.</summary>
    public int OutWidth => (Width + 2 * Padding - Kernel) / Stride + 1;

    /// <summary>Rows of the column matrix: C_in·k·k.</summary>
    public int PatchSize => InChannels * Kernel * Kernel;

    /// <summary>Output positions per channel.</summary>
    public int Positions => OutHeight * OutWidth;

    /// <summary>cols[k, p] from one sample x[c, y, x] (zero padding).</summary>
    /// <remarks>Each row of cols is, per output row, a zero run, a (strided) copy of one input row and a zero run;
    /// the valid range of output columns is computed once per kernel column, so the copy has no branch. The spans'
    /// lengths are checked once, then rows are copied by reference (a LeNet row is 10–28 floats, where a span slice
    /// per row would cost more than the copy).</remarks>
    public void Im2Col(ReadOnlySpan<float> x, Span<float> cols)
    {
        int oh = OutHeight, ow = OutWidth, positions = oh * ow;
        CheckLengths(x.Length, cols.Length);
        ref float input = ref MemoryMarshal.GetReference(x);
        ref float output = ref MemoryMarshal.GetReference(cols);
        for (int c = 0; c < InChannels; c++)
        {
            for (int ky = 0; ky < Kernel; ky++)
            {
                for (int kx = 0; kx < Kernel; kx++)
                {
                    ref float row = ref Unsafe.Add(ref output, ((c * Kernel + ky) * Kernel + kx) * positions);
                    var (lo, hi) = ValidColumns(kx);
                    int offset = kx - Padding;
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int iy = oy * Stride - Padding + ky;
                        ref float target = ref Unsafe.Add(ref row, oy * ow);
                        if (iy < 0 || iy >= Height)
                        {
                            MemoryMarshal.CreateSpan(ref target, ow).Clear();
                            continue;
                        }

                        ref float source = ref Unsafe.Add(ref input, ((c * Height + iy) * Width) + offset);
                        for (int ox = 0; ox < lo; ox++)
                        {
                            Unsafe.Add(ref target, ox) = 0;
                        }

                        if (Stride == 1)
                        {
                            CopyRun(ref Unsafe.Add(ref source, lo), ref Unsafe.Add(ref target, lo), hi - lo);
                        }
                        else
                        {
                            for (int ox = lo; ox < hi; ox++)
                            {
                                Unsafe.Add(ref target, ox) = Unsafe.Add(ref source, ox * Stride);
                            }
                        }

                        for (int ox = hi; ox < ow; ox++)
                        {
                            Unsafe.Add(ref target, ox) = 0;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Copies <paramref name="count"/> floats with 8-wide vectors, the last one overlapping (no scalar tail).</summary>
    private static void CopyRun(ref float source, ref float target, int count)
    {
        if (count < Vector256<float>.Count)
        {
            for (int i = 0; i < count; i++)
            {
                Unsafe.Add(ref target, i) = Unsafe.Add(ref source, i);
            }

            return;
        }

        int last = count - Vector256<float>.Count;
        for (int i = 0; i < last; i += Vector256<float>.Count)
        {
            Vector256.LoadUnsafe(ref source, (nuint)i).StoreUnsafe(ref target, (nuint)i);
        }

        Vector256.LoadUnsafe(ref source, (nuint)last).StoreUnsafe(ref target, (nuint)last);
    }

    private void CheckLengths(int input, int cols)
    {
        if (input < InChannels * Height * Width)
        {
            throw new ArgumentException($"input of {input} values is shorter than {InChannels}×{Height}×{Width}.");
        }

        if (cols < PatchSize * Positions)
        {
            throw new ArgumentException($"column buffer of {cols} values is shorter than {PatchSize}×{Positions}.");
        }
    }

    /// <summary>Output columns [lo, hi) whose input column ox·s − p + kx lies inside the image.</summary>
    private (int Lo, int Hi) ValidColumns(int kx)
    {
        int offset = kx - Padding;
        int lo = offset >= 0 ? 0 : (-offset + Stride - 1) / Stride;
        int hi = Width - 1 - offset < 0 ? 0 : Math.Min(OutWidth, ((Width - 1 - offset) / Stride) + 1);
        return (Math.Min(lo, hi), hi);
    }

    /// <summary>Patches as rows, patches[p, k] (the layout of a batch of MVM input vectors).</summary>
    public void Im2Row(ReadOnlySpan<float> x, Span<float> patches)
    {
        int oh = OutHeight, ow = OutWidth, k = PatchSize;
        for (int oy = 0; oy < oh; oy++)
        {
            for (int ox = 0; ox < ow; ox++)
            {
                var patch = patches.Slice((oy * ow + ox) * k, k);
                int index = 0;
                for (int c = 0; c < InChannels; c++)
                {
                    for (int ky = 0; ky < Kernel; ky++)
                    {
                        int iy = oy * Stride - Padding + ky;
                        for (int kx = 0; kx < Kernel; kx++)
                        {
                            int ix = ox * Stride - Padding + kx;
                            patch[index++] = iy >= 0 && iy < Height && ix >= 0 && ix < Width ? x[(c * Height + iy) * Width + ix] : 0;
                        }
                    }
                }
            }
        }
    }

    /// <summary>dx[c, y, x] += Σ over patches of dcols[k, p] (the adjoint of <see cref="Im2Col"/>).</summary>
    public void Col2Im(ReadOnlySpan<float> cols, Span<float> dx)
    {
        int oh = OutHeight, ow = OutWidth, positions = oh * ow;
        for (int c = 0; c < InChannels; c++)
        {
            for (int ky = 0; ky < Kernel; ky++)
            {
                for (int kx = 0; kx < Kernel; kx++)
                {
                    var row = cols.Slice(((c * Kernel + ky) * Kernel + kx) * positions, positions);
                    var (lo, hi) = ValidColumns(kx);
                    int offset = kx - Padding;
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int iy = oy * Stride - Padding + ky;
                        if (iy < 0 || iy >= Height || lo >= hi)
                        {
                            continue;
                        }

                        var target = dx.Slice((c * Height + iy) * Width, Width);
                        var source = row.Slice(oy * ow, ow);
                        if (Stride == 1)
                        {
                            var t = target.Slice(lo + offset, hi - lo);
                            System.Numerics.Tensors.TensorPrimitives.Add(t, source[lo..hi], t);
                        }
                        else
                        {
                            for (int ox = lo; ox < hi; ox++)
                            {
                                target[ox * Stride + offset] += source[ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
