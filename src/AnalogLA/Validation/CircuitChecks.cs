using AnalogLA.Crossbar;

namespace AnalogLA.Validation;

/// <summary>IR-drop hand solutions and the ISAAC cost table.</summary>
internal static class CircuitChecks
{
    public static IEnumerable<ValidationRow> Run()
    {
        // One device: driver → row segment → device → column segment → ground, I = V/(2r + 1/G).
        double[,] one = { { 1e-4 } };
        double expected = 0.3 / (2 * 250 + 1e4);
        yield return new("IrDropSolver (direct)", "1×1 current, A", expected, "series circuit by hand: V/(2r + 1/G)", IrDropSolver.SolveDirect(one, [0.3], 250).ColumnCurrents[0], 1e-12 * expected);
        yield return new("IrDropSolver (iterative)", "1×1 current, A", expected, "series circuit by hand: V/(2r + 1/G)", IrDropSolver.SolveIterative(one, [0.3], 250).ColumnCurrents[0], 1e-12 * expected);

        // One row, two columns (nodal analysis by hand).
        double g0 = 2e-4, g1 = 5e-5, r = 100, v = 0.2, gw = 1 / r;
        double ge0 = g0 * gw / (g0 + gw), ge1 = g1 * gw / (g1 + gw);
        double k = gw / (gw + ge1);
        double r0 = gw * v / (gw + (gw * (1 - k)) + ge0);
        double[,] two = { { g0, g1 } };
        double i1 = ge1 * k * r0;
        yield return new("IrDropSolver (direct)", "1×2 second column current, A", i1, "nodal equations by hand", IrDropSolver.SolveDirect(two, [v], r).ColumnCurrents[1], 1e-12 * i1);
        yield return new("IrDropSolver (iterative)", "1×2 second column current, A", i1, "nodal equations by hand", IrDropSolver.SolveIterative(two, [v], r).ColumnCurrents[1], 1e-12 * i1);

        // ISAAC (Shafiee et al., ISCA 2016, Table I): 8-bit ADC 2 mW at 1.28 GS/s; 1-bit DACs 4 mW for 8×128 at 10 MHz... per conversion.
        yield return new("CostModel.Isaac", "8-bit ADC energy per conversion, pJ", 2e-3 / 1.28e9 * 1e12, "Shafiee et al., ISCA 2016, Table I: 2 mW at 1.28 GS/s", CostModel.Isaac.AdcJoules(8) * 1e12, 0.01 * 1.5625);
        yield return new("CostModel.Isaac", "8-bit ADC area per ADC, mm²", 0.0096 / 8, "Shafiee et al., ISCA 2016, Table I: 8 ADCs, 0.0096 mm²", CostModel.Isaac.AdcArea(8), 1e-12);
    }
}
