using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Numerics;
using AnalogLA.Periphery;

namespace AnalogLA.Validation;

/// <summary>aihwkit's periphery (output bound, iterative bound management) by hand, and error-compensating programming against its closed form.</summary>
internal static class PeripheryChecks
{
    public static IEnumerable<ValidationRow> Run()
    {
        var device = DevicePresets.Ideal with { Range = new ConductanceRange(2.5e-6, 25e-6) };
        var adc = new AdcOptions { Bits = 9, RangeMode = AdcRangeMode.Bound, Bound = 20, BoundManagement = BoundManagement.Iterative };
        var ones = Enumerable.Repeat(1.0, 30).ToArray();
        var a = AnalogMatrix.Program(ones, 1, 30, new AnalogOptions { Device = device, Adc = adc });
        var y = new double[1];
        a.Multiply(ones, y);
        const string bm = "aihwkit IOParameters: out_bound 20, out_res 1/(2⁹ − 2), BoundManagementType.ITERATIVE halves the input while an output clips; code by hand";
        yield return new("ReadEngine (bound management)", "1×30 ones · ones: 2·round(15·255/20)·20/255", 2 * 191 * 20.0 / 255, bm, y[0], 1e-5);
        yield return new("ReadEngine (bound management)", "re-reads of that vector", 1, bm, a.Diagnostics.BoundManagementReads, 0);

        // Compensation: stage 1 leaves σ√2·max|E₀| per weight (two devices of σ of the range, stage scale max|E₀|).
        const int n = 128;
        const double sigma = 0.02;
        var w = DigitalKernels.UniformSigned(n * n, 71);
        var noisy = new AnalogOptions
        {
            Device = device with { ProgrammingNoise = new IndependentNoise(sigma), ClipFloor = ClipFloor.Zero },
            Seed = 3,
        };
        var e0 = Errors(AnalogMatrix.Program(w, n, n, noisy), w);
        var e1 = Errors(AnalogMatrix.Program(w, n, n, noisy with { Mapping = new MappingOptions { Compensation = 1 } }), w);
        double predicted = sigma * Math.Sqrt(2) * e0.Max(Math.Abs);
        yield return new("ArrayBuilder (compensation)", "RMS weight error after one compensation stage", predicted,
            "Song et al., Science 383:903, 2024 (program the measured error at its own scale): σ√2·max|E₀|; tolerance 5 standard errors of an RMS over n² weights",
            Math.Sqrt(e1.Average(v => v * v)), 5 * predicted / Math.Sqrt(2.0 * n * n));
    }

    private static double[] Errors(AnalogMatrix a, double[] w)
    {
        var programmed = a.ProgrammedMatrix();
        int cols = a.Columns;
        return w.Select((v, i) => programmed[i / cols, i % cols] - v).ToArray();
    }
}
