using AnalogLA.Crossbar;
using AnalogLA.Devices;

namespace AnalogLA.Tests.Crossbar;

/// <summary>
/// Error-compensating programming (Song et al., Science 383:903, 2024): each stage holds the previous stages' measured
/// error at its own scale, so the error after stage k is the device's relative error times the scale of stage k.
/// </summary>
public class CompensationTests
{
    private const int N = 256;
    private const double Sigma = 0.02;   // programming σ per device, fraction of the range

    /// <summary>Continuous device, G_min = 0.1·G_max, state-independent programming noise that never clips.</summary>
    private static AnalogOptions Device(int compensation, double readNoise = 0, int verifyReads = 16) => new()
    {
        Device = DevicePresets.Ideal with
        {
            Range = new ConductanceRange(2.5e-6, 25e-6),
            ProgrammingNoise = new IndependentNoise(Sigma),
            ReadNoise = readNoise > 0 ? new IndependentNoise(readNoise) : NoNoise.Instance,
            ClipFloor = ClipFloor.Zero,
        },
        Mapping = new MappingOptions { Compensation = compensation, VerifyReads = verifyReads },
        Seed = 17,
    };

    private static double[] Error(AnalogMatrix a, double[] w)
    {
        var programmed = a.ProgrammedMatrix();
        var e = new double[N * N];
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                e[i * N + j] = programmed[i, j] - w[i * N + j];
            }
        }

        return e;
    }

    private static double Rms(double[] e) => Math.Sqrt(e.Average(v => v * v));

    [Test]
    public void EachStageLeavesTheDevicesRelativeErrorOfThePreviousStagesLargestError()
    {
        var w = TestData.Uniform(N * N, 3);
        double wMax = w.Max(Math.Abs);
        // One stage: a pair's weight error is σ·√2·scale (two devices, each σ of the range G_max − G_min, which holds the scale).
        double perScale = Sigma * Math.Sqrt(2);
        double bound = 5 / Math.Sqrt(2.0 * N * N);   // relative standard error of an RMS over N² normal samples, 5σ
        var e0 = Error(AnalogMatrix.Program(w, N, N, Device(0)), w);
        Assert.That(Rms(e0) / (perScale * wMax), Is.EqualTo(1).Within(bound), "uncompensated error");

        // The first stage's devices are the same with compensation (same streams), so E₀ predicts stage 1's scale.
        var compensated = AnalogMatrix.Program(w, N, N, Device(1));
        var e1 = Error(compensated, w);
        double maxE0 = e0.Max(Math.Abs);
        TestContext.Out.WriteLine($"rms E0 {Rms(e0):E3}, rms E1 {Rms(e1):E3} (ratio {Rms(e0) / Rms(e1):F1})");
        Assert.That(Rms(e1) / (perScale * maxE0), Is.EqualTo(1).Within(bound), "compensated error = σ√2 × max|E₀|");

        var e2 = Error(AnalogMatrix.Program(w, N, N, Device(2)), w);
        Assert.That(Rms(e2) / (perScale * e1.Max(Math.Abs)), Is.EqualTo(1).Within(bound), "and again one stage later");
    }

    [Test]
    public void TheVerifyReadNoiseIsTheFloor()
    {
        // No programming noise: every stage programs exactly what it measured, so the error left is the verify read noise,
        // σ_read·√2·scale/√reads per weight (pair of devices, averaged reads).
        var w = TestData.Uniform(N * N, 5);
        double wMax = w.Max(Math.Abs);
        const double readSigma = 0.04;
        const int reads = 4;
        var options = Device(1, readSigma, reads) with
        {
            Device = ((GenericDevice)Device(1, readSigma, reads).Device) with { ProgrammingNoise = new IndependentNoise(0) },
        };
        var e = Error(AnalogMatrix.Program(w, N, N, options), w);
        double expected = readSigma * Math.Sqrt(2) * wMax / Math.Sqrt(reads);
        Assert.That(Rms(e) / expected, Is.EqualTo(1).Within(5 / Math.Sqrt(2.0 * N * N) + 0.01));
    }

    [Test]
    public void StagesCostDevicesReadsAndEnergy()
    {
        var w = TestData.Uniform(64 * 64, 7);
        var x = TestData.Uniform(64, 8);
        var y = new double[64];
        var plain = AnalogMatrix.Program(w, 64, 64, AnalogOptions.DwMtjRealistic);
        var twice = AnalogMatrix.Program(w, 64, 64, AnalogOptions.DwMtjRealistic with { Mapping = AnalogOptions.DwMtjRealistic.Mapping with { Compensation = 2 } });
        plain.Multiply(x, y);
        double plainError = TestData.RelativeError(y, TestData.Multiply(w, 64, 64, x));
        twice.Multiply(x, y);
        double twiceError = TestData.RelativeError(y, TestData.Multiply(w, 64, 64, x));
        TestContext.Out.WriteLine($"dwmtj-realistic MVM error {plainError:E2} → {twiceError:E2} with two compensation stages");
        Assert.That(twiceError, Is.LessThan(plainError));
        Assert.That(twice.Diagnostics.AdcConversions, Is.EqualTo(3 * plain.Diagnostics.AdcConversions), "three array sets are converted");
        Assert.That(twice.Diagnostics.Energy.Total, Is.GreaterThan(2.5 * plain.Diagnostics.Energy.Total));
        Assert.That(twice.AreaMm2, Is.GreaterThan(2.5 * plain.AreaMm2));
    }

    [Test]
    public void CompensationOutsideItsRangeIsRefusedByName()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MappingOptions { Compensation = 5 }.Validate());
        Assert.That(e!.Message, Does.Contain("Mapping.Compensation").And.Contain("[0, 4]"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MappingOptions { VerifyReads = 0 }.Validate());
    }
}
