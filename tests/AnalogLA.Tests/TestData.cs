using AnalogLA.Numerics;

namespace AnalogLA.Tests;

/// <summary>Seeded test inputs and small statistics helpers shared by the fixtures.</summary>
internal static class TestData
{
    public static double[] Uniform(int count, ulong seed, double low = -1, double high = 1)
    {
        var u = new float[count];
        new CounterRandom(seed).FillUniform(u);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = low + (high - low) * u[i];
        }

        return values;
    }

    public static double[] Multiply(double[] w, int rows, int cols, ReadOnlySpan<double> x)
    {
        var y = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double acc = 0;
            for (int j = 0; j < cols; j++)
            {
                acc += w[i * cols + j] * x[j];
            }

            y[i] = acc;
        }

        return y;
    }

    public static double[] MultiplyTransposed(double[] w, int rows, int cols, ReadOnlySpan<double> x)
    {
        var y = new double[cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                y[j] += w[i * cols + j] * x[i];
            }
        }

        return y;
    }

    public static double RelativeError(ReadOnlySpan<double> y, ReadOnlySpan<double> reference)
    {
        double num = 0, den = 0;
        for (int i = 0; i < y.Length; i++)
        {
            num += (y[i] - reference[i]) * (y[i] - reference[i]);
            den += reference[i] * reference[i];
        }

        // NaN compares as less than every number in NUnit's Is.LessThan (IComparable order), so a NaN output would
        // pass an error bound: report it as an infinite error instead.
        double error = Math.Sqrt(num / den);
        return double.IsNaN(error) ? double.PositiveInfinity : error;
    }

    public static (double Mean, double Variance) MeanVariance(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return (mean, variance);
    }

    /// <summary>
    /// Two-sample Kolmogorov–Smirnov statistic D = sup |F₁ − F₂|.
    /// </summary>
    public static double KolmogorovSmirnov(double[] a, double[] b)
    {
        var x = (double[])a.Clone();
        var y = (double[])b.Clone();
        Array.Sort(x);
        Array.Sort(y);
        int i = 0, j = 0;
        double d = 0;
        while (i < x.Length && j < y.Length)
        {
            double v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= v)
            {
                i++;
            }

            while (j < y.Length && y[j] <= v)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs((double)i / x.Length - (double)j / y.Length));
        }

        return d;
    }

    /// <summary>Critical D of the two-sample KS test at significance α: c(α)·√((n + m)/(n·m)), c(α) = √(−ln(α/2)/2).</summary>
    public static double KolmogorovSmirnovCritical(int n, int m, double alpha) =>
        Math.Sqrt(-Math.Log(alpha / 2) / 2) * Math.Sqrt((n + m) / ((double)n * m));
}
