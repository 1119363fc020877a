namespace AnalogLA.Tests.Cli;

public class SweepCommandTests
{
    private static string[] WithoutSeconds(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line[..line.LastIndexOf(',')]).ToArray();

    [Test]
    public async Task ShardsConcatenateToTheWholeSweep()
    {
        string folder = Path.Combine(Path.GetTempPath(), "analogla-sweep-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string[] grid = ["--rows", "32", "--cols", "32", "--trials", "2", "--preset", "realistic,dwmtj-realistic", "--adc-bits", "4,8", "--tile", "16,32", "--wire-ratio", "0,1e-4"];
            string whole = Path.Combine(folder, "whole.csv");
            var (code, _, error) = await CliRunner.Run(["sweep", .. grid, "--out", whole, "--png", Path.Combine(folder, "front.png")]);
            Assert.That(code, Is.Zero, error);
            var parts = new List<string>();
            for (int i = 0; i < 3; i++)
            {
                string part = Path.Combine(folder, $"part{i}.csv");
                (code, _, error) = await CliRunner.Run(["sweep", .. grid, "--out", part, "--shard", $"{i}/3"]);
                Assert.That(code, Is.Zero, error);
                parts.Add(File.ReadAllText(part));
            }

            var expected = WithoutSeconds(File.ReadAllText(whole));
            Assert.That(expected, Has.Length.EqualTo(17));   // header + 2·2·2·2 points
            Assert.That(WithoutSeconds(string.Concat(parts)), Is.EqualTo(expected));
            Assert.That(new FileInfo(Path.Combine(folder, "front.png")).Length, Is.GreaterThan(1000));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestCase("--shard", "3/3", "--shard must be i/n")]
    [TestCase("--adc-bits", "4,x", "--adc-bits: cannot read 'x'")]
    [TestCase("--adc-bits", "30", "Adc.Bits")]
    [TestCase("--wire-ratio", "-1", "--wire-ratio must be finite")]
    public async Task BadSettingsAreNamed(string option, string value, string message)
    {
        string path = Path.Combine(Path.GetTempPath(), "analogla-sweep-bad-" + Guid.NewGuid().ToString("N") + ".csv");
        string[] wire = option == "--wire-ratio" ? [] : ["--wire-ratio", "0"];
        var (code, _, error) = await CliRunner.Run(["sweep", "--rows", "8", "--cols", "8", "--trials", "1", "--preset", "realistic", "--tile", "8", .. wire, option, value, "--out", path]);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain(message));
        Assert.That(File.Exists(path), Is.False);
    }
}
