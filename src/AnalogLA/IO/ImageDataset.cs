using AnalogLA.Numerics;

namespace AnalogLA.IO;

/// <summary>Labelled images in NCHW float32 (pixel values scaled to [0, 1]).</summary>
public sealed class ImageDataset
{
    /// <summary>Creates a data set; checks sizes and labels.</summary>
    public ImageDataset(string name, float[] pixels, int[] labels, int channels, int height, int width, int classes)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length == 0)
        {
            throw new ArgumentException($"data set '{name}' is empty.", nameof(labels));
        }

        if (pixels.Length != (long)labels.Length * channels * height * width)
        {
            throw new ArgumentException($"data set '{name}': {pixels.Length} pixel values for {labels.Length} images of {channels}×{height}×{width}.", nameof(pixels));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || labels[i] >= classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"data set '{name}': label {labels[i]} of image {i} is outside 0–{classes - 1}.");
            }
        }

        Name = name;
        Pixels = pixels;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        Classes = classes;
    }

    /// <summary>Name for reports.</summary>
    public string Name { get; }

    /// <summary>All pixels, image after image.</summary>
    public float[] Pixels { get; }

    /// <summary>Class of each image.</summary>
    public int[] Labels { get; }

    /// <summary>Channels per image.</summary>
    public int Channels { get; }

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Images.</summary>
    public int Count => Labels.Length;

    /// <summary>Values per image.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>The first <paramref name="count"/> images (or all).</summary>
    public ImageDataset Take(int count)
    {
        count = Math.Min(count, Count);
        return new ImageDataset(Name, Pixels.AsSpan(0, count * ImageSize).ToArray(), Labels.AsSpan(0, count).ToArray(), Channels, Height, Width, Classes);
    }

    /// <summary><paramref name="count"/> images spread evenly over the set (every (N/count)-th), so a subset of a class-ordered set keeps every class.</summary>
    public ImageDataset Spread(int count)
    {
        if (count >= Count)
        {
            return this;
        }

        var picks = Enumerable.Range(0, count).Select(i => (int)((long)i * Count / count)).ToArray();
        var (images, labels) = Batch(picks);
        return new ImageDataset(Name, images.Data, labels, Channels, Height, Width, Classes);
    }

    /// <summary>Images at <paramref name="indices"/> as a batch tensor and their labels.</summary>
    public (Tensor Images, int[] Labels) Batch(ReadOnlySpan<int> indices)
    {
        var data = new float[indices.Length * ImageSize];
        var labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            Pixels.AsSpan(indices[i] * ImageSize, ImageSize).CopyTo(data.AsSpan(i * ImageSize));
            labels[i] = Labels[indices[i]];
        }

        return (new Tensor(data, indices.Length, Channels, Height, Width), labels);
    }

    /// <summary>Per-channel mean and standard deviation over all pixels.</summary>
    public (float[] Mean, float[] Std) ChannelStatistics()
    {
        var mean = new float[Channels];
        var std = new float[Channels];
        int plane = Height * Width;
        for (int c = 0; c < Channels; c++)
        {
            double sum = 0, squares = 0;
            for (int i = 0; i < Count; i++)
            {
                var s = Pixels.AsSpan(i * ImageSize + c * plane, plane);
                sum += System.Numerics.Tensors.TensorPrimitives.Sum(s);
                squares += System.Numerics.Tensors.TensorPrimitives.SumOfSquares(s);
            }

            double n = (double)Count * plane, m = sum / n;
            mean[c] = (float)m;
            std[c] = (float)Math.Sqrt(Math.Max(squares / n - m * m, 1e-12));
        }

        return (mean, std);
    }
}
