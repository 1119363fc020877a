using System.Globalization;
using System.Text.Json.Nodes;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.Cli;

/// <summary>solve-track, the shared technique options (--blocks auto, --compensate, --headroom) and their refusals.</summary>
[TestFixture]
public class SolveTrackTests : TempFolderFixture
{
    private static string? Matrices()
    {
        string? root = Environment.GetEnvironmentVariable("ANALOGLA_DATA");
        string? folder = root is null ? null : Path.Combine(root, "matrices");
        return folder is not null && File.Exists(Path.Combine(folder, "gr_30_30.mtx")) ? folder : null;
    }

    [Test]
    public async Task TheTrackRunsBaselinesAndIdealAndNoisyVariantsAndResumes()
    {
        string folder = Matrices() ?? throw new IgnoreException("gr_30_30.mtx not found: set ANALOGLA_DATA to the shared data folder to run this test.");
        string csv = Path.Combine(Folder, "track.csv"), md = Path.Combine(Folder, "track.md");
        var run = await CliRunner.Run("solve-track", "--problems", "gr_30_30", "--dir", folder, "--preset", "ibm-hpec2023", "--blocks", "5,7", "--out", csv, "--markdown", md);
        Assert.That(run.Code, Is.EqualTo(0), run.Error);
        var lines = File.ReadAllLines(csv);
        Assert.That(lines, Has.Length.EqualTo(1 + 3 + 2), "three baselines, then ideal and noisy at 5 blocks (7 does not divide 900)");
        var header = lines[0].Split(',');
        string Field(int line, string name) => lines[line].Split(',')[Array.IndexOf(header, name)];
        Assert.That(Field(3, "Precond"), Is.EqualTo("ilu0"));
        Assert.That(Field(3, "Iterations"), Is.EqualTo("21"), "ILU(0) on gr_30_30, as in the SuiteSparse baselines");
        int ideal = int.Parse(Field(4, "Iterations"), CultureInfo.InvariantCulture), noisy = int.Parse(Field(5, "Iterations"), CultureInfo.InvariantCulture);
        Assert.That(double.Parse(Field(5, "NoisePenalty"), CultureInfo.InvariantCulture), Is.EqualTo((double)noisy / ideal).Within(1e-12));
        Assert.That(Field(5, "BlockSize"), Is.EqualTo("180"));
        Assert.That(File.ReadAllText(md), Does.Contain("| analog-block-jacobi | 5 |"));

        var resumed = await CliRunner.Run("solve-track", "--problems", "gr_30_30", "--dir", folder, "--preset", "ibm-hpec2023", "--blocks", "5", "--out", csv, "--resume");
        Assert.That(resumed.Code, Is.EqualTo(0), resumed.Error);
        Assert.That(resumed.Error, Does.Not.Contain("[gr_30_30]"), "every row was already there");
        Assert.That(File.ReadAllLines(csv), Is.EqualTo(lines));
    }

    [Test]
    public async Task ResumingWithOtherOptionsIsRefusedAndTheRowsKept()
    {
        // Every row carries the setting it was measured with; a resume with another technique would mix two settings.
        string csv = Path.Combine(Folder, "track.csv");
        string[] first = ["solve-track", "--problems", "convdiff", "--preset", "ibm-hpec2023", "--blocks", "64", "--out", csv];
        var run = await CliRunner.Run(first);
        Assert.That(run.Code, Is.EqualTo(0), run.Error);
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        Assert.That(lines[^1].Split(',')[Array.IndexOf(header, "Setting")], Does.Contain("preset=ibm-hpec2023").And.Contain("overlap=0").And.Contain("digital-diagonal=off").And.Contain("read-noise=preset"));

        var other = await CliRunner.Run([.. first, "--resume", "--overlap", "4"]);
        Assert.That(other.Code, Is.EqualTo(2));
        Assert.That(other.Error, Does.Contain("--resume").And.Contain("overlap=4"));
        Assert.That(File.ReadAllLines(csv), Is.EqualTo(lines));
        var same = await CliRunner.Run([.. first, "--resume"]);
        Assert.That(same.Code, Is.EqualTo(0), same.Error);
        Assert.That(File.ReadAllLines(csv), Is.EqualTo(lines));
    }

