using System.Text.Json.Nodes;
using AnalogLA.Tests.Cli;
using AnalogLA.Validation;

namespace AnalogLA.Tests.Validation;

/// <summary>`analogla validate` passes every row, and the CLI reports it as JSON with exit code 0.</summary>
public class ModelValidationTests
{
    [Test]
    public void EveryModelAgreesWithItsReference()
    {
        var rows = ModelValidation.Run(Environment.GetEnvironmentVariable("ANALOGLA_DATA"));
        Assert.That(rows, Has.Count.GreaterThanOrEqualTo(30));
        Assert.That(rows.Where(r => !r.Pass).Select(r => $"{r.Model}: {r.Quantity} = {r.Value}, reference {r.Reference} ± {r.Tolerance}"), Is.Empty);
        Assert.That(rows.Select(r => r.Model).Distinct(), Is.SupersetOf(new[]
        {
            "Demagnetization.Prism", "DomainWallRetention", "StochasticMtj", "PcmDrift", "IrDropSolver (direct)", "CostModel.Isaac",
            "ConjugateGradient", "Gmres", "AnalogPolynomialPreconditioner", "BayesianLinear",
        }));
    }

    [Test]
    public void AFailingRowFails()
    {
        Assert.That(new ValidationRow("m", "q", 1, "s", 1.2, 0.1).Pass, Is.False);
        Assert.That(new ValidationRow("m", "q", 1, "s", double.NaN, 0.1).Pass, Is.False);
        Assert.That(new ValidationRow("m", "q", 10, "s", 11, 0, Comparison.AtMost).Pass, Is.False);
        Assert.That(new ValidationRow("m", "q", 10, "s", 9, 0, Comparison.AtMost).Pass, Is.True);
    }

    [Test]
    public async Task TheCliPrintsJsonAndExitsZero()
    {
        var (code, output, error) = await CliRunner.Run("validate", "--json");
        Assert.That(code, Is.EqualTo(0), error);
        var node = JsonNode.Parse(output)!;
        Assert.That((int)node["failed"]!, Is.EqualTo(0));
        Assert.That(node["rows"]!.AsArray(), Has.Count.GreaterThanOrEqualTo(30));
    }
}
