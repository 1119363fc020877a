using System.Text.Json.Nodes;

namespace AnalogLA.Tests.Cli;

public class SolveBlocksTests
{
    [Test]
    public async Task BlocksSetsTheBlockJacobiPartition()
    {
        // poisson2d:8 (64 unknowns), ideal digital block-Jacobi: one block is the exact inverse (1 iteration);
        // more blocks are a weaker preconditioner (more iterations).
        async Task<int> Iterations(string blocks)
        {
            var run = await CliRunner.Run("solve", "--problem", "poisson2d:8", "--preset", "ideal", "--precond", "analog-block-jacobi", "--blocks", blocks, "--tol", "1e-10", "--json");
            Assert.That(run.Code, Is.EqualTo(0), run.Error);
            return JsonNode.Parse(run.Output)!["iterations"]!.GetValue<int>();
        }

        int one = await Iterations("1"), eight = await Iterations("8");
        Assert.That(one, Is.LessThanOrEqualTo(2));
        Assert.That(eight, Is.GreaterThan(one));
        var bad = await CliRunner.Run("solve", "--problem", "poisson2d:8", "--blocks", "65");
        Assert.That(bad.Code, Is.EqualTo(2));
        Assert.That(bad.Error, Does.Contain("--blocks must be auto, auto-norm or a whole number in [1, 64]"));
    }
}