    [Test]
    public async Task ATimeLimitHitWhileChoosingBlocksIsARowNotACancelledSuite()
    {
        string dir = Path.Combine(Folder, "m");
        Directory.CreateDirectory(dir);
        AnalogLA.IO.MatrixMarket.Write(Path.Combine(dir, "p.mtx"), TestProblems.FromSpec("poisson2d:12"));
        string csv = Path.Combine(Folder, "suite.csv");
        var run = await CliRunner.Run("solve-suite", "--dir", dir, "--precond", "analog-block-jacobi", "--blocks", "auto", "--time-limit", "0.000001", "--out", csv);
        Assert.That(run.Code, Is.EqualTo(0), run.Error);
        Assert.That(File.ReadAllText(csv), Does.Contain("TimeLimit"));
    }

    [Test]
    public async Task BadTrackInputIsRefusedByName()
    {
        string[] track = ["solve-track", "--out", Path.Combine(Folder, "a.csv")];
        string[] solve = ["solve", "--problem", "poisson2d:8"];
        (string[] Args, string Message)[] cases =
        [
            ([.. track, "--problems", "poisson9d"], "unknown track problem 'poisson9d'"),
            ([.. track, "--blocks", "0"], "--blocks"),
            ([.. track, "--precond", "ilu0"], "--precond"),
            ([.. solve, "--compensate", "9"], "--compensate must be in [0, 4]"),
            ([.. solve, "--headroom", "1.5"], "--headroom"),
            ([.. solve, "--read-repeats", "0"], "--read-repeats must be in [1, 1024]"),
            ([.. solve, "--read-noise", "1.5"], "--read-noise must be in [0, 1]"),
            ([.. solve, "--verify-reads", "0"], "--verify-reads must be in [1, 65536]"),
            ([.. track, "--verify-reads", "70000"], "--verify-reads must be in [1, 65536]"),
            ([.. solve, "--adc-headroom", "0.5"], "--adc-headroom must be in [1, 64]"),
            ([.. solve, "--mcai-accuracy", "2"], "--mcai-accuracy must be in (0, 1]"),
            ([.. solve, "--drop-tol", "1"], "--drop-tol must be in [0, 1)"),
            ([.. solve, "--overlap", "-1"], "--overlap must be in [0, 4096]"),
            ([.. track, "--overlap", "5000"], "--overlap must be in [0, 4096]"),
            ([.. solve, "--blocks", "many"], "--blocks must be auto, auto-norm or a whole number"),
            ([.. solve, "--precond", "analog-spai", "--overlap", "2"], "--overlap applies to --precond analog-block-jacobi, not analog-spai"),
            ([.. solve, "--precond", "ilu0", "--digital-diagonal"], "--digital-diagonal applies to --precond analog-block-jacobi, not ilu0"),
            ([.. solve, "--precond", "analog-block-jacobi", "--block-amc"], "--block-amc applies to --precond analog-inverse, not analog-block-jacobi"),
        ];
        foreach (var (args, message) in cases)
        {
            var run = await CliRunner.Run(args);
            Assert.That(run.Code, Is.EqualTo(2), string.Join(' ', args));
            Assert.That(run.Error, Does.Contain(message), string.Join(' ', args));
        }
    }

