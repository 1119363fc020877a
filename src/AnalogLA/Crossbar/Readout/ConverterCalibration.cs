using AnalogLA.Numerics;
using AnalogLA.Periphery;

namespace AnalogLA.Crossbar;

/// <summary>
/// The readout stage's ranges for one crossbar: initial ADC ranges, DAC and ADC calibration on given vectors (the
/// user's, the first reads', or synthetic uniform ones), and the ADC rounding variance they imply. The converters
/// themselves (<see cref="Periphery.InputEncoder"/>, <see cref="Periphery.Quantizer"/>) are in Periphery.
/// </summary>
internal sealed class ConverterCalibration(AnalogMatrix m)
{
    private double? _dacRange;
    private double? _dacRangeTransposed;
    private readonly object _readCalibrationLock = new();
    private readonly List<double>[] _readCalibration = [[], []];

    /// <summary>
    /// With <see cref="AdcOptions.CalibrationReads"/> = K &gt; 0, the first K vectors read in each direction are the
    /// calibration set: before each of those reads the calibrated-mode ranges are recomputed from every such vector
    /// seen so far (so a preconditioner's ADCs see its residuals, not synthetic uniform vectors). Serialised by a lock.
    /// </summary>
    internal void CalibrateOnRead<T>(ReadOnlySpan<T> xs, int count, bool transposed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int reads = m.Options.Adc.CalibrationReads;
        if (reads == 0 || (m.Options.Adc.RangeMode != AdcRangeMode.Calibrated && m.Options.Dac.RangeMode != DacRangeMode.Calibrated))
        {
            return;
        }

        int length = transposed ? m.Rows : m.Columns;
        lock (_readCalibrationLock)
        {
            var seen = _readCalibration[transposed ? 1 : 0];
            int have = seen.Count / length;
            if (have >= reads)
            {
                return;
            }

            int take = Math.Min(count, reads - have);
            foreach (T v in xs[..(take * length)])
            {
                seen.Add(double.CreateTruncating(v));
            }

            Calibrate([.. seen], have + take, transposed);
        }
    }

    internal void SetInitialAdcRanges()
    {
        var adc = m.Options.Adc;
        foreach (var tile in m.Tiles)
        {
            if (tile is null)
            {
                continue;
            }

            foreach (var plane in tile.Planes)
            {
                if (adc.RangeMode == AdcRangeMode.Bound)
                {
                    plane.AdcRangeForward = plane.AdcRangeTransposed = (float)(adc.Bound * plane.UnitCurrent);
                    continue;
                }

                float f = adc.RangeMode == AdcRangeMode.Fixed ? (float)adc.FixedFraction : 1f;
                plane.AdcRangeForward = plane.MaxCurrentForward * f;
                plane.AdcRangeTransposed = plane.MaxCurrentTransposed * f;
            }
        }

        bool dacCalibrated = m.Options.Dac.RangeMode == DacRangeMode.Calibrated;
        if (adc.RangeMode == AdcRangeMode.Calibrated || dacCalibrated)
        {
            // Default calibration set: inputs uniform in [−1, 1], drawn from the seed.
            var random = new CounterRandom(CounterRandom.Mix(m.Options.Seed, AnalogMatrix.PurposeCalibrate));
            foreach (bool transposed in new[] { false, true })
            {
                int length = transposed ? m.Rows : m.Columns;
                int count = adc.CalibrationSamples;
                var samples = new double[count * length];
                var u = new float[length];
                for (int b = 0; b < count; b++)
                {
                    random.Child(transposed ? 1UL : 0UL, (ulong)b).FillUniform(u);
                    for (int i = 0; i < length; i++)
                    {
                        samples[b * length + i] = 2.0 * u[i] - 1.0;
                    }
                }

                Calibrate(samples, count, transposed);
            }
        }
    }

    /// <summary>Incremented by every calibration (staged reads built under an older version are stale).</summary>
    internal long Version => Interlocked.Read(ref _version);

    private long _version;

