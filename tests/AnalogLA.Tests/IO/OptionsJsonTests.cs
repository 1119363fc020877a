using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.IO;
using AnalogLA.Periphery;

namespace AnalogLA.Tests.IO;

public class OptionsJsonTests
{
    public static IEnumerable<AnalogOptions> Cases()
    {
        yield return AnalogOptions.Ideal;
        yield return AnalogOptions.Realistic;
        yield return AnalogOptions.Pcm;
        yield return AnalogOptions.Realistic with { Mapping = new MappingOptions { Sign = SignMapping.Offset }, Parasitics = new ParasiticOptions { WireOhms = 2.5 } };
        yield return AnalogOptions.Realistic with
        {
            Device = DevicePresets.Generic with { Levels = 17, ReadNoise = new ProportionalNoise(0.03) { Distribution = NoiseDistribution.Uniform } },
            Mapping = new MappingOptions { Slicing = new WeightSlicing(2, 4), InputSliceBits = 2 },
            Adc = new AdcOptions { Bits = 6, RangeMode = AdcRangeMode.Fixed, FixedFraction = 0.25 },
            Tiling = new TilingOptions(64, 128),
            Sampling = SamplingMode.Output,
            Seed = ulong.MaxValue,
        };
    }

    /// <summary>Options in which every field of every record differs from its default (checked below), for both device kinds.</summary>
    public static IEnumerable<AnalogOptions> EverythingSet()
    {
        var common = new AnalogOptions
        {
            Name = "everything",
            Dac = new DacOptions { Bits = 7, RangeMode = DacRangeMode.Fixed, FixedRange = 2.5, Noise = 0.02 },
            Adc = new AdcOptions
            {
                Bits = 9, RangeMode = AdcRangeMode.Calibrated, FixedFraction = 0.5, CalibrationHeadroom = 1.25, CalibrationSamples = 12, CalibrationReads = 5,
                Bound = 12, Noise = 0.06, BoundManagement = BoundManagement.Iterative, MaxBoundFactor = 500, MaxBoundResolution = 0.5,
            },
            Mapping = new MappingOptions { Slicing = new WeightSlicing(3, 2), ScalePerTile = true, InputSliceBits = 3, Compensation = 1, VerifyReads = 8, Headroom = 0.9 },
            Tiling = new TilingOptions(48, 96),
            Sampling = SamplingMode.Output,
            Seed = 0xDEAD_BEEF_CAFE,
            Aging = new AgingOptions(3600),
            DriftCompensation = true,
            Parasitics = new ParasiticOptions { WireRatio = 1e-5, InputSide = LineEnds.Both, OutputSide = LineEnds.Both, Tolerance = 1e-7, MaxIterations = 77 },
            Cost = new CostModel
            {
                Name = "c", Source = "s", ReadVoltage = 0.3, ReadTimeSeconds = 5e-8, AdcJoulesPerStep = 1e-14, AdcSamplesPerSecond = 1e9, LinesPerAdc = 64,
                AdcAreaMm2 = 0.002, AdcReferenceBits = 7, DacJoulesPerStep = 1e-13, DacAreaMm2 = 2e-7, AddJoules = 2e-13, CellAreaSquareMicron = 0.002,
                StochasticPulseJoules = 3e-13, ParallelArrays = 4, IdealConverterBits = 10,
            },
            MaxDegreeOfParallelism = 3,
        };
        yield return common with
        {
            Device = DevicePresets.Generic with
            {
                Name = "g", Range = new ConductanceRange(1e-6, 3e-5), Levels = 9,
                ProgrammingNoise = new PolynomialNoise([0.1, 0.2, 0.3], 20),
                ReadNoise = new ProportionalNoise(0.03) { Distribution = NoiseDistribution.Uniform },
                Drift = PcmDrift.Joshi2020 with { ReferenceTimeSeconds = 30, ReadTimeSeconds = 1e-7, DriftScale = 0.5, ReadNoiseScale = 2 },
                ClipToRange = false, ClipFloor = ClipFloor.Zero,
            },
        };
        yield return common with
        {
            Aging = new AgingOptions(3600, 320),
            Device = DwMtj.Liu2021Notched with
            {
                Name = "d", ResistanceAreaOhmSquareMicron = 20, JunctionAreaSquareMicron = 0.02, Tmr = 1.5, TmrHalfBiasVolts = 0.4, ReadVoltage = 0.05,
                WriteMissProbability = 0.01, ResistanceVariation = 0.02, TmrVariation = 0.03, ReadNoise = new IndependentNoise(0.01),
                Retention = DwMtj.Liu2021Notched.Retention with
                {
                    Material = new MagneticMaterial(900e3, 1.5e-11, 8e5, 0.4e-3, 1100),
                    Track = new NotchedTrack(200, 20, 4, [40, 100, 160], 9, IncludeTrackEnds: false),
                    AnisotropyChange = 1e4, AttemptFrequencyHz = 2e9, ThinFilmLimit = true,
                },
            },
        };
    }

