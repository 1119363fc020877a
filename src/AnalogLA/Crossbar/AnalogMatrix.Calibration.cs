using AnalogLA.Numerics;
using AnalogLA.Periphery;

namespace AnalogLA.Crossbar;

/// <summary>Converter ranges: initial, calibrated on sample inputs, and the ADC rounding they imply.</summary>
public sealed partial class AnalogMatrix
{
    /// <summary>
    /// Calibrates the converter ranges that are in calibrated mode on the user's representative inputs
    /// (rows of <paramref name="inputs"/>, each of length <see cref="Columns"/>, or <see cref="Rows"/>
    /// when <paramref name="transposed"/>): the DAC range becomes the largest |x| and each ADC range
    /// headroom × the largest noise-free |current| of its tile and plane.
    /// </summary>
    public void Calibrate(double[,] inputs, bool transposed = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        int count = inputs.GetLength(0), length = inputs.GetLength(1);
        int expected = transposed ? Rows : Columns;
        if (length != expected || count < 1)
        {
            throw new ArgumentException($"calibration inputs must be a (count ≥ 1)×{expected} array, got {count}×{length}.", nameof(inputs));
        }

        var flat = new double[count * length];
        Buffer.BlockCopy(inputs, 0, flat, 0, flat.Length * sizeof(double));
        CheckFinite(flat, "inputs");
        Calibrate(flat, count, transposed);
    }

    /// <summary>
    /// Calibrates on <paramref name="count"/> row-major input vectors (the vectors the array will actually see, e.g.
    /// a network layer's activations or a preconditioner's residuals); see <see cref="Calibrate(double[,], bool)"/>.
    /// </summary>
    public void Calibrate(ReadOnlySpan<float> inputs, int count, bool transposed = false)
    {
        int length = transposed ? Rows : Columns;
        if (count < 1 || inputs.Length != (long)count * length)
        {
            throw new ArgumentException($"calibration inputs must hold count ≥ 1 vectors of {length} values, got {inputs.Length} values for {count}.", nameof(inputs));
        }

        var flat = new double[inputs.Length];
        for (int i = 0; i < flat.Length; i++)
        {
            flat[i] = inputs[i];
        }

        CheckFinite(flat, "inputs");
        Calibrate(flat, count, transposed);
    }

    private readonly object _readCalibrationLock = new();
    private readonly List<double>[] _readCalibration = [[], []];

    /// <summary>
    /// With <see cref="AdcOptions.CalibrationReads"/> = K &gt; 0, the first K vectors read in each direction are the
    /// calibration set: before each of those reads the calibrated-mode ranges are recomputed from every such vector
    /// seen so far (so a preconditioner's ADCs see its residuals, not synthetic uniform vectors). Serialised by a lock.
    /// </summary>
    private void CalibrateOnRead(ReadOnlySpan<double> xs, int count, bool transposed)
    {
        int reads = Options.Adc.CalibrationReads;
        if (reads == 0 || (Options.Adc.RangeMode != AdcRangeMode.Calibrated && Options.Dac.RangeMode != DacRangeMode.Calibrated))
        {
            return;
        }

        int length = transposed ? Rows : Columns;
        lock (_readCalibrationLock)
        {
            var seen = _readCalibration[transposed ? 1 : 0];
            int have = seen.Count / length;
            if (have >= reads)
            {
                return;
            }

            int take = Math.Min(count, reads - have);
            foreach (double v in xs[..(take * length)])
            {
                seen.Add(v);
            }

            Calibrate([.. seen], have + take, transposed);
        }
    }

    private void SetInitialAdcRanges()
    {
        var adc = Options.Adc;
        foreach (var tile in _tiles)
        {
            if (tile is null)
            {
                continue;
            }

            foreach (var plane in tile.Planes)
            {
                float f = adc.RangeMode == AdcRangeMode.Fixed ? (float)adc.FixedFraction : 1f;
                plane.AdcRangeForward = plane.MaxCurrentForward * f;
                plane.AdcRangeTransposed = plane.MaxCurrentTransposed * f;
            }
        }

        bool dacCalibrated = Options.Dac.RangeMode == DacRangeMode.Calibrated;
        if (adc.RangeMode == AdcRangeMode.Calibrated || dacCalibrated)
        {
            // Default calibration set: inputs uniform in [−1, 1], drawn from the seed.
            var random = new CounterRandom(CounterRandom.Mix(Options.Seed, PurposeCalibrate));
            foreach (bool transposed in new[] { false, true })
            {
                int length = transposed ? Rows : Columns;
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

    private void Calibrate(double[] samples, int count, bool transposed)
    {
        if (Options.Dac.RangeMode == DacRangeMode.Calibrated)
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

        if (Options.Adc.RangeMode != AdcRangeMode.Calibrated)
        {
            return;
        }

        int length = transposed ? Rows : Columns;
        using var encoded = InputEncoder.Encode(samples, count, length, Options.Dac, Options.Mapping.InputSliceBits,
            transposed ? _dacRangeTransposed : _dacRange, needSquares: false);
        double headroom = Options.Adc.CalibrationHeadroom;
        Parallel.ForEach(_tiles.Where(t => t is not null).Select(t => t!), new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism }, tile =>
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

    /// <summary>The DAC range fixed by calibration for forward reads (null when the range is dynamic or fixed).</summary>
    internal double? DacRangeForward => _dacRange;

    /// <summary>Per output row: Σ over tiles of the ADC rounding variance Δ²/12 (in current units; 0 for an ideal ADC).</summary>
    internal double[] AdcQuantizationVariance()
    {
        var result = new double[Rows];
        if (Options.Adc.Bits is not int bits)
        {
            return result;
        }

        foreach (var tile in _tiles)
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
