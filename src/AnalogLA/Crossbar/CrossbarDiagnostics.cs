namespace AnalogLA.Crossbar;

/// <summary>
/// Physical events counted over the life of an <see cref="AnalogMatrix"/>: reads, converter
/// conversions, ADC saturations and DAC clips. Effects are counted, never thrown. Thread-safe.
/// </summary>
public sealed class CrossbarDiagnostics
{
    private long _forwardReads;
    private long _transposedReads;
    private long _adcConversions;
    private long _adcSaturations;
    private long _dacConversions;
    private long _dacClips;

    /// <summary>Matrix–vector products A·x performed (one per vector, batches count each vector).</summary>
    public long ForwardMvms => Interlocked.Read(ref _forwardReads);

    /// <summary>Products Aᵀ·x performed.</summary>
    public long TransposedMvms => Interlocked.Read(ref _transposedReads);

    /// <summary>All products.</summary>
    public long Mvms => ForwardMvms + TransposedMvms;

    /// <summary>ADC conversions (one per output line per tile per plane per input slice).</summary>
    public long AdcConversions => Interlocked.Read(ref _adcConversions);

    /// <summary>Conversions whose input lay beyond the ADC range.</summary>
    public long AdcSaturations => Interlocked.Read(ref _adcSaturations);

    /// <summary>Fraction of conversions that saturated (0 when none were made).</summary>
    public double AdcSaturationFraction => AdcConversions == 0 ? 0 : (double)AdcSaturations / AdcConversions;

    /// <summary>DAC conversions (one per input entry).</summary>
    public long DacConversions => Interlocked.Read(ref _dacConversions);

    /// <summary>Inputs beyond the DAC range (clipped).</summary>
    public long DacClips => Interlocked.Read(ref _dacClips);

    /// <summary>Sets every counter to zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _forwardReads, 0);
        Interlocked.Exchange(ref _transposedReads, 0);
        Interlocked.Exchange(ref _adcConversions, 0);
        Interlocked.Exchange(ref _adcSaturations, 0);
        Interlocked.Exchange(ref _dacConversions, 0);
        Interlocked.Exchange(ref _dacClips, 0);
    }

    internal void AddReads(long count, bool transposed)
    {
        if (transposed)
        {
            Interlocked.Add(ref _transposedReads, count);
        }
        else
        {
            Interlocked.Add(ref _forwardReads, count);
        }
    }

    internal void AddAdc(long conversions, long saturations)
    {
        Interlocked.Add(ref _adcConversions, conversions);
        Interlocked.Add(ref _adcSaturations, saturations);
    }

    internal void AddDac(long conversions, long clips)
    {
        Interlocked.Add(ref _dacConversions, conversions);
        Interlocked.Add(ref _dacClips, clips);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"MVMs {Mvms} (forward {ForwardMvms}, transposed {TransposedMvms}); ADC {AdcSaturations}/{AdcConversions} saturated; DAC {DacClips}/{DacConversions} clipped";
}