    /// <summary>Whether read-time calibration is still collecting vectors in this direction (ranges may change on the next read).</summary>
    internal bool ReadCalibrationPending(bool transposed)
    {
        int reads = m.Options.Adc.CalibrationReads;
        if (reads == 0 || (m.Options.Adc.RangeMode != AdcRangeMode.Calibrated && m.Options.Dac.RangeMode != DacRangeMode.Calibrated))
        {
            return false;
        }

        lock (_readCalibrationLock)
        {
            return _readCalibration[transposed ? 1 : 0].Count / (transposed ? m.Rows : m.Columns) < reads;
        }
    }

    internal void Calibrate(double[] samples, int count, bool transposed)
    {
        Interlocked.Increment(ref _version);
        if (m.Options.Dac.RangeMode == DacRangeMode.Calibrated)
        {
            double range = InputEncoder.MaxAbs(samples);
            if (transposed)
            {
                _dacRangeTransposed = range;
            }
            else
            {
                _dacRange = range;
            }
        }

        if (m.Options.Adc.RangeMode != AdcRangeMode.Calibrated)
        {
            return;
        }

        int length = transposed ? m.Rows : m.Columns;
        using var encoded = InputEncoder.Encode(samples, count, length, m.Options.Dac, m.Options.Mapping.InputSliceBits,
            transposed ? _dacRangeTransposed : _dacRange, needSquares: false);
        double headroom = m.Options.Adc.CalibrationHeadroom;
        Parallel.ForEach(m.Tiles.Where(t => t is not null).Select(t => t!), new ParallelOptions { MaxDegreeOfParallelism = m.Options.MaxDegreeOfParallelism }, tile =>
        {
            int outLength = transposed ? tile.ColumnCount : tile.RowCount;
            var currents = new float[count * outLength];
            foreach (var plane in tile.Planes)
            {
                float largest = 0;
                foreach (var v in encoded.Voltages)
                {
                    if (transposed)
                    {
                        Gemm.Multiply(count, tile.ColumnCount, tile.RowCount, v.AsSpan(tile.RowStart), length, plane.G, tile.ColumnCount, currents, outLength);
                    }
                    else
                    {
                        Gemm.MultiplyTransposedB(count, tile.RowCount, tile.ColumnCount, v.AsSpan(tile.ColumnStart), length, plane.G, tile.ColumnCount, currents, outLength);
                    }

                    var reference = transposed ? plane.ReferenceTransposed : plane.ReferenceForward;
                    for (int b = 0; b < count; b++)
                    {
                        float iRef = 0;
                        if (reference is not null)
                        {
                            iRef = System.Numerics.Tensors.TensorPrimitives.Dot(reference, v.AsSpan(b * length + (transposed ? tile.RowStart : tile.ColumnStart), reference.Length));
                        }

                        for (int k = 0; k < outLength; k++)
                        {
                            largest = Math.Max(largest, Math.Abs(currents[b * outLength + k] - iRef));
                        }
                    }
                }

                float max = transposed ? plane.MaxCurrentTransposed : plane.MaxCurrentForward;
                float range = largest > 0 ? (float)Math.Min(largest * headroom, double.MaxValue) : max;
                if (transposed)
                {
                    plane.AdcRangeTransposed = range;
                }
                else
                {
                    plane.AdcRangeForward = range;
                }
            }
        });
    }

    /// <summary>The DAC range fixed by calibration for reads in one direction (null when the range is dynamic or fixed).</summary>
    internal double? DacRange(bool transposed) => transposed ? _dacRangeTransposed : _dacRange;

    /// <summary>Per output row: Σ over tiles of the ADC rounding variance Δ²/12 (in current units; 0 for an ideal ADC).</summary>
    internal double[] AdcQuantizationVariance()
    {
        var result = new double[m.Rows];
        if (m.Options.Adc.Bits is not int bits)
        {
            return result;
        }

        foreach (var tile in m.Tiles)
        {
            if (tile is null)
            {
                continue;
            }

            foreach (var plane in tile.Planes)
            {
                double step = Quantizer.Step(plane.AdcRangeForward, bits);
                for (int r = 0; r < tile.RowCount; r++)
                {
                    result[tile.RowStart + r] += step * step / 12;
                }
            }
        }

        return result;
    }
}
