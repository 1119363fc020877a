using AnalogLA.Devices;

namespace AnalogLA.Tests.Devices;

/// <summary>
/// Every device parameter outside its stated range is refused with an <see cref="ArgumentException"/> that names it
/// (one case per field and side of its range), and every range's own end points are accepted.
/// </summary>
public class DeviceValidationTests
{
    private static readonly StochasticMtj Bayes = BayesMtj.Kwon2022;
    private static readonly DomainWallMtj Dw = DwMtj.Liu2021Notched;
    private static readonly DomainWallRetention Retention = DwMtj.Liu2021Notched.Retention;
    private static readonly GenericDevice Generic = DevicePresets.Generic;

    private static TestCaseData Case(string name, Action validate, string field, string message = "") => new TestCaseData(validate, field, message).SetName(name);

    private static IEnumerable<TestCaseData> BadParameters()
    {
        // Stochastic (Bayes-) MTJ.
        yield return Case("Bayes.ParallelResistance", () => (Bayes with { ParallelResistanceOhms = 0 }).Validate(), "ParallelResistanceOhms", "allowed range (0, ∞) Ω.");
        yield return Case("Bayes.InterfacialAnisotropy", () => (Bayes with { InterfacialAnisotropy = -1e-3 }).Validate(), "InterfacialAnisotropy", "allowed range (0, ∞) J/m²");
        yield return Case("Bayes.SaturationMagnetization", () => (Bayes with { SaturationMagnetization = 0 }).Validate(), "SaturationMagnetization", "allowed range (0, ∞) A/m");
        yield return Case("Bayes.FreeLayerThickness", () => (Bayes with { FreeLayerThicknessNm = double.NaN }).Validate(), "FreeLayerThicknessNm", "allowed range (0, ∞) nm");
        yield return Case("Bayes.OxideThickness", () => (Bayes with { OxideThicknessNm = 0 }).Validate(), "OxideThicknessNm", "allowed range (0, ∞) nm");
        yield return Case("Bayes.Diameter", () => (Bayes with { DiameterNm = -50 }).Validate(), "DiameterNm", "allowed range (0, ∞) nm");
        yield return Case("Bayes.Vcma", () => (Bayes with { VcmaCoefficient = 0 }).Validate(), "VcmaCoefficient", "allowed range (0, ∞) J/(V·m)");
        yield return Case("Bayes.DemagAbove", () => (Bayes with { DemagnetizingFactorDifference = 1.01 }).Validate(), "DemagnetizingFactorDifference", "allowed range [0, 1]");
        yield return Case("Bayes.DemagBelow", () => (Bayes with { DemagnetizingFactorDifference = -0.01 }).Validate(), "DemagnetizingFactorDifference", "allowed range [0, 1]");
        yield return Case("Bayes.AttemptTime", () => (Bayes with { AttemptTimeSeconds = 0 }).Validate(), "AttemptTimeSeconds", "allowed range (0, ∞) s");
        yield return Case("Bayes.SamplingWindow", () => (Bayes with { SamplingWindowSeconds = -1e-6 }).Validate(), "SamplingWindowSeconds", "allowed range (0, ∞) s");
        yield return Case("Bayes.DampingBelow", () => (Bayes with { Damping = 5e-5 }).Validate(), "Damping", "allowed range [0.0001, 1]");
        yield return Case("Bayes.DampingAbove", () => (Bayes with { Damping = 1.5 }).Validate(), "Damping", "allowed range [0.0001, 1]");
        yield return Case("Bayes.ResetStiffnessBelow", () => (Bayes with { ResetStiffness = 0.5 }).Validate(), "ResetStiffness", "allowed range [1, 10000]");
        yield return Case("Bayes.ResetStiffnessAbove", () => (Bayes with { ResetStiffness = 2e4 }).Validate(), "ResetStiffness", "allowed range [1, 10000]");
        yield return Case("Bayes.ReadModel", () => (Bayes with { ReadModel = (MtjReadModel)7 }).Validate(), "ReadModel", "Macrospin or Telegraph");
        yield return Case("Bayes.WindowShortOfDiffusion", () => (Bayes with { SamplingWindowSeconds = 1e-20 }).Validate(), "SamplingWindowSeconds/τ_N", "allowed range [0.0001, 10000]");

        // DW-MTJ.
        yield return Case("Dw.ResistanceArea", () => (Dw with { ResistanceAreaOhmSquareMicron = 0 }).Validate(), "Device.ResistanceAreaOhmSquareMicron", "allowed range (0, ∞) Ω·µm²");
        yield return Case("Dw.JunctionArea", () => (Dw with { JunctionAreaSquareMicron = -0.01 }).Validate(), "Device.JunctionAreaSquareMicron", "allowed range (0, ∞) µm²");
        yield return Case("Dw.TmrHalfBias", () => (Dw with { TmrHalfBiasVolts = -0.5 }).Validate(), "Device.TmrHalfBiasVolts", "allowed range (0, ∞) V");
        yield return Case("Dw.ReadVoltageBelow", () => (Dw with { ReadVoltage = -0.1 }).Validate(), "Device.ReadVoltage", "allowed range [0, 10]");
        yield return Case("Dw.ReadVoltageAbove", () => (Dw with { ReadVoltage = 10.5 }).Validate(), "Device.ReadVoltage", "allowed range [0, 10]");
        yield return Case("Dw.WriteMiss", () => (Dw with { WriteMissProbability = 1.1 }).Validate(), "Device.WriteMissProbability", "allowed range [0, 1]");
        yield return Case("Dw.ResistanceVariation", () => (Dw with { ResistanceVariation = -0.1 }).Validate(), "Device.ResistanceVariation", "allowed range [0, 1]");
        yield return Case("Dw.TmrVariation", () => (Dw with { TmrVariation = 1.1 }).Validate(), "Device.TmrVariation", "allowed range [0, 1]");
        yield return Case("Dw.NullRetention", () => (Dw with { Retention = null! }).Validate(), "Device.Retention");
        yield return Case("Dw.BadRetention", () => (Dw with { Retention = Retention with { AttemptFrequencyHz = 0 } }).Validate(), "AttemptFrequencyHz", "allowed range (0, ∞) Hz");
        yield return Case("Dw.NullReadNoise", () => (Dw with { ReadNoise = null! }).Validate(), "Device.ReadNoise");
        yield return Case("Dw.BadReadNoise", () => (Dw with { ReadNoise = new IndependentNoise(-0.1) }).Validate(), "Device.ReadNoise.SigmaFraction", "allowed range [0, 100]");
        yield return Case("Dw.PathIsKept", () => (Dw with { Tmr = 0 }).Validate("Mean.Device"), "Mean.Device.Tmr", "allowed range (0, ∞)");

        // DW retention, material and track.
        yield return Case("Retention.NullMaterial", () => (Retention with { Material = null! }).Validate(), "Material");
        yield return Case("Retention.NullTrack", () => (Retention with { Track = null! }).Validate(), "Track");
        yield return Case("Retention.AnisotropyChange", () => (Retention with { AnisotropyChange = double.PositiveInfinity }).Validate(), "AnisotropyChange", "ΔK_u must be finite");
        yield return Case("Material.Ms", () => (Retention with { Material = Retention.Material with { SaturationMagnetization300K = 0 } }).Validate(), "SaturationMagnetization300K", "allowed range (0, ∞) A/m");
        yield return Case("Material.A", () => (Retention with { Material = Retention.Material with { ExchangeStiffness300K = -1e-11 } }).Validate(), "ExchangeStiffness300K", "allowed range (0, ∞) J/m.");
        yield return Case("Material.Ku", () => (Retention with { Material = Retention.Material with { UniaxialAnisotropy300K = 0 } }).Validate(), "UniaxialAnisotropy300K", "allowed range (0, ∞) J/m³");
        yield return Case("Material.Dmi", () => (Retention with { Material = Retention.Material with { Dmi300K = -1.5 } }).Validate(), "Dmi300K", "allowed range [0, 1]");
        yield return Case("Material.CurieBelowRoom", () => (Retention with { Material = Retention.Material with { CurieTemperatureKelvin = 302 } }).Validate(), "CurieTemperatureKelvin", "allowed range [303, 5000]");
        yield return Case("Material.CurieAbove", () => (Retention with { Material = Retention.Material with { CurieTemperatureKelvin = 6000 } }).Validate(), "CurieTemperatureKelvin", "allowed range [303, 5000]");
        yield return Case("Track.Length", () => (Retention with { Track = Retention.Track with { LengthNm = 0 } }).Validate(), "LengthNm", "allowed range (0, ∞) nm");
        yield return Case("Track.Width", () => (Retention with { Track = Retention.Track with { WidthNm = -15 } }).Validate(), "WidthNm", "allowed range (0, ∞) nm");
        yield return Case("Track.Thickness", () => (Retention with { Track = Retention.Track with { ThicknessNm = 0 } }).Validate(), "ThicknessNm", "allowed range (0, ∞) nm");
        yield return Case("Track.NotchZero", () => (Retention with { Track = Retention.Track with { NotchDepthNm = 0 } }).Validate(), "NotchDepthNm", "allowed range (0, 15) nm");
        yield return Case("Track.NotchAsWideAsTrack", () => (Retention with { Track = Retention.Track with { NotchDepthNm = Retention.Track.WidthNm } }).Validate(), "NotchDepthNm", "allowed range (0, 15) nm");
        yield return Case("Track.NullNotches", () => (Retention with { Track = Retention.Track with { NotchPositionsNm = null! } }).Validate(), "NotchPositionsNm");
        yield return Case("Track.NotchAtStart", () => (Retention with { Track = Retention.Track with { NotchPositionsNm = [0.0, 80.0] } }).Validate(), "NotchPositionsNm[0]", "must lie in (0, 160) nm");
        yield return Case("Track.NotchesNotIncreasing", () => (Retention with { Track = Retention.Track with { NotchPositionsNm = [50.0, 50.0] } }).Validate(), "NotchPositionsNm[1]", "must lie in (50, 160) nm");
        yield return Case("Track.NotchAtEnd", () => (Retention with { Track = Retention.Track with { NotchPositionsNm = [40.0, Retention.Track.LengthNm] } }).Validate(), "NotchPositionsNm[1]", "must lie in (40, 160) nm");
        yield return Case("Track.OneState", () => (Retention with { Track = Retention.Track with { NotchPositionsNm = [80.0], IncludeTrackEnds = false } }).Validate(), "NotchPositionsNm", "at least two stable states, has 1");

        yield return Case("Demag.Length", () => Demagnetization.Prism(0, 1, 1), "length", "allowed range (0, ∞)");
        yield return Case("Demag.Width", () => Demagnetization.Prism(1, -1, 1), "width", "allowed range (0, ∞)");
        yield return Case("Demag.Thickness", () => Demagnetization.Prism(1, 1, double.NaN), "thickness", "allowed range (0, ∞)");
        yield return Case("Demag.Diameter", () => Demagnetization.DiscAsEqualAreaSquare(0, 1), "diameter", "allowed range (0, ∞)");
        yield return Case("ThermalEnergy.ZeroKelvin", () => PhysicalConstants.ThermalEnergy(0), "TemperatureKelvin", "allowed range (0, ∞) K");
        yield return Case("Range.OnOffRatioOne", () => ConductanceRange.FromOnOffRatio(25e-6, 1), "onOffRatio", "on/off ratio must be > 1");
        yield return Case("Generic.OneLevel", () => (Generic with { Levels = 1 }).Validate(), "Device.Levels", "Levels must be ≥ 2");
        yield return Case("Material.AtCurie", () => Retention.Material.At(Retention.Material.CurieTemperatureKelvin), "TemperatureKelvin", "allowed range [");
        yield return Case("Material.AtInvalid", () => (Retention.Material with { ExchangeStiffness300K = 0 }).At(300), "ExchangeStiffness300K", "allowed range (0, ∞) J/m.");
        yield return Case("Track.StateFractionsValidate", () => (Retention.Track with { LengthNm = -1 }).StateFractions(), "LengthNm", "allowed range (0, ∞) nm");
        yield return Case("Retention.NegativeTime", () => Retention.TransitionMatrix(-1, 300), "seconds", "allowed range [0, ");
        yield return Case("Retention.WrongInitialLength", () => Retention.EvolveByUniformisation([1.0, 0.0], 1, 300), "initial", "initial distribution has 2 entries");
        yield return Case("Retention.UniformisationTooLong", () => Retention.EvolveByUniformisation(new double[Retention.Track.StateFractions().Length], 1e30, 300), "seconds", "too large for uniformisation");
        // Generic device, noise models and drift.
        yield return Case("Generic.NullRange", () => (Generic with { Range = null! }).Validate(), "Device.Range");
        yield return Case("Generic.GMinNegative", () => (Generic with { Range = new(-1e-6, 25e-6) }).Validate(), "Device.Range.GMinSiemens", "must be finite and ≥ 0");
        yield return Case("Generic.GMinInfinite", () => (Generic with { Range = new(double.PositiveInfinity, 25e-6) }).Validate(), "Device.Range.GMinSiemens", "must be finite and ≥ 0");
        yield return Case("Generic.GMaxInfinite", () => (Generic with { Range = new(0, double.PositiveInfinity) }).Validate(), "Device.Range.GMaxSiemens", "must be below G_max");
        yield return Case("Generic.NullProgrammingNoise", () => (Generic with { ProgrammingNoise = null! }).Validate(), "Device.ProgrammingNoise");
        yield return Case("Generic.NullReadNoise", () => (Generic with { ReadNoise = null! }).Validate(), "Device.ReadNoise");
        yield return Case("Generic.BadReadNoise", () => (Generic with { ReadNoise = new ProportionalNoise(100.5) }).Validate(), "Device.ReadNoise.Alpha", "allowed range [0, 100]");
        yield return Case("Generic.BadDrift", () => (Generic with { Drift = PcmDrift.Joshi2020 with { DriftScale = -1 }, ReadNoise = NoNoise.Instance }).Validate(), "Device.Drift.DriftScale", "allowed range [0, 100]");
        yield return Case("Drift.ReferenceTime", () => (PcmDrift.Joshi2020 with { ReferenceTimeSeconds = 0 }).Validate(), "Drift.ReferenceTimeSeconds", "allowed range (0, ∞) s");
        yield return Case("Drift.ReadTime", () => (PcmDrift.Joshi2020 with { ReadTimeSeconds = -1 }).Validate(), "Drift.ReadTimeSeconds", "allowed range (0, ∞) s");
        yield return Case("Drift.ScaleAbove", () => (PcmDrift.Joshi2020 with { DriftScale = 101 }).Validate(), "Drift.DriftScale", "allowed range [0, 100]");
        yield return Case("Drift.ReadNoiseScale", () => (PcmDrift.Joshi2020 with { ReadNoiseScale = -0.5 }).Validate(), "Drift.ReadNoiseScale", "allowed range [0, 100]");
        yield return Case("Polynomial.NullCoefficients", () => new PolynomialNoise(null!, 25e-6).Validate("Device.ReadNoise"), "Device.ReadNoise.Coefficients");
        yield return Case("Polynomial.NaNCoefficient", () => new PolynomialNoise([0.01, double.NaN], 25e-6).Validate("Device.ReadNoise"), "Device.ReadNoise.Coefficients[1]", "Coefficients[1] must be finite");
        yield return Case("Polynomial.ReferenceGMax", () => new PolynomialNoise([0.01], 0).Validate("Device.ReadNoise"), "Device.ReadNoise.ReferenceGMax", "ReferenceGMax must be finite and > 0");
        yield return Case("PcmReadNoise.NegativeTime", () => new PcmReadNoise(-1).Validate("Device.ReadNoise"), "Device.ReadNoise.TimeSinceProgrammingSeconds", "must be finite and ≥ 0");
        yield return Case("Aging.NegativeTime", () => new AgingOptions(-1).Validate(), "Aging.TimeSeconds", "allowed range [0, ");
        yield return Case("Aging.ZeroTemperature", () => new AgingOptions(1, 0).Validate(), "Aging.TemperatureKelvin", ", 2000]");
        yield return Case("Aging.HotterThan2000K", () => new AgingOptions(1, 2001).Validate(), "Aging.TemperatureKelvin", ", 2000]");
    }

