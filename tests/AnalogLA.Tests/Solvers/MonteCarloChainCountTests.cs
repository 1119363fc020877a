using AnalogLA.Solvers;

namespace AnalogLA.Tests.Solvers;

/// <summary>
/// The chain count and length of the Monte Carlo inverse outside the convergent case (Alexandrov and Esquivel-Flores,
/// Comput. Math. Appl. 70:2709, 2015): N = ⌈(0.6745/ε/(1 − ‖C‖∞))²⌉ and T = ⌈ln δ / ln ‖C‖∞⌉ only when 0 &lt; ‖C‖∞ &lt; 1;
/// caps otherwise; a diagonal block (C = 0) is inverted exactly; options are checked before anything runs.
/// </summary>
public class MonteCarloChainCountTests
{
    [Test]
    public void ADivergentSeriesUsesTheCaps()
    {
        // [[1, 2], [2, 1]]: C = [[0, −2], [−2, 0]], ‖C‖∞ = 2 ≥ 1: no formula applies.
        var (_, chains, length) = MonteCarloInverse.Estimate(new double[,] { { 1, 2 }, { 2, 1 } }, new MonteCarloInverseOptions(MaxChains: 17, MaxLength: 9), 1);
        Assert.That((chains, length), Is.EqualTo((17, 9)));
        // ‖C‖∞ = 1 exactly ([[1, 1], [1, 1]] gives C = [[0, −1], [−1, 0]]): still the caps.
        var (_, n1, t1) = MonteCarloInverse.Estimate(new double[,] { { 1, 1 }, { 1, 1 } }, new MonteCarloInverseOptions(MaxChains: 17, MaxLength: 9), 1);
        Assert.That((n1, t1), Is.EqualTo((17, 9)));
    }

    [Test]
    public void TheFormulaIsCappedWhenItAsksForMore()
    {
        // [[2, −0.5], [−0.5, 2]]: ‖C‖∞ = 0.25. N = ⌈(0.6745/0.1/0.75)²⌉ = ⌈80.88⌉ = 81, T = ⌈ln 1e-3/ln 0.25⌉ = ⌈4.98⌉ = 5.
        double[,] a = { { 2, -0.5 }, { -0.5, 2 } };
        var (_, chains, length) = MonteCarloInverse.Estimate(a, new MonteCarloInverseOptions(0.1, 1e-3), 1);
        Assert.That((chains, length), Is.EqualTo((81, 5)));
        var (_, capped, shorter) = MonteCarloInverse.Estimate(a, new MonteCarloInverseOptions(0.1, 1e-3, MaxChains: 80, MaxLength: 4), 1);
        Assert.That((capped, shorter), Is.EqualTo((80, 4)));
    }

    [Test]
    public void ADiagonalBlockIsInvertedExactly()
    {
        // C = 0: N = ⌈(0.6745/0.1)²⌉ = ⌈45.50⌉ = 46; every chain stops at once, so the estimate is D⁻¹ exactly.
        var (inverse, chains, _) = MonteCarloInverse.Estimate(new double[,] { { 2, 0 }, { 0, -4 } }, new MonteCarloInverseOptions(0.1), 1);
        Assert.That(chains, Is.EqualTo(46));
        Assert.That(inverse, Is.EqualTo(new double[,] { { 0.5, 0 }, { 0, -0.25 } }).Within(1e-15));
    }

    [Test]
    public void OptionsAndTheDiagonalAreCheckedFirst()
    {
        double[,] a = { { 2, -0.5 }, { -0.5, 2 } };
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => MonteCarloInverse.Estimate(a, new MonteCarloInverseOptions(Accuracy: 0), 1))!.ParamName, Is.EqualTo("Accuracy"));
        var error = Assert.Throws<ArgumentException>(() => MonteCarloInverse.Estimate(new double[,] { { 1, 1 }, { 1, double.NaN } }, new MonteCarloInverseOptions(), 1))!;
        Assert.That(error.Message, Does.Contain("nonzero diagonal; row 1 has NaN"));
        var o = new MonteCarloInverseOptions();
        string Message(MonteCarloInverseOptions bad) => Assert.Catch<ArgumentOutOfRangeException>(bad.Validate)!.Message;
        Assert.That(Message(o with { Accuracy = 1.5 }), Does.Contain("--mcai-accuracy").And.Contain("(0, 1]"));
        Assert.That(Message(o with { Truncation = 1 }), Does.Contain("Truncation must be in (0, 1)"));
        Assert.That(Message(o with { MaxChains = 0 }), Does.Contain("MaxChains must be in [1, 1e6]"));
        Assert.That(Message(o with { MaxLength = 0 }), Does.Contain("MaxLength must be in [1, 1e5]"));
    }
}
