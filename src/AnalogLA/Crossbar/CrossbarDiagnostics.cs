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
    private long _boundManagementReads;
    private long _irDropSolves;
    private long _irDropNotConverged;
    private int _irDropMaxIterations;
    private readonly Lock _costLock = new();
    private EnergyBreakdown _energy;
    private double _latency;

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

    /// <summary>Vectors read again with halved input by iterative bound management (each also counted in <see cref="Mvms"/>).</summary>
    public long BoundManagementReads => Interlocked.Read(ref _boundManagementReads);

    internal void AddBoundManagementReads(long count) => Interlocked.Add(ref _boundManagementReads, count);

    /// <summary>Accumulated energy of all reads by part (see <see cref="CostModel"/>).</summary>
    public EnergyBreakdown Energy
    {
        get
        {
            lock (_costLock)
            {
                return _energy;
            }
        }
    }

    /// <summary>Accumulated latency of all reads (s), by <see cref="CostModel"/>; a batch of k vectors costs k MVM latencies.</summary>
    public double LatencySeconds
    {
        get
        {
            lock (_costLock)
            {
                return _latency;
            }
        }
    }

    /// <summary>Energy per MVM so far (J; 0 before the first).</summary>
    public double JoulesPerMvm => Mvms == 0 ? 0 : Energy.Total / Mvms;

    /// <summary>Latency per MVM so far (s; 0 before the first).</summary>
    public double SecondsPerMvm => Mvms == 0 ? 0 : LatencySeconds / Mvms;

    /// <summary>Resistive-network solves of reads with IR drop (one per vector, tile, plane, device array and input slice).</summary>
    public long IrDropSolves => Interlocked.Read(ref _irDropSolves);

    /// <summary>Network solves that stopped at the iteration limit before meeting the tolerance.</summary>
    public long IrDropNotConverged => Interlocked.Read(ref _irDropNotConverged);

    /// <summary>Most conjugate-gradient iterations any network solve needed.</summary>
    public int IrDropMaxIterations => Volatile.Read(ref _irDropMaxIterations);

    /// <summary>Sets every counter to zero.</summary>
    public void Reset()
    {
        lock (_costLock)
        {
            _energy = default;
            _latency = 0;
        }

        Interlocked.Exchange(ref _irDropSolves, 0);
        Interlocked.Exchange(ref _irDropNotConverged, 0);
        Interlocked.Exchange(ref _irDropMaxIterations, 0);
        Interlocked.Exchange(ref _forwardReads, 0);
        Interlocked.Exchange(ref _transposedReads, 0);
        Interlocked.Exchange(ref _adcConversions, 0);
        Interlocked.Exchange(ref _adcSaturations, 0);
        Interlocked.Exchange(ref _dacConversions, 0);
        Interlocked.Exchange(ref _dacClips, 0);
        Interlocked.Exchange(ref _boundManagementReads, 0);
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

    internal void AddCost(EnergyBreakdown energy, double latency)
    {
        lock (_costLock)
        {
            _energy += energy;
            _latency += latency;
        }
    }

    internal void AddIrDrop(long solves, long notConverged, int maxIterations)
    {
        Interlocked.Add(ref _irDropSolves, solves);
        Interlocked.Add(ref _irDropNotConverged, notConverged);
        int current;
        while (maxIterations > (current = Volatile.Read(ref _irDropMaxIterations)) &&
               Interlocked.CompareExchange(ref _irDropMaxIterations, maxIterations, current) != current)
        {
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"MVMs {Mvms} (forward {ForwardMvms}, transposed {TransposedMvms}); ADC {AdcSaturations}/{AdcConversions} saturated; DAC {DacClips}/{DacConversions} clipped; {Energy.Total:G3} J, {LatencySeconds:G3} s";
}

/// <summary>Energy by part of the analog pipeline (J).</summary>
/// <param name="Array">Σ V²·G·t_read over every device read.</param>
/// <param name="Adc">Output conversions.</param>
/// <param name="Dac">Input conversions (one per driven row per read).</param>
/// <param name="Digital">Partial-sum additions.</param>
/// <param name="Pulses">Bayes-MTJ sampling pulses.</param>
public readonly record struct EnergyBreakdown(double Array, double Adc, double Dac, double Digital, double Pulses)
{
    /// <summary>All parts.</summary>
    public double Total => Array + Adc + Dac + Digital + Pulses;

    /// <summary>Part-wise sum.</summary>
    public static EnergyBreakdown operator +(EnergyBreakdown a, EnergyBreakdown b) =>
        new(a.Array + b.Array, a.Adc + b.Adc, a.Dac + b.Dac, a.Digital + b.Digital, a.Pulses + b.Pulses);

    /// <summary>Part-wise difference.</summary>
    public static EnergyBreakdown operator -(EnergyBreakdown a, EnergyBreakdown b) =>
        new(a.Array - b.Array, a.Adc - b.Adc, a.Dac - b.Dac, a.Digital - b.Digital, a.Pulses - b.Pulses);

    /// <summary>Each part divided by <paramref name="d"/>.</summary>
    public static EnergyBreakdown operator /(EnergyBreakdown a, double d) =>
        new(a.Array / d, a.Adc / d, a.Dac / d, a.Digital / d, a.Pulses / d);

    /// <summary>Named alternate for <c>+</c>.</summary>
    public static EnergyBreakdown Add(EnergyBreakdown left, EnergyBreakdown right) => left + right;

    /// <summary>Named alternate for <c>-</c>.</summary>
    public static EnergyBreakdown Subtract(EnergyBreakdown left, EnergyBreakdown right) => left - right;

    /// <summary>Named alternate for <c>/</c>.</summary>
    public static EnergyBreakdown Divide(EnergyBreakdown left, double right) => left / right;
}