    [TestCaseSource(nameof(BadParameters))]
    public void EachBadParameterIsRefusedByName(Action validate, string field, string message)
    {
        var error = Assert.Catch<ArgumentException>(() => validate())!;
        Assert.That(error.ParamName, Is.EqualTo(field));
        Assert.That(error.Message, Does.Contain(message), "the message states the allowed range");
    }

    private static IEnumerable<TestCaseData> RangeEnds()
    {
        yield return Case("Bayes.DemagEnds", () => { (Bayes with { DemagnetizingFactorDifference = 1 }).Validate(); (Bayes with { DemagnetizingFactorDifference = 0.9 }).Validate(); }, "");
        yield return Case("Bayes.DampingEnds", () => { (Bayes with { Damping = 1e-4 }).Validate(); (Bayes with { Damping = 1 }).Validate(); }, "");
        yield return Case("Bayes.ResetStiffnessEnds", () => { (Bayes with { ResetStiffness = 1 }).Validate(); (Bayes with { ResetStiffness = 1e4 }).Validate(); }, "");
        yield return Case("Bayes.TelegraphIgnoresTheDiffusionTime", () => (BayesMtj.Kwon2022Telegraph with { SamplingWindowSeconds = 1e-20 }).Validate(), "");
        yield return Case("Dw.RangeEnds", () =>
        {
            (Dw with { ReadVoltage = 0, WriteMissProbability = 0, ResistanceVariation = 0, TmrVariation = 0, TmrHalfBiasVolts = null }).Validate();
            (Dw with { ReadVoltage = 10, WriteMissProbability = 1, ResistanceVariation = 1, TmrVariation = 1, TmrHalfBiasVolts = 0.5 }).Validate();
        }, "");
        yield return Case("Material.RangeEnds", () =>
        {
            (Retention with { Material = Retention.Material with { Dmi300K = 1, CurieTemperatureKelvin = 5000 } }).Validate();
            (Retention with { Material = Retention.Material with { Dmi300K = -1 } }).Validate();
        }, "");
        yield return Case("Track.TwoNotchesWithoutEnds", () => (Retention with { Track = Retention.Track with { NotchPositionsNm = [40.0, 80.0], IncludeTrackEnds = false } }).Validate(), "");
        yield return Case("Generic.LevelsAndRange", () =>
        {
            (Generic with { Levels = 2, Range = new(0, 1e-9) }).Validate();
            (Generic with { Levels = null }).Validate();
        }, "");
        yield return Case("Drift.RangeEnds", () =>
        {
            (PcmDrift.Joshi2020 with { DriftScale = 0, ReadNoiseScale = 0 }).Validate();
            (PcmDrift.Joshi2020 with { DriftScale = 100, ReadNoiseScale = 100 }).Validate();
        }, "");
        yield return Case("Noise.RangeEnds", () =>
        {
            new PcmReadNoise(0).Validate("Device.ReadNoise");
            new PolynomialNoise([], 1e-6).Validate("Device.ReadNoise");
            new AgingOptions(0, 2000).Validate();
            new ProportionalNoise(ConductanceNoise.MaxRelativeSigma).Validate("Device.ReadNoise");
            new IndependentNoise(0).Validate("Device.ReadNoise");
        }, "");
    }

    [TestCaseSource(nameof(RangeEnds))]
    public void TheEndsOfEachRangeAreAccepted(Action validate, string unused, string unusedToo)
    {
        Assert.DoesNotThrow(() => validate());
    }
}
