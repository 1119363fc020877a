using System.Text.Json;
using AnalogLA.Cli;
using AnalogLA.Devices;

namespace AnalogLA.Tests.Cli;

public class RetentionCommandTests
{
    private static Task<(int Code, string Output, string Error)> Run(params string[] args) => CliRunner.Run(args);

    [Test]
    public async Task ReportsDeltaDwellAndInverseDesignPerTemperature()
    {
        var (code, output, _) = await Run("retention", "--preset", "dwmtj-liu2021", "--matrix-size", "64", "--json");
        Assert.That(code, Is.EqualTo(0));
        using var doc = JsonDocument.Parse(output);
        var temps = doc.RootElement.GetProperty("temperatures").EnumerateArray().ToArray();
        Assert.That(temps.Select(t => t.GetProperty("temperature_k").GetDouble()), Is.EqualTo(new[] { 300.0, 358, 398 }));
        var r = DwMtj.Liu2021Notched.Retention;
        Assert.That(temps[0].GetProperty("delta").GetDouble(), Is.EqualTo(r.ThermalStability(300)).Within(1e-9));
        Assert.That(temps[1].GetProperty("notch_depth_nm_for_10_years").GetDouble(), Is.EqualTo(r.NotchDepthNmFor(10 * PhysicalConstants.SecondsPerYear, 358)).Within(1e-9));
        Assert.That(temps[0].GetProperty("p_moved").GetArrayLength(), Is.EqualTo(5));
        Assert.That(temps[0].GetProperty("rel_mvm_error").GetArrayLength(), Is.EqualTo(5));
        // Δ falls with temperature.
        Assert.That(temps[2].GetProperty("delta").GetDouble(), Is.LessThan(temps[0].GetProperty("delta").GetDouble()));
    }

    [Test]
    public async Task AWellRetainingDesignKeepsItsMvmErrorAtRoomTemperature()
    {
        var (code, output, _) = await Run("retention", "--thickness-nm", "4", "--notch-depth-nm", "12", "--ku", "7e5", "--temperatures", "300",
            "--times", "1,3.15e8", "--matrix-size", "64", "--json");
        Assert.That(code, Is.EqualTo(0));
        using var doc = JsonDocument.Parse(output);
        var point = doc.RootElement.GetProperty("temperatures")[0];
        double fresh = point.GetProperty("rel_mvm_error_fresh").GetDouble();
        Assert.That(point.GetProperty("rel_mvm_error")[1].GetDouble(), Is.EqualTo(fresh).Within(1e-12));
        Assert.That(point.GetProperty("p_moved")[1].GetDouble(), Is.LessThan(1e-6));
    }

    [TestCase("--notch-depth-nm", "20", "NotchDepthNm")]
    [TestCase("--thickness-nm", "-2", "ThicknessNm")]
    [TestCase("--ku", "3e5", "K_eff")]
    [TestCase("--temperatures", "300,-4", "TemperatureKelvin")]
    [TestCase("--preset", "realistic", "DW-MTJ")]
    [TestCase("--times", "1,abc", "--times")]
    public async Task OutOfRangeInputExitsWithCodeTwo(string option, string value, string expected)
    {
        var (code, _, error) = await Run("retention", option, value, "--matrix-size", "0");
        Assert.That(code, Is.EqualTo(CliApp.UsageError));
        Assert.That(error, Does.Contain(expected));
    }

    [Test]
    public async Task MvmAgesArraysWithTimeAndTemperature()
    {
        async Task<double> Error(params string[] extra)
        {
            var args = new[] { "mvm", "--preset", "dwmtj-liu2021", "--rows", "64", "--cols", "64", "--trials", "2", "--json" }.Concat(extra).ToArray();
            var (code, output, _) = await Run(args);
            Assert.That(code, Is.EqualTo(0));
            using var doc = JsonDocument.Parse(output);
            return doc.RootElement.GetProperty("rel_error_mean").GetDouble();
        }

        double fresh = await Error();
        double aged = await Error("--time", "3600", "--temperature", "358");
        Assert.That(aged, Is.GreaterThan(2 * fresh));
        var (code2, _, error2) = await Run("mvm", "--preset", "bayesmtj-kwon2022", "--rows", "8", "--cols", "8");
        Assert.That(code2, Is.EqualTo(CliApp.UsageError));
        Assert.That(error2, Does.Contain("stochastic"));
    }
}
