using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Periphery;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.Solvers;

/// <summary>
/// The one-step inverse circuit (Sun et al., PNAS 116:4123, 2019) against hand solutions of its stated first-order
/// equations: with open-loop gain A₀ each row leaks its total conductance through the virtual ground,
/// (G + diag(Σ_j |G_ij|)/A₀)·v = i; the circuit holds the programmed G (quantised levels here), not the requested one;
/// and a deterministic read error δ (a coarse ADC) enters the settled state as G_eff·v + δ(v₀) = i.
/// </summary>
public class InverseCircuitTests
{
    private static readonly double[,] A = { { 4, -1 }, { 2, 3 } };

    [Test]
    public void FiniteGainAddsEachRowsTotalConductanceOverTheGain()
    {
        // G_eff = [[4 + 5/10, −1], [2, 3 + 5/10]], det = 4.5·3.5 + 2 = 17.75; v = G_eff⁻¹·(1, 2) by Cramer's rule.
        var circuit = new InverseCircuit(A, AnalogOptions.Ideal, openLoopGain: 10, index: 0, start: 0);
        var v = new double[2];
        circuit.Solve([1, 2], v);
        Assert.That(v[0], Is.EqualTo((3.5 * 1 + 1 * 2) / 17.75).Within(1e-7), "the read path runs in float");
        Assert.That(v[1], Is.EqualTo((4.5 * 2 - 2 * 1) / 17.75).Within(1e-7));

        // The digital counterpart is the exact inverse whatever the gain: (3·1 + 1·2)/14, (4·2 − 2·1)/14.
        new InverseCircuit(A, null, openLoopGain: 10, index: 0, start: 0).Solve([1, 2], v);
        Assert.That(v, Is.EqualTo(new[] { 5.0 / 14, 6.0 / 14 }).Within(1e-14));
    }

    [Test]
    public void TheCircuitHoldsTheProgrammedLevelsNotTheRequestedValues()
    {
        // Four levels between 0 and G_max, steps of 4/3 in matrix units (the scale maps 4 to G_max): 4 lands on a level, the rest do not.
        var device = DevicePresets.Ideal with { Levels = 4 };
        var options = AnalogOptions.Ideal with { Device = device };
        var circuit = new InverseCircuit(A, options, openLoopGain: 1e12, index: 0, start: 0);
        var programmed = Matrix<double>.Build.DenseOfArray(circuit.Array!.ProgrammedMatrix());
        Assert.That((programmed - Matrix<double>.Build.DenseOfArray(A)).InfinityNorm(), Is.GreaterThan(0.1), "the levels move some entries");
        var v = new double[2];
        circuit.Solve([1, 2], v);
        var expected = programmed.Solve(Vector<double>.Build.DenseOfArray([1, 2]));
        Assert.That(v, Is.EqualTo(expected.ToArray()).Within(1e-6));
    }

    [Test]
    public void ADeterministicReadErrorEntersTheSettledStateWithItsSign()
    {
        // A 4-bit ADC: the read of v₀ differs from G·v₀ by a fixed δ; the settled v satisfies G_eff·v + δ = i (first order).
        var options = AnalogOptions.Ideal with { Adc = new AdcOptions { Bits = 4 } };
        const double Gain = 1e6;
        var circuit = new InverseCircuit(A, options, Gain, 0, 0);
        var g = Matrix<double>.Build.DenseOfArray(circuit.Array!.ProgrammedMatrix());
        var effective = g.Clone();
        for (int r = 0; r < 2; r++)
        {
            effective[r, r] += (Math.Abs(g[r, 0]) + Math.Abs(g[r, 1])) / Gain;
        }

        var i = Vector<double>.Build.DenseOfArray([1, 2]);
        var v0 = effective.Solve(i);
        var read = new double[2];
        circuit.Array.Multiply(v0.ToArray(), read);
        var delta = Vector<double>.Build.DenseOfArray(read) - (g * v0);
        Assert.That(delta.L2Norm(), Is.GreaterThan(1e-3 * i.L2Norm()), "the ADC error must be large enough to see");
        var v = new double[2];
        circuit.Solve(i.ToArray(), v);
        var residual = (effective * Vector<double>.Build.DenseOfArray(v)) + delta - i;
        Assert.That(residual.L2Norm(), Is.LessThan(1e-9 * i.L2Norm()));
    }
}
