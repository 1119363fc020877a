using AnalogLA.Crossbar;
using AnalogLA.Devices;

namespace AnalogLA.Tests.Crossbar;

public class ParasiticReadTests
{
    private static AnalogOptions IdealWith(double? ratio) => AnalogOptions.Ideal with
    {
        Parasitics = ratio is double r ? new ParasiticOptions { WireRatio = r } : null,
        MaxDegreeOfParallelism = 1,
    };

    [Test]
    public void ZeroWireResistanceReadsLikeIdealWires()
    {
        int m = 24, n = 20;
        var w = TestData.Uniform(m * n, 3);
        var x = TestData.Uniform(n, 4);
        var plain = AnalogMatrix.Program(w, m, n, IdealWith(null)).Multiply(x);
        var wired = AnalogMatrix.Program(w, m, n, IdealWith(0)).Multiply(x);
        Assert.That(wired, Is.EqualTo(plain).Within(1e-5));
    }

    [Test]
    public void TheOffsetMappingsArrayIsSolvedThroughItsWiresToo()
    {
        // One array per plane (no G⁻): the network is solved for it as for a differential pair, so resistive wires
        // must change the read and count their solves.
        int m = 24, n = 20;
        var w = TestData.Uniform(m * n, 7);
        var x = TestData.Uniform(n, 8, 0.1, 1);
        AnalogOptions Offset(double? ratio) => IdealWith(ratio) with { Mapping = new MappingOptions { Sign = SignMapping.Offset } };
        var plain = AnalogMatrix.Program(w, m, n, Offset(null)).Multiply(x);
        var analog = AnalogMatrix.Program(w, m, n, Offset(1e-3));
        var wired = analog.Multiply(x);
        Assert.That(analog.Diagnostics.IrDropSolves, Is.GreaterThan(0));
        double change = wired.Zip(plain, (a, b) => Math.Abs(a - b)).Max();
        Assert.That(change, Is.GreaterThan(1e-3 * plain.Max(Math.Abs)), "wires with 1e-3 of a device's resistance per segment over 20 columns");
    }

    [Test]
    public void ReadsUseTheSolvedNetworkCurrents()
    {
        // Ideal device (G_min = 0), non-negative weights: the G⁻ array carries no current, so
        // y_i = w_max·max|x|·I_i/G_max with I the network solution for the G⁺ array, driven on its columns.
        int m = 6, n = 5;
        var w = TestData.Uniform(m * n, 5, 0.05, 1);
        var x = TestData.Uniform(n, 6, 0.1, 1);
        double gMax = DevicePresets.Ideal.Range.GMaxSiemens, ohms = 400;
        var options = AnalogOptions.Ideal with { Parasitics = new ParasiticOptions { WireOhms = ohms, Tolerance = 1e-12 }, MaxDegreeOfParallelism = 1 };
        var analog = AnalogMatrix.Program(w, m, n, options);
        var y = analog.Multiply(x);

        double wMax = w.Max(), xMax = x.Max();
        var network = new double[n, m];   // network rows = matrix columns (the driven lines)
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                network[j, i] = w[i * n + j] / wMax * gMax;
            }
        }

        var solved = IrDropSolver.SolveDirect(network, x.Select(v => v / xMax).ToArray(), ohms);
        var ideal = IrDropSolver.Ideal(network, x.Select(v => v / xMax).ToArray());
        for (int i = 0; i < m; i++)
        {
            Assert.That(y[i], Is.EqualTo(wMax * xMax * solved.ColumnCurrents[i] / gMax).Within(2e-5 * Math.Abs(y[i])));
        }

        Assert.That(solved.ColumnCurrents.Sum(), Is.LessThan(0.99 * ideal.Sum()), "the wires must matter in this case");
        Assert.That(analog.Diagnostics.IrDropSolves, Is.EqualTo(2));
        Assert.That(analog.Diagnostics.IrDropNotConverged, Is.Zero);
    }

    [Test]
    public void ErrorGrowsWithArraySizeAndWireResistance()
    {
        double Error(int size, double ratio)
        {
            var w = TestData.Uniform(size * size, 7);
            var x = TestData.Uniform(size, 8);
            var exact = new double[size];
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++)
                {
                    exact[i] += w[i * size + j] * x[j];
                }
            }

            var y = AnalogMatrix.Program(w, size, size, IdealWith(ratio) with { Tiling = new TilingOptions(size, size) }).Multiply(x);
            return AnalogLA.Numerics.DigitalKernels.RelativeError(y, exact);
        }

        double small = Error(32, 1e-4), large = Error(128, 1e-4), larger = Error(128, 2e-4);
        Assert.That(Error(32, 0), Is.LessThan(1e-6));
        Assert.That(small, Is.GreaterThan(1e-4));
        // The drop grows about with n² (current and length of the wires both grow with n) and about linearly with r while it is small.
        Assert.That(large, Is.GreaterThan(4 * small));
        Assert.That(larger, Is.GreaterThan(1.5 * large));
    }

    [Test]
    public void NonConvergenceIsCounted()
    {
        var w = TestData.Uniform(64 * 64, 9);
        var options = AnalogOptions.Ideal with { Parasitics = new ParasiticOptions { WireRatio = 1e-2, MaxIterations = 1 } };
        var analog = AnalogMatrix.Program(w, 64, 64, options);
        analog.Multiply(TestData.Uniform(64, 10));
        Assert.That(analog.Diagnostics.IrDropNotConverged, Is.EqualTo(2));
        Assert.That(analog.Diagnostics.IrDropMaxIterations, Is.EqualTo(1));
    }

    [Test]
    public void InvalidSettingsAreNamed()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => (AnalogOptions.Ideal with { Parasitics = new ParasiticOptions { WireOhms = -1 } }).Validate());
        Assert.That(ex!.Message, Does.Contain("Parasitics.WireOhms"));
        var both = Assert.Throws<ArgumentException>(() => (AnalogOptions.Ideal with { Parasitics = new ParasiticOptions { WireOhms = 1, WireRatio = 1e-4 } }).Validate());
        Assert.That(both!.Message, Does.Contain("exactly one"));
        var adcs = Assert.Throws<ArgumentOutOfRangeException>(() => (AnalogOptions.Ideal with { Cost = CostModel.Isaac with { LinesPerAdc = 0 } }).Validate());
        Assert.That(adcs!.Message, Does.Contain("Cost.LinesPerAdc"));
        var voltage = Assert.Throws<ArgumentOutOfRangeException>(() => (AnalogOptions.Ideal with { Cost = CostModel.Isaac with { ReadVoltage = -0.1 } }).Validate());
        Assert.That(voltage!.Message, Does.Contain("Cost.ReadVoltage"));
    }
}
