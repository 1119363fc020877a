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
    public void Im2Col(ReadOnlySpan<float> x, Span<float> cols)
    {
        int oh = OutHeight, ow = OutWidth, positions = oh * ow;
        for (int c = 0; c < InChannels; c++)
        {
            for (int ky = 0; ky < Kernel; ky++)
            {
                for (int kx = 0; kx < Kernel; kx++)
                {
                    var row = cols.Slice(((c * Kernel + ky) * Kernel + kx) * positions, positions);
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int iy = oy * Stride - Padding + ky;
                        var target = row.Slice(oy * ow, ow);
                        if (iy < 0 || iy >= Height)
                        {
                            target.Clear();
                            continue;
                        }

                        var source = x.Slice((c * Height + iy) * Width, Width);
                        for (int ox = 0; ox < ow; ox++)
                        {
                            int ix = ox * Stride - Padding + kx;
                            target[ox] = ix >= 0 && ix < Width ? source[ix] : 0;
                        }
                    }
                }
            }
        }
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
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int iy = oy * Stride - Padding + ky;
                        if (iy < 0 || iy >= Height)
                        {
                            continue;
                        }

                        var target = dx.Slice((c * Height + iy) * Width, Width);
                        for (int ox = 0; ox < ow; ox++)
                        {
                            int ix = ox * Stride - Padding + kx;
                            if (ix >= 0 && ix < Width)
                            {
                                target[ix] += row[oy * ow + ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
