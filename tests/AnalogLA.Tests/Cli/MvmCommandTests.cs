using System.Text.Json;
using AnalogLA.Cli;

namespace AnalogLA.Tests.Cli;

public class MvmCommandTests
{
    private static Task<(int Code, string Output, string Error)> Run(params string[] args) => CliRunner.Run(args);

    [Test]
    public async Task IdealPresetReproducesTheDigitalProduct()
    {
        var (code, output, _) = await Run("mvm", "--preset", "ideal", "--rows", "300", "--cols", "260", "--trials", "3", "--json");
        Assert.That(code, Is.EqualTo(0));
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("rel_error_mean").GetDouble(), Is.LessThan(1e-5));
        foreach (var field in new[] { "rows", "cols", "batch", "preset", "mapping", "sampling", "rel_error_std", "seconds_per_mvm", "digital_seconds_per_mvm", "adc_saturation_fraction", "options" })
        {
            Assert.That(root.TryGetProperty(field, out _), Is.True, field);
        }

        Assert.That(root.GetProperty("options").GetProperty("tiling").GetProperty("rows").GetInt32(), Is.EqualTo(256));
    }

    [Test]
    public async Task RealisticRunAgreesWithItsOwnPrediction()
    {
        var (code, output, _) = await Run("mvm", "--rows", "512", "--cols", "512", "--trials", "4", "--prog-noise", "0.05", "--read-noise", "0.02",
            "--dac-bits", "8", "--adc-bits", "8", "--adc-range", "calibrated", "--sampling", "output", "--json");
        Assert.That(code, Is.EqualTo(0));
        using var doc = JsonDocument.Parse(output);
        double measured = doc.RootElement.GetProperty("rel_error_mean").GetDouble();
        double predicted = doc.RootElement.GetProperty("predicted_rel_error").GetDouble();
        Assert.That(measured, Is.EqualTo(predicted).Within(0.08 * predicted));
    }

    [TestCase("--tile", "0", "--tile")]
    [TestCase("--adc-bits", "30", "Adc.Bits")]
    [TestCase("--prog-noise", "-0.1", "--prog-noise")]
    [TestCase("--preset", "nonsense", "unknown preset")]
    [TestCase("--mapping", "diagonal", "--mapping")]
    [TestCase("--rows", "0", "--rows")]
    [TestCase("--batch", "many", "--batch")]
    public async Task BadOptionsExitWithCodeTwoAndNameTheProblem(string option, string value, string expected)
    {
        var args = option == "--rows"
            ? new[] { "mvm", option, value, "--cols", "8", "--trials", "1" }
            : new[] { "mvm", option, value, "--rows", "8", "--cols", "8", "--trials", "1" };
        var (code, _, error) = await Run(args);
        Assert.That(code, Is.EqualTo(CliApp.UsageError));
        Assert.That(error, Does.Contain(expected));
    }

    [Test]
    public async Task OutputFileIsNotOverwrittenWithoutForce()
    {
        string path = Path.Combine(Path.GetTempPath(), $"analogla-test-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, "precious");
            var (code, _, error) = await Run("mvm", "--rows", "8", "--cols", "8", "--trials", "1", "--output", path);
            Assert.That(code, Is.EqualTo(CliApp.UsageError));
            Assert.That(error, Does.Contain("--force"));
            Assert.That(File.ReadAllText(path), Is.EqualTo("precious"));

            (code, _, _) = await Run("mvm", "--rows", "8", "--cols", "8", "--trials", "1", "--output", path, "--force");
            Assert.That(code, Is.EqualTo(0));
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            Assert.That(doc.RootElement.GetProperty("rows").GetInt32(), Is.EqualTo(8));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