    [TestCaseSource(nameof(Cases))]
    [TestCaseSource(nameof(EverythingSet))]
    public void OptionsRoundTripToEqualObjects(AnalogOptions options)
    {
        // Compared as objects, field by field (lists elementwise), not as a serializer fixed point.
        var back = OptionsJson.Deserialize(OptionsJson.Serialize(options));
        var differences = new List<string>();
        DeepCompare(options, back, "options", differences);
        Assert.That(differences, Is.Empty);
    }

    [TestCaseSource(nameof(EverythingSet))]
    public void TheEverythingCaseSetsEveryField(AnalogOptions options)
    {
        // Guards the test above: a field left at its default would round-trip trivially.
        var defaults = new Dictionary<Type, object>
        {
            [typeof(AnalogOptions)] = new AnalogOptions(),
            [typeof(DacOptions)] = new DacOptions(),
            [typeof(AdcOptions)] = new AdcOptions(),
            [typeof(MappingOptions)] = new MappingOptions(),
            [typeof(ParasiticOptions)] = new ParasiticOptions(),
            [typeof(CostModel)] = new CostModel(),
            [typeof(GenericDevice)] = new GenericDevice(),
            [typeof(PcmDrift)] = new PcmDrift(),
        };
        var unset = new List<string>();
        void Check(object value, string path)
        {
            if (!defaults.TryGetValue(value.GetType(), out var reference))
            {
                return;
            }

            foreach (var property in value.GetType().GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
            {
                object? mine = property.GetValue(value), theirs = property.GetValue(reference);
                // WireOhms/WireRatio and Sign = Offset/Slicing exclude each other: the case sets WireRatio and Slicing
                // (the offset mapping round-trips in Cases()).
                if (Equals(mine, theirs) && property.Name is not (nameof(ParasiticOptions.WireOhms) or nameof(MappingOptions.Sign)))
                {
                    unset.Add($"{path}.{property.Name}");
                }
                else if (mine is not null)
                {
                    Check(mine, $"{path}.{property.Name}");
                }
            }
        }

        Check(options, "options");
        Assert.That(unset, Is.Empty);
    }

    private static void CompareSequences(System.Collections.IEnumerable ea, System.Collections.IEnumerable eb, string path, List<string> differences)
    {
        var la = ea.Cast<object?>().ToList();
        var lb = eb.Cast<object?>().ToList();
        if (la.Count != lb.Count)
        {
            differences.Add($"{path}: {la.Count} vs {lb.Count} items");
            return;
        }

        for (int i = 0; i < la.Count; i++)
        {
            DeepCompare(la[i], lb[i], $"{path}[{i}]", differences);
        }
    }

    private static void DeepCompare(object? a, object? b, string path, List<string> differences)
    {
        if (a is null || b is null)
        {
            if (a is not null || b is not null)
            {
                differences.Add($"{path}: {a ?? "null"} vs {b ?? "null"}");
            }

            return;
        }

        if (a is not string && a is System.Collections.IEnumerable && b is System.Collections.IEnumerable)
        {
            CompareSequences((System.Collections.IEnumerable)a, (System.Collections.IEnumerable)b, path, differences);
            return;
        }

        if (a.GetType() != b.GetType())
        {
            differences.Add($"{path}: type {a.GetType().Name} vs {b.GetType().Name}");
            return;
        }

        var type = a.GetType();
        if (type.IsPrimitive || type.IsEnum || a is string or decimal)
        {
            if (!Equals(a, b))
            {
                differences.Add($"{path}: {a} vs {b}");
            }

            return;
        }

        foreach (var property in type.GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
        {
            DeepCompare(property.GetValue(a), property.GetValue(b), $"{path}.{property.Name}", differences);
        }
    }

    [Test]
    public void MalformedJsonNamesTheLine()
    {
        var ex = Assert.Throws<FormatException>(() => OptionsJson.Deserialize("{\n  \"seed\": \"abc\"\n}", "run.json"));
        Assert.That(ex!.Message, Does.Contain("run.json").And.Contain("line 2"));
    }

    [Test]
    public void InvalidValuesAreRejectedAfterReading()
    {
        string json = OptionsJson.Serialize(AnalogOptions.Realistic).Replace("\"bits\": 8", "\"bits\": 40", StringComparison.Ordinal);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => OptionsJson.Deserialize(json));
        Assert.That(ex!.Message, Does.Contain("Bits"));
    }
}
