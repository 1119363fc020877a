using System.Text.Json;
using AnalogLA.Cli;
using AnalogLA.IO;
using AnalogLA.Solvers;

namespace AnalogLA.Tests.Cli;

public class SolveCommandTests
{
    private static Task<(int Code, string Output, string Error)> Run(params string[] args) => CliRunner.Run(args);

    [Test]
    public async Task SolvesAGeneratedProblemAndReportsTheFields()
    {
        var (code, output, _) = await Run("solve", "--problem", "poisson2d:16", "--solver", "cg", "--precond", "ilu0", "--tol", "1e-10", "--json");
        Assert.That(code, Is.EqualTo(0));
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        foreach (var field in new[] { "matrix", "rows", "nnz", "solver", "precond", "preset", "converged", "iterations", "true_rel_residual", "seconds", "analog_mvms", "options" })
        {
            Assert.That(root.TryGetProperty(field, out _), Is.True, field);
        }

        Assert.That(root.GetProperty("converged").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("true_rel_residual").GetDouble(), Is.LessThanOrEqualTo(1e-10));
        Assert.That(root.GetProperty("nnz").GetInt64(), Is.EqualTo(256 * 5 - 4 * 16));
    }

    [Test]
    public async Task SolvesAMatrixMarketFileWithAnAnalogPreconditioner()
    {
        string path = Path.Combine(Path.GetTempPath(), $"analogla-{Guid.NewGuid():N}.mtx");
        try
        {
            MatrixMarket.Write(path, TestProblems.ConvectionDiffusion2D(10));
            var (code, output, _) = await Run("solve", "--matrix", path, "--precond", "analog-block-jacobi", "--tile", "64", "--json");
            Assert.That(code, Is.EqualTo(0));
            using var doc = JsonDocument.Parse(output);
            Assert.That(doc.RootElement.GetProperty("converged").GetBoolean(), Is.True);
            Assert.That(doc.RootElement.GetProperty("analog_mvms").GetInt64(), Is.GreaterThan(0));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("--precond", "magic", "--precond")]
    [TestCase("--solver", "lsqr", "--solver")]
    [TestCase("--problem", "poisson9d:4", "unknown problem")]
    [TestCase("--matrix", "/nonexistent/file.mtx", "file.mtx")]
    public async Task BadInputExitsWithCodeTwo(string option, string value, string expected)
    {
        var (code, _, error) = await Run("solve", option, value);
        Assert.That(code, Is.EqualTo(CliApp.UsageError));
        Assert.That(error, Does.Contain(expected));
    }

    [Test]
    public async Task NotMatrixMarketIsAClearError()
    {
        string path = Path.Combine(Path.GetTempPath(), $"analogla-{Guid.NewGuid():N}.mtx");
        try
        {
            File.WriteAllText(path, "hello world\n");
            var (code, _, error) = await Run("solve", "--matrix", path);
            Assert.That(code, Is.EqualTo(CliApp.UsageError));
            Assert.That(error, Does.Contain("line 1").And.Contain("MatrixMarket"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task SuiteWritesCsvAndMarkdown()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"analogla-suite-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string csv = Path.Combine(dir, "out.csv");
        try
        {
            MatrixMarket.Write(Path.Combine(dir, "p.mtx"), TestProblems.Poisson2D(8));
            MatrixMarket.Write(Path.Combine(dir, "c.mtx"), TestProblems.ConvectionDiffusion2D(8));
            var (code, output, _) = await Run("solve-suite", "--dir", dir, "--precond", "none,ilu0,analog-block-jacobi", "--out", csv, "--tile", "32");
            Assert.That(code, Is.EqualTo(0));
            Assert.That(File.ReadAllLines(csv), Has.Length.EqualTo(1 + 2 * 3));
            Assert.That(output, Does.Contain("| p | 64 |").And.Contain("analog-block-jacobi"));
            (code, _, var error) = await Run("solve-suite", "--dir", dir, "--out", csv);
            Assert.That(code, Is.EqualTo(CliApp.UsageError));
            Assert.That(error, Does.Contain("--force"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

public class SolveCostCommandTests
{
    [Test]
    public async Task SolveReportsEnergyAndRejectsNegativeWires()
    {
        var (code, output, error) = await CliRunner.Run("solve", "--problem", "poisson2d:12", "--precond", "analog-block-jacobi", "--preset", "ideal", "--tile", "48", "--json");
        Assert.That(code, Is.Zero, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.That(root.GetProperty("energy_joules_per_precond_application").GetDouble(), Is.GreaterThan(0));
        Assert.That(root.GetProperty("digital_reference").GetProperty("ilu0_joules_per_application").GetDouble(), Is.GreaterThan(0));

        (code, _, error) = await CliRunner.Run("solve", "--problem", "poisson2d:12", "--wire-ohms", "-1");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("Parasitics.WireOhms must be finite and ≥ 0"));
    }
}
