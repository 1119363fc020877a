namespace AnalogLA.Devices;

/// <summary>
/// Geometry of a notched domain-wall track (lengths in nanometres at the API, as in the device papers).
/// </summary>
/// <remarks>The stable DW positions are the notch centres, plus the two track ends when
/// <see cref="IncludeTrackEnds"/> (the wall parked against each end: the fully antiparallel and fully
/// parallel states). The position fraction x/L of each state sets the DW-MTJ conductance.</remarks>
/// <param name="LengthNm">Track length L under the MTJ.</param>
/// <param name="WidthNm">Track width W.</param>
/// <param name="ThicknessNm">Free-layer thickness t.</param>
/// <param name="NotchPositionsNm">Notch centres along the track, strictly increasing in (0, L).</param>
/// <param name="NotchDepthNm">Total width reduction Δw at a notch, in (0, W).</param>
/// <param name="IncludeTrackEnds">Whether the track ends are stable states too.</param>
public sealed record NotchedTrack(
    double LengthNm,
    double WidthNm,
    double ThicknessNm,
    IReadOnlyList<double> NotchPositionsNm,
    double NotchDepthNm,
    bool IncludeTrackEnds = true)
{
    /// <summary>Notches equally spaced by <paramref name="pitchNm"/>, centred on the track.</summary>
    public static IReadOnlyList<double> EvenlySpaced(double lengthNm, double pitchNm)
    {
        int count = (int)Math.Floor(lengthNm / pitchNm - 1e-9);
        double first = (lengthNm - (count - 1) * pitchNm) / 2;
        return Enumerable.Range(0, count).Select(i => first + i * pitchNm).ToArray();
    }

    /// <summary>Stable states as position fractions x/L, increasing.</summary>
    public double[] StateFractions()
    {
        Validate();
        var states = new List<double>();
        if (IncludeTrackEnds)
        {
            states.Add(0);
        }

        states.AddRange(NotchPositionsNm.Select(p => p / LengthNm));
        if (IncludeTrackEnds)
        {
            states.Add(1);
        }

        return states.ToArray();
    }

    /// <summary>Checks the geometry; names the offending parameter and its range.</summary>
    public void Validate()
    {
        PhysicalConstants.RequirePositive(LengthNm, nameof(LengthNm), "(0, ∞) nm");
        PhysicalConstants.RequirePositive(WidthNm, nameof(WidthNm), "(0, ∞) nm");
        PhysicalConstants.RequirePositive(ThicknessNm, nameof(ThicknessNm), "(0, ∞) nm");
        if (!(NotchDepthNm > 0 && NotchDepthNm < WidthNm))
        {
            throw new ArgumentOutOfRangeException(nameof(NotchDepthNm), NotchDepthNm,
                $"{nameof(NotchDepthNm)} = {NotchDepthNm} nm is outside the allowed range (0, {WidthNm}) nm: a notch cannot be deeper than the track is wide.");
        }

        ArgumentNullException.ThrowIfNull(NotchPositionsNm, nameof(NotchPositionsNm));
        double previous = 0;
        for (int i = 0; i < NotchPositionsNm.Count; i++)
        {
            double p = NotchPositionsNm[i];
            if (!(p > previous && p < LengthNm))
            {
                throw new ArgumentOutOfRangeException($"{nameof(NotchPositionsNm)}[{i}]", p,
                    $"{nameof(NotchPositionsNm)}[{i}] = {p} nm must lie in ({previous}, {LengthNm}) nm (strictly increasing inside the track).");
            }

            previous = p;
        }

        int states = NotchPositionsNm.Count + (IncludeTrackEnds ? 2 : 0);
        if (states < 2)
        {
            throw new ArgumentException($"a track needs at least two stable states, has {states}.", nameof(NotchPositionsNm));
        }
    }
}
