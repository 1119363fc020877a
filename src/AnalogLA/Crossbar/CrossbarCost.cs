using AnalogLA.Periphery;
using System.Numerics.Tensors;

namespace AnalogLA.Crossbar;

/// <summary>Cost accounting of one programmed crossbar: energy of each call's reads, latency and area of the arrays and
/// their periphery, from <see cref="CostModel"/>.</summary>
internal sealed class CrossbarCost(AnalogMatrix m)
{
    /// <summary>Physical device arrays per plane: two for a differential pair or a bit slice, one for offset.</summary>
    private int ArraysPerPlane => m.Options.Mapping.Sign == SignMapping.Offset ? 1 : 2;

    private int DacBitsCosted => m.Options.Mapping.InputSliceBits ?? m.Options.Dac.Bits ?? m.Options.Cost.IdealConverterBits;

    private int AdcBitsCosted => m.Options.Adc.Bits ?? m.Options.Cost.IdealConverterBits;

    /// <summary>
    /// Latency of one MVM (s): ⌈arrays / parallel arrays⌉ × input slices × (t_read + conversions per ADC / f_ADC).
    /// </summary>
    public double LatencySecondsPerMvm(bool transposed = false)
    {
        var cost = m.Options.Cost;
        int planes = 0, longest = 0;
        foreach (var tile in m.Tiles)
        {
            if (tile is null)
            {
                continue;
            }

            planes += tile.Planes.Length;
            longest = Math.Max(longest, transposed ? tile.ColumnCount : tile.RowCount);
        }

        if (planes == 0)
        {
            return 0;
        }

        int rounds = cost.ParallelArrays is int p ? (planes + p - 1) / p : 1;
        int perAdc = Math.Min(longest, cost.LinesPerAdc);
        int inputSlices = InputSlices;
        return rounds * inputSlices * (cost.ReadTimeSeconds + perAdc / cost.AdcSamplesPerSecond);
    }

    /// <summary>Chip area of the programmed arrays and their converters (mm²): cells, ADCs (sized for forward reads) and row DACs.</summary>
    public double AreaMm2
    {
        get
        {
            var cost = m.Options.Cost;
            double area = 0;
            foreach (var tile in m.Tiles)
            {
                if (tile is null)
                {
                    continue;
                }

                int arrays = tile.Planes.Length;
                long cells = (long)arrays * ArraysPerPlane * tile.RowCount * tile.ColumnCount;
                area += cells * cost.CellAreaSquareMicron * 1e-6;
                area += arrays * Math.Ceiling(tile.RowCount / (double)cost.LinesPerAdc) * cost.AdcArea(AdcBitsCosted);
                area += (double)arrays * tile.ColumnCount * cost.DacAreaMm2;
            }

            return area;
        }
    }

    private int InputSlices
    {
        get
        {
            if (m.Options.Mapping.InputSliceBits is int c && m.Options.Dac.Bits is int bits)
            {
                return (bits - 1 + c - 1) / c;
            }

            return 1;
        }
    }

    /// <summary>Energy of one call's reads, from the encoded inputs and each plane's line loads.</summary>
    internal EnergyBreakdown ReadEnergy(EncodedInputs encoded, int count, bool transposed)
    {
        var cost = m.Options.Cost;
        double arrayUnit = cost.ReadTimeSeconds * cost.ReadVoltage * cost.ReadVoltage * m.Options.Device.Range.GMaxSiemens;
        double adc = cost.AdcJoules(AdcBitsCosted), dac = cost.DacJoules(DacBitsCosted);
        int inLength = encoded.Length;
        double load = 0;
        long conversions = 0, driven = 0;
        float[] squares = System.Buffers.ArrayPool<float>.Shared.Rent(Math.Max(1, inLength));
        try
        {
            for (int s = 0; s < encoded.Voltages.Length; s++)
            {
                for (int b = 0; b < count; b++)
                {
                    var v = encoded.Voltages[s].AsSpan(b * inLength, inLength);
                    var sq = squares.AsSpan(0, inLength);
                    TensorPrimitives.Multiply(v, v, sq);
                    foreach (var tile in m.Tiles)
                    {
                        if (tile is null)
                        {
                            continue;
                        }

                        int inStart = transposed ? tile.RowStart : tile.ColumnStart;
                        int inCount = transposed ? tile.RowCount : tile.ColumnCount;
                        int lines = transposed ? tile.ColumnCount : tile.RowCount;
                        foreach (var plane in tile.Planes)
                        {
                            load += TensorPrimitives.Dot(sq.Slice(inStart, inCount), transposed ? plane.TotalByRow : plane.TotalByColumn);
                            conversions += lines;
                            driven += inCount;
                        }
                    }
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(squares);
        }

        return new EnergyBreakdown(load * arrayUnit, conversions * adc, driven * dac, conversions * cost.AddJoules, 0);
    }
}
