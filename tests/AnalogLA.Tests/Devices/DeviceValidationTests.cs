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

    private static TestCaseData Case(string name, Action validate, string field) => new TestCaseData(validate, field).SetName(name);

    private static IEnumerable<TestCaseData> BadParameters()
    {
        // Stochastic (Bayes-) MTJ.
        yield return Case("Bayes.ParallelResistance", () => (Bayes with { ParallelResistanceOhms = 0 }).Validate(), "ParallelResistanceOhms");
        yield return Case("Bayes.InterfacialAnisotropy", () => (Bayes with { InterfacialAnisotropy = -1e-3 }).Validate(), "InterfacialAnisotropy");
        yield return Case("Bayes.SaturationMagnetization", () => (Bayes with { SaturationMagnetization = 0 }).Validate(), "SaturationMagnetization");
        yield return Case("Bayes.FreeLayerThickness", () => (Bayes with { FreeLayerThicknessNm = double.NaN }).Validate(), "FreeLayerThicknessNm");
        yield return Case("Bayes.OxideThickness", () => (Bayes with { OxideThicknessNm = 0 }).Validate(), "OxideThicknessNm");
        yield return Case("Bayes.Diameter", () => (Bayes with { DiameterNm = -50 }).Validate(), "DiameterNm");
        yield return Case("Bayes.Vcma", () => (Bayes with { VcmaCoefficient = 0 }).Validate(), "VcmaCoefficient");
        yield return Case("Bayes.DemagAbove", () => (Bayes with { DemagnetizingFactorDifference = 1.01 }).Validate(), "DemagnetizingFactorDifference");
        yield return Case("Bayes.DemagBelow", () => (Bayes with { DemagnetizingFactorDifference = -0.01 }).Validate(), "DemagnetizingFactorDifference");
        yield return Case("Bayes.AttemptTime", () => (Bayes with { AttemptTimeSeconds = 0 }).Validate(), "AttemptTimeSeconds");
        yield return Case("Bayes.SamplingWindow", () => (Bayes with { SamplingWindowSeconds = -1e-6 }).Validate(), "SamplingWindowSeconds");
        yield return Case("Bayes.DampingBelow", () => (Bayes with { Damping = 5e-5 }).Validate(), "Damping");
        yield return Case("Bayes.DampingAbove", () => (Bayes with { Damping = 1.5 }).Validate(), "Damping");
        yield return Case("Bayes.ResetStiffnessBelow", () => (Bayes with { ResetStiffness = 0.5 }).Validate(), "ResetStiffness");
        yield return Case("Bayes.ResetStiffnessAbove", () => (Bayes with { ResetStiffness = 2e4 }).Validate(), "ResetStiffness");
        yield return Case("Bayes.ReadModel", () => (Bayes with { ReadModel = (MtjReadModel)7 }).Validate(), "ReadModel");
        yield return Case("Bayes.WindowShortOfDiffusion", () => (Bayes with { SamplingWindowSeconds = 1e-20 }).Validate(), "SamplingWindowSeconds/τ_N");

        // DW-MTJ.
        yield return Case("Dw.ResistanceArea", () => (Dw with { ResistanceAreaOhmSquareMicron = 0 }).Validate(), "Device.ResistanceAreaOhmSquareMicron");
        yield return Case("Dw.JunctionArea", () => (Dw with { JunctionAreaSquareMicron = -0.01 }).Validate(), "Device.JunctionAreaSquareMicron");
        yield return Case("Dw.TmrHalfBias", () => (Dw with { TmrHalfBiasVolts = -0.5 }).Validate(), "Device.TmrHalfBiasVolts");
        yield return Case("Dw.ReadVoltageBelow", () => (Dw with { ReadVoltage = -0.1 }).Validate(), "Device.ReadVoltage");
        yield return Case("Dw.ReadVoltageAbove", () => (Dw with { ReadVoltage = 10.5 }).Validate(), "Device.ReadVoltage");
        yield return Case("Dw.WriteMiss", () => (Dw with { WriteMissProbability = 1.1 }).Validate(), "Device.WriteMissProbability");
        yield return Case("Dw.ResistanceVariation", () => (Dw with { ResistanceVariation = -0.1 }).Validate(), "Device.ResistanceVariation");
        yield return Case("Dw.TmrVariation", () => (Dw with { TmrVariation = 1.1 }).Validate(), "Device.TmrVariation");
        yield return Case("Dw.NullRetention", () => (Dw with { Retention = null! }).Validate(), "Device.Retention");
        yield return Case("Dw.BadRetention", () => (Dw with { Retention = Retention with { AttemptFrequencyHz = 0 } }).Validate(), "AttemptFrequencyHz");
        yield return Case("Dw.NullReadNoise", () => (Dw with { ReadNoise = null! }).Validate(), "Device.ReadNoise");
        yield return Case("Dw.BadReadNoise", () => (Dw with { ReadNoise = new IndependentNoise(-0.1) }).Validate(), "Device.ReadNoise.SigmaFraction");
        yield return Case("Dw.PathIsKept", () => (Dw with { Tmr = 0 }).Validate("Mean.Device"), "Mean.Device.Tmr");

        // DW retention, material and track.
        yield return Case("Retention.NullMaterial", () => (Retention with { Material = null! }).Validate(), "Material");
        yield return Case("Retention.NullTrack", () => (Retention with { Track = null! }).Validate(), "Track");
        yield return Case("Retention.AnisotropyChange", () => (Retention with { AnisotropyChange = double.PositiveInfinity }).Validate(), "AnisotropyChange");
        yield return Case("Material.Ms", () => (Retention with { Material = Retention.Material with { SaturationMagnetization300K = 0 } }).Validate(), "SaturationMagnetization300K");
        yield return Case("Material.A", () => (Retention with { Material = Retention.Material with { ExchangeStiffness300K = -1e-11 } }).Validate(), "ExchangeStiffness300K");
        yield return Case("Material.Ku", () => (Retention with { Material = Retention.Material with { UniaxialAnisotropy300K = 0 } }).Validate(), "UniaxialAnisotropy300K");
        yield return Case("Material.Dmi", () => (Retention with { Material = Retention.Material with { Dmi300K = -1.5 } }).Validate(), "Dmi300K");
        yield return Case("Material.CurieBelowRoom", () => (Retention with { Material = Retention.Material with { CurieTemperatureKelvin = 302 } }).Validate(), "CurieTemperatureKelvin");
        yield return Case("Material.CurieAbove", () => (Retention with { Material = Retention.Material with { CurieTemperatureKelvin = 6000 } }).Validate(), "CurieTemperatureKelvin");
        yield return Case("Track.Length", () => (Retention with { Track = Retention.Track with { LengthNm = 0 } }).Validate(), "LengthNm");
        yield return Case("Track.Width", () => (Retention with { Track = Retention.Track with { WidthNm = -15 } }).Validate(), "WidthNm");
        yield return Case("Track.Thickness", () => (Retention with { Track = Retention.Track with { ThicknessNm = 0 } }).Validate(), "ThicknessNm");
        yield return Case("Track.NotchZero", () => (Retention with { Track = Retention.Track with { NotchDepthNm = 0 } }).Validate(), "NotchDepthNm");
        yield return Case("Track.NotchAsWideAsTrack", () => (Retention with { Track = Retention.Track with { NotchDepthNm = Retention.Track.WidthNm } }).Validate(), "NotchDepthNm");
        yield return Case("Track.NullNotches", () => (Retention with { Track = Retention.Track with { NotchPositionsNm = null! } }).Validate(), "NotchPositionsNm");
        yield return Case("Track.NotchAtStart", () => (Retention with { Track = Retention.Track with { NotchPositionsNm = [0.0, 80.0] } }).Validate(), "NotchPositionsNm[0]");
        yield return Case("Track.NotchesNotIncreasing", () => (Retention with { Track = Retention.Track with { NotchPositionsNm = [50.0, 50.0] } }).Validate(), "NotchPositionsNm[1]");
        yield return Case("Track.NotchAtEnd", () => (Retention with { Track = Retention.Track with { NotchPositionsNm = [40.0, Retention.Track.LengthNm] } }).Validate(), "NotchPositionsNm[1]");
        yield return Case("Track.OneState", () => (Retention with { Track = Retention.Track with { NotchPositionsNm = [80.0], IncludeTrackEnds = false } }).Validate(), "NotchPositionsNm");

        // Generic device, noise models and drift.
        yield return Case("Generic.NullRange", () => (Generic with { Range = null! }).Validate(), "Device.Range");
        yield return Case("Generic.GMinNegative", () => (Generic with { Range = new(-1e-6, 25e-6) }).Validate(), "Device.Range.GMinSiemens");
        yield return Case("Generic.GMinInfinite", () => (Generic with { Range = new(double.PositiveInfinity, 25e-6) }).Validate(), "Device.Range.GMinSiemens");
        yield return Case("Generic.GMaxInfinite", () => (Generic with { Range = new(0, double.PositiveInfinity) }).Validate(), "Device.Range.GMaxSiemens");
        yield return Case("Generic.NullProgrammingNoise", () => (Generic with { ProgrammingNoise = null! }).Validate(), "Device.ProgrammingNoise");
        yield return Case("Generic.NullReadNoise", () => (Generic with { ReadNoise = null! }).Validate(), "Device.ReadNoise");
        yield return Case("Generic.BadReadNoise", () => (Generic with { ReadNoise = new ProportionalNoise(100.5) }).Validate(), "Device.ReadNoise.Alpha");
        yield return Case("Generic.BadDrift", () => (Generic with { Drift = PcmDrift.Joshi2020 with { DriftScale = -1 }, ReadNoise = NoNoise.Instance }).Validate(), "Device.Drift.DriftScale");
        yield return Case("Drift.ReferenceTime", () => (PcmDrift.Joshi2020 with { ReferenceTimeSeconds = 0 }).Validate(), "Drift.ReferenceTimeSeconds");
        yield return Case("Drift.ReadTime", () => (PcmDrift.Joshi2020 with { ReadTimeSeconds = -1 }).Validate(), "Drift.ReadTimeSeconds");
        yield return Case("Drift.ScaleAbove", () => (PcmDrift.Joshi2020 with { DriftScale = 101 }).Validate(), "Drift.DriftScale");
        yield return Case("Drift.ReadNoiseScale", () => (PcmDrift.Joshi2020 with { ReadNoiseScale = -0.5 }).Validate(), "Drift.ReadNoiseScale");
        yield return Case("Polynomial.NullCoefficients", () => new PolynomialNoise(null!, 25e-6).Validate("Device.ReadNoise"), "Device.ReadNoise.Coefficients");
        yield return Case("Polynomial.NaNCoefficient", () => new PolynomialNoise([0.01, double.NaN], 25e-6).Validate("Device.ReadNoise"), "Device.ReadNoise.Coefficients[1]");
        yield return Case("Polynomial.ReferenceGMax", () => new PolynomialNoise([0.01], 0).Validate("Device.ReadNoise"), "Device.ReadNoise.ReferenceGMax");
        yield return Case("PcmReadNoise.NegativeTime", () => new PcmReadNoise(-1).Validate("Device.ReadNoise"), "Device.ReadNoise.TimeSinceProgrammingSeconds");
        yield return Case("Aging.NegativeTime", () => new AgingOptions(-1).Validate(), "Aging.TimeSeconds");
        yield return Case("Aging.ZeroTemperature", () => new AgingOptions(1, 0).Validate(), "Aging.TemperatureKelvin");
        yield return Case("Aging.HotterThan2000K", () => new AgingOptions(1, 2001).Validate(), "Aging.TemperatureKelvin");
    }

    [TestCaseSource(nameof(BadParameters))]
    public void EachBadParameterIsRefusedByName(Action validate, string field)
    {
        var error = Assert.Catch<ArgumentException>(() => validate())!;
        Assert.That(error.ParamName, Is.EqualTo(field));
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
    public void TheEndsOfEachRangeAreAccepted(Action validate, string unused)
    {
        Assert.DoesNotThrow(() => validate());
    }
}