    [Test]
    public async Task ReadNoiseReplacesThePresetsAndMoreNoiseNeedsMoreIterations()
    {
        // Same seed, same arrays: only the read noise differs, so a larger σ (fresh on every application) must cost
        // FGMRES iterations; the option ignored would give equal counts.
        async Task<int> Iterations(string sigma)
        {
            var run = await CliRunner.Run("solve", "--problem", "poisson2d:16", "--preset", "dwmtj-realistic", "--precond", "analog-block-jacobi", "--read-noise", sigma, "--json");
            Assert.That(run.Code, Is.EqualTo(0), run.Error);
            return JsonNode.Parse(run.Output)!["iterations"]!.GetValue<int>();
        }

        int quiet = await Iterations("0"), noisy = await Iterations("0.2");
        Assert.That(noisy, Is.GreaterThan(quiet), $"σ = 0: {quiet}, σ = 0.2: {noisy}");
    }

    [Test]
    public async Task VerifyReadsAndAdcHeadroomReachTheArraysOptions()
    {
        var run = await CliRunner.Run("solve", "--problem", "poisson2d:8", "--precond", "analog-block-jacobi", "--compensate", "1", "--verify-reads", "256", "--adc-headroom", "2.5", "--json");
        Assert.That(run.Code, Is.EqualTo(0), run.Error);
        var options = JsonNode.Parse(run.Output)!["options"]!;
        Assert.That(options["mapping"]!["verifyReads"]!.GetValue<int>(), Is.EqualTo(256));
        Assert.That(options["mapping"]!["compensation"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(options["adc"]!["calibrationHeadroom"]!.GetValue<double>(), Is.EqualTo(2.5));
    }

    [TestCase("auto", "trial_residual")]
    [TestCase("auto-norm", "norm_I_minus_AM")]
    public async Task BlocksAutoPicksTheCountWithTheSmallestTrialResidualOrNorm(string mode, string field)
    {
        var run = await CliRunner.Run("solve", "--problem", "poisson2d:16", "--preset", "dwmtj-realistic", "--precond", "analog-block-jacobi", "--blocks", mode, "--json");
        Assert.That(run.Code, Is.EqualTo(0), run.Error);
        var node = JsonNode.Parse(run.Output)!;
        var selection = node["block_selection"]!;
        var estimates = selection["estimates"]!.AsArray().Select(e => (Blocks: e!["blocks"]!.GetValue<int>(), Score: e[field]?.GetValue<double>() ?? double.PositiveInfinity)).ToArray();
        var best = estimates.MinBy(e => e.Score);
        Assert.That(selection["chosen_blocks"]!.GetValue<int>(), Is.EqualTo(best.Blocks));
        Assert.That(node["block_size"]!.GetValue<int>(), Is.EqualTo((256 + best.Blocks - 1) / best.Blocks));
        // n = 256: the default counts whose blocks keep at least two rows (256 blocks would be Jacobi).
        Assert.That(estimates.Select(e => e.Blocks), Is.EqualTo(new[] { 1, 2, 4, 5, 8, 16, 32, 64, 128 }));
    }

    [Test]
    public void TheDefaultCandidatesKeepOneCountPerBlockSizeOfTwoRowsOrMore()
    {
        // n = 10: counts 1, 2, 4, 5 give blocks of 10, 5, 3 and 2 rows; 8 gives 2 again (dropped), 16 and above would be Jacobi.
        var a = Matrix<double>.Build.Dense(10, 10, (i, j) => i == j ? 3 : (Math.Abs(i - j) == 1 ? -1 : 0));
        var (estimates, _) = BlockCountSelection.Evaluate(a, size => new AnalogBlockJacobiPreconditioner(null, size));
        Assert.That(estimates.Select(e => (e.Blocks, e.BlockSize)), Is.EqualTo(new[] { (1, 10), (2, 5), (4, 3), (5, 2) }));
    }

    [Test]
    public void TheProbedNormIsTheResidualOfAnExactDigitalPreconditioner()
    {
        // Digital block-Jacobi on a 2-block-diagonal matrix: with 1 or 2 blocks M = A⁻¹ exactly, so ‖I − A·M‖ = 0; with 8
        // blocks (20 here) the coupling inside each true block is dropped, so the norm is positive. An independent check on Evaluate.
        // 40 × 40, two tridiagonal 20-blocks; 20 blocks of 2 cut each true block 9 times, far more than 10 trial steps remove.
        var a = Matrix<double>.Build.Dense(40, 40, (i, j) => i == j ? 2.5 : (i / 20 == j / 20 && Math.Abs(i - j) == 1 ? -1 : 0));
        var (estimates, best) = BlockCountSelection.Evaluate(a, size => new AnalogBlockJacobiPreconditioner(null, size), [1, 2, 20]);
        Assert.That(estimates[0].Estimate, Is.LessThan(1e-12));
        Assert.That(estimates[1].Estimate, Is.LessThan(1e-12));
        Assert.That(estimates[2].Estimate, Is.GreaterThan(0.1));
        Assert.That(estimates[0].TrialResidual, Is.LessThan(1e-12), "an exact preconditioner solves in one FGMRES step");
        Assert.That(estimates[2].TrialResidual, Is.GreaterThan(1e-12).And.LessThan(1), "twenty blocks need more than ten steps");
        Assert.That(best, Is.Not.EqualTo(2));
    }
}

/// <summary>solve --ablate: one solve per error source, the dominant one named.</summary>
public class SolveAblateTests
{
    [Test]
    public async Task TheAblationListsEverySourceAndNamesTheWorst()
    {
        var run = await CliRunner.Run("solve", "--problem", "poisson2d:12", "--precond", "analog-block-jacobi", "--preset", "dwmtj-realistic", "--ablate", "--json", "--tol", "1e-10");
        Assert.That(run.Code, Is.EqualTo(0), run.Error);
        var node = JsonNode.Parse(run.Output)!;
        var rows = node["rows"]!.AsArray();
        Assert.That(rows, Has.Count.EqualTo(10));
        var singles = rows.Skip(1).Take(rows.Count - 2).Select(r => (Name: r!["source"]!.GetValue<string>(), Converged: r["converged"]!.GetValue<bool>(), Iterations: r["iterations"]!.GetValue<int>())).ToArray();
        var worst = singles.OrderBy(s => s.Converged).ThenByDescending(s => s.Iterations).First();
        Assert.That(node["dominant_source"]!.GetValue<string>(), Is.EqualTo(worst.Name));
        int none = rows[0]!["iterations"]!.GetValue<int>(), all = rows[^1]!["iterations"]!.GetValue<int>();
        Assert.That(all, Is.GreaterThanOrEqualTo(none), "all sources together are no better than none");

        var digital = await CliRunner.Run("solve", "--problem", "poisson2d:8", "--precond", "ilu0", "--ablate");
        Assert.That(digital.Code, Is.EqualTo(2));
        Assert.That(digital.Error, Does.Contain("--ablate needs an analog preconditioner"));
    }
}

/// <summary>mvm --compensate: the mapping option reaches every client.</summary>
public class MvmCompensateTests
{
    [Test]
    public async Task CompensationLowersTheMvmErrorAndCostsEnergy()
    {
        async Task<(double Error, double Joules)> Run(string k)
        {
            var run = await CliRunner.Run("mvm", "--preset", "dwmtj-realistic", "--rows", "64", "--cols", "64", "--trials", "3", "--compensate", k, "--json");
            Assert.That(run.Code, Is.EqualTo(0), run.Error);
            var node = JsonNode.Parse(run.Output)!;
            return (node["rel_error_mean"]!.GetValue<double>(), node["energy_joules_per_mvm"]!.GetValue<double>());
        }

        var plain = await Run("0");
        var once = await Run("1");
        Assert.That(once.Error, Is.LessThan(plain.Error));
        Assert.That(once.Joules, Is.GreaterThan(1.5 * plain.Joules));
        var bad = await CliRunner.Run("mvm", "--compensate", "7");
        Assert.That(bad.Code, Is.EqualTo(2));
        Assert.That(bad.Error, Does.Contain("--compensate must be in [0, 4]"));
    }
}
