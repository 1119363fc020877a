using System.Text.Json;
using System.Text.Json.Nodes;
using AnalogLA.Cli;

namespace AnalogLA.Tests.Cli;

/// <summary>
/// The CLI's error contract, one test per class of broken promise: bad input exits with code 2 and a one-line
/// message naming the problem; no stack trace, no NaN in results, no file overwritten without --force, no stray
/// temporary file, nothing written by a cancelled run.
/// </summary>
public class ErrorContractTests : TempFolderFixture
{
    private string File(string name, string text)
    {
        string path = Path.Combine(Folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static void AssertUsageError((int Code, string Output, string Error) run, string messagePart)
    {
        Assert.That(run.Code, Is.EqualTo(CliApp.UsageError), run.Error);
        Assert.That(run.Error, Does.Contain(messagePart));
        Assert.That(run.Error, Does.Not.Contain("   at "), "no stack trace for a user error");
        Assert.That(run.Error.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
    }

    private string[] StrayFiles() => Directory.GetFiles(Folder, "*.tmp*", SearchOption.AllDirectories);

    // --- Exceptions the verbs did not catch ---------------------------------------------------------------

    [Test]
    public async Task OutputPathThatIsAFolderIsAUsageErrorAndLeavesNoTemporaryFile()
    {
        string folder = Directory.CreateDirectory(Path.Combine(Folder, "taken")).FullName;
        AssertUsageError(await CliRunner.Run("mvm", "--rows", "8", "--cols", "8", "--trials", "1", "--output", folder), "is a folder");
        AssertUsageError(await CliRunner.Run("sweep", "--rows", "8", "--cols", "8", "--trials", "1", "--out", folder), "is a folder");
        AssertUsageError(await CliRunner.Run("solve-suite", "--dir", Folder, "--out", folder), "is a folder");
        AssertUsageError(await CliRunner.Run("bnn", "train", "--out", folder), "is a folder");
        AssertUsageError(await CliRunner.Run("bnn", "eval", "--model", "m.bnn", "--reliability", folder), "is a folder");
        Assert.That(StrayFiles(), Is.Empty);
    }

    [Test]
    public async Task OutputInsideAFileIsRejectedBeforeTheWork()
    {
        string file = File("plain.txt", "x");
        var run = await CliRunner.Run("sweep", "--rows", "8", "--cols", "8", "--trials", "1", "--out", Path.Combine(file, "sweep.csv"));
        AssertUsageError(run, "is a file");
        Assert.That(run.Error, Does.Not.Contain("sweep: point"), "rejected before the first point ran");
    }

    [Test]
    public async Task EmptyOutputNameIsNamed()
    {
        AssertUsageError(await CliRunner.Run("mvm", "--rows", "8", "--cols", "8", "--output", ""), "--output: the file name is empty");
    }

    [Test]
    public async Task AnExceptionInsideAParallelLoopIsUnwrapped()
    {
        // The temperature reaches the DW-MTJ retention model inside Parallel.For; the user sees its message, not AggregateException.
        var run = await CliRunner.Run("mvm", "--preset", "dwmtj-liu2021", "--rows", "8", "--cols", "8", "--time", "10", "--temperature", "1e9");
        AssertUsageError(run, "TemperatureKelvin");
        Assert.That(run.Error, Does.Not.Contain("AggregateException").And.Not.Contain("One or more errors"));
        Assert.That(ErrorPolicy.Unwrap(new AggregateException(new InvalidOperationException("a"), new ArgumentException("b"))), Is.TypeOf<ArgumentException>());
    }

    [Test]
    public async Task AnAbsurdWireResistanceIsRejected() =>
        AssertUsageError(await CliRunner.Run("mvm", "--rows", "8", "--cols", "8", "--wire-ratio", "1e300"), "--wire-ratio must be finite and ≥ 0, at most 1");

    [Test]
    public async Task AbsurdNoiseIsRejectedNotWrittenAsInfinity()
    {
        AssertUsageError(await CliRunner.Run("mvm", "--rows", "8", "--cols", "8", "--prog-noise", "1e300", "--json"), "--prog-noise");
    }

    [Test]
    public async Task NonFiniteResultsAreWrittenAsNullAndListed()
    {
        // At 1 K the notch barrier is thousands of k_BT: dwell times overflow double. JSON must stay valid.
        var run = await CliRunner.Run("retention", "--temperatures", "1", "--times", "1", "--matrix-size", "0", "--json");
        Assert.That(run.Code, Is.EqualTo(0), run.Error);
        var node = JsonNode.Parse(run.Output)!.AsObject();
        Assert.That(node.ContainsKey("non_finite_fields"), Is.True);
        Assert.That(node["non_finite_fields"]!.AsObject().Select(p => p.Key), Has.Some.Contains("mean_dwell_seconds"));

        var direct = JsonResults.Finite(new JsonObject { ["a"] = double.NaN, ["b"] = new JsonArray(1.0, double.PositiveInfinity), ["c"] = 2.0 });
        Assert.That(direct["a"], Is.Null);
        Assert.That(direct["b"]![1], Is.Null);
        Assert.That((double)direct["c"]!, Is.EqualTo(2.0));
        Assert.That(direct["non_finite_fields"]!["$.b[1]"]!.GetValue<string>(), Is.EqualTo("∞").Or.EqualTo("Infinity"));
        Assert.DoesNotThrow(() => JsonSerializer.Serialize(direct));
    }

    [Test]
    public async Task ADivergingSolveStillPrintsValidJson()
    {
        // CG on a nonsymmetric convection–diffusion matrix can break down or diverge; whatever happens, the JSON parses.
        var run = await CliRunner.Run("solve", "--problem", "convdiff:12", "--solver", "cg", "--precond", "none", "--max-iter", "300", "--json");
        Assert.That(run.Code, Is.EqualTo(0), run.Error);
        Assert.DoesNotThrow(() => JsonNode.Parse(run.Output));
    }

    [Test]
    public async Task TimeLimitMustBePositive()
    {
        AssertUsageError(await CliRunner.Run("solve-suite", "--dir", Folder, "--time-limit", "-1", "--out", Path.Combine(Folder, "s.csv")), "--time-limit");
    }

    // --- Limits before allocation ----------------------------------------------------------------------------

    [TestCase("--rows", "100000", "--cols", "100000", "--rows and --cols")]
    [TestCase("--rows", "46000", "--cols", "46000", "exceeds the limit")]
    [TestCase("--trials", "2000000000", "--cols", "8", "--trials")]
    [TestCase("--batch", "2000000000", "--cols", "8", "--batch")]
    public async Task MvmSizesAreCheckedBeforeAllocating(string o1, string v1, string o2, string v2, string message)
    {
        AssertUsageError(await CliRunner.Run("mvm", o1, v1, o2, v2), message);
    }

    [Test]
    public async Task AnOverflowingGeneratedProblemNamesItsSize()
    {
        var run = await CliRunner.Run("solve", "--problem", "poisson3d:2000", "--precond", "none");
        AssertUsageError(run, "unknowns");
        Assert.That(run.Error, Does.Not.Contain("capacity"));
    }

    [Test]
    public void AnAbsurdNetworkWidthIsRejectedBeforeAllocating()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AnalogLA.Bayesian.Network(new AnalogLA.Bayesian.Architecture("resnet20", 3, 32, 10, 100000)));
        Assert.That(e!.Message, Does.Contain("Width"));
    }

    [Test]
    public async Task MatrixFromAnEndlessDeviceIsRejected()
    {
        if (!System.IO.File.Exists("/dev/zero"))
        {
            Assert.Ignore("no /dev/zero on this system");
        }

        AssertUsageError(await CliRunner.Run("solve", "--matrix", "/dev/zero", "--precond", "none"), "/dev/zero, line 1");
        AssertUsageError(await CliRunner.Run("bnn", "eval", "--model", "/dev/zero"), "/dev/zero: more than");
    }

    [Test]
    public async Task AMatrixFileDeclaringMoreThanItHoldsIsRejectedUpFront()
    {
        string dense = File("dense.mtx", "%%MatrixMarket matrix array real general\n46000 46000\n1\n");
        AssertUsageError(await CliRunner.Run("solve", "--matrix", dense, "--precond", "none"), "line 2");
        string sparse = File("sparse.mtx", "%%MatrixMarket matrix coordinate real general\n3 3 2000000000\n1 1 1\n");
        AssertUsageError(await CliRunner.Run("solve", "--matrix", sparse, "--precond", "none"), "line 2");
        string wrapped = File("wrapped.mtx", "%%MatrixMarket matrix array real general\n65536 65536\n");
        AssertUsageError(await CliRunner.Run("solve", "--matrix", wrapped, "--precond", "none"), "exceeds the limit");
    }

    // --- Silent wrong results ----------------------------------------------------------------------------------

    [Test]
    public async Task RhsFileWithTwoNumbersOnItsFirstLineIsAnErrorNotASkippedLine()
    {
        string rhs = File("b.txt", "1 2\n3\n4\n");
        AssertUsageError(await CliRunner.Run("solve", "--problem", "poisson2d:2", "--precond", "none", "--rhs", rhs), "line 1: expected one number per line");
        string mm = File("b.mtx", "%%MatrixMarket matrix array real general\n4 1\n1\n2\n3\n4\n");
        var run = await CliRunner.Run("solve", "--problem", "poisson2d:2", "--precond", "none", "--rhs", mm, "--json");
        Assert.That(run.Code, Is.EqualTo(0), run.Error);
        Assert.That((bool)JsonNode.Parse(run.Output)!["converged"]!, Is.True);
    }

    [Test]
    public async Task PredictionIsWithheldForAnAgedDriftingArray()
    {
        var fresh = JsonNode.Parse((await CliRunner.Run("mvm", "--preset", "pcm", "--rows", "16", "--cols", "16", "--trials", "1", "--json")).Output)!;
        var aged = await CliRunner.Run("mvm", "--preset", "pcm", "--rows", "16", "--cols", "16", "--trials", "1", "--time", "1e12", "--json");
        Assert.That(aged.Code, Is.EqualTo(0), aged.Error);
        var node = JsonNode.Parse(aged.Output)!;
        Assert.That(node["predicted_rel_error"], Is.Null);
        Assert.That((string)node["predicted_rel_error_unavailable"]!, Does.Contain("Aging"));
        Assert.That(fresh["predicted_rel_error"], Is.Not.Null, "the fresh array keeps its prediction");
    }

    // --- NaN written as a result --------------------------------------------------------------------------------

    [TestCase("--lr", "1e30", "--lr")]
    [TestCase("--lr", "Infinity", "--lr")]
    [TestCase("--kl-weight", "Infinity", "--kl-weight")]
    [TestCase("--prior-sigma", "0", "--prior-sigma")]
    [TestCase("--prior-sigma", "-1", "--prior-sigma")]
    public async Task TrainingHyperparametersAreValidatedUpFront(string option, string value, string message)
    {
        string path = Path.Combine(Folder, "m.bnn");
        AssertUsageError(await CliRunner.Run("bnn", "train", "--out", path, option, value), message);
        Assert.That(System.IO.File.Exists(path), Is.False);
    }

    // --- Data loss ------------------------------------------------------------------------------------------------

    [Test]
    public async Task ReliabilityNeverReplacesAFileWithoutForce()
    {
        string csv = File("rel.csv", "precious");
        string png = File("rel.png", "precious too");
        AssertUsageError(await CliRunner.Run("bnn", "eval", "--model", "missing.bnn", "--reliability", csv), "exists; pass --force");
        System.IO.File.Delete(csv);
        AssertUsageError(await CliRunner.Run("bnn", "eval", "--model", "missing.bnn", "--reliability", csv), "exists; pass --force");
        Assert.That(System.IO.File.ReadAllText(png), Is.EqualTo("precious too"));
    }

    // --- Stray or partial files ---------------------------------------------------------------------------------

    [Test]
    public void AFailedWriteRemovesItsTemporaryFile()
    {
        string target = Path.Combine(Folder, "out.txt");
        Assert.Throws<InvalidOperationException>(() => AnalogLA.IO.AtomicFile.Write(target, t =>
        {
            System.IO.File.WriteAllText(t, "half");
            throw new InvalidOperationException("writer failed");
        }, overwrite: false));
        Assert.That(System.IO.File.Exists(target), Is.False);
        Assert.That(StrayFiles(), Is.Empty);
    }

    [Test]
    public async Task SweepWithAnExistingPngFailsBeforeWritingTheCsv()
    {
        string csv = Path.Combine(Folder, "sweep.csv");
        string png = File("front.png", "precious");
        AssertUsageError(await CliRunner.Run("sweep", "--preset", "ideal", "--adc-bits", "8", "--tile", "8", "--wire-ratio", "0", "--rows", "8", "--cols", "8", "--trials", "1", "--out", csv, "--png", png), "exists; pass --force");
        Assert.That(System.IO.File.Exists(csv), Is.False);
        Assert.That(System.IO.File.ReadAllText(png), Is.EqualTo("precious"));
    }

    [Test]
    public async Task ACancelledSweepWritesNothingAndSaysCancelled()
    {
        string csv = Path.Combine(Folder, "sweep.csv");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApp.RunAsync(["sweep", "--preset", "ideal", "--adc-bits", "8", "--tile", "8", "--wire-ratio", "0", "--rows", "8", "--cols", "8", "--trials", "1", "--out", csv], output, error, cancel.Token);
        Assert.That(code, Is.EqualTo(CliApp.Cancelled));
        Assert.That(error.ToString(), Does.Contain("cancelled"));
        Assert.That(System.IO.File.Exists(csv), Is.False);
        Assert.That(StrayFiles(), Is.Empty);
    }

    // --- Bad input accepted ---------------------------------------------------------------------------------------

    [Test]
    public async Task RetentionRejectsANegativeMatrixSize() =>
        AssertUsageError(await CliRunner.Run("retention", "--matrix-size", "-1"), "--matrix-size");

    [Test]
    public async Task SolveSuiteRejectsAnEmptyPreconditionerList() =>
        AssertUsageError(await CliRunner.Run("solve-suite", "--dir", Folder, "--precond", ",", "--out", Path.Combine(Folder, "s.csv")), "--precond needs at least one");

    [TestCase("0")]
    [TestCase("1")]
    [TestCase("NaN")]
    public async Task ToleranceMustBeInTheOpenUnitInterval(string tol)
    {
        AssertUsageError(await CliRunner.Run("solve-suite", "--dir", Folder, "--tol", tol, "--out", Path.Combine(Folder, "s.csv")), "--tol");
        AssertUsageError(await CliRunner.Run("solve", "--problem", "poisson2d:4", "--tol", tol), "--tol");
    }

    // --- Messages that name the problem ----------------------------------------------------------------------------

    [Test]
    public async Task ATruncatedCheckpointIsNamed()
    {
        string path = Path.Combine(Folder, "m.bnn");
        AnalogLA.Bayesian.Checkpoint.Save(new AnalogLA.Bayesian.Network(new AnalogLA.Bayesian.Architecture("lenet5", 1, 12, 10)), path);
        var bytes = System.IO.File.ReadAllBytes(path);
        System.IO.File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        AssertUsageError(await CliRunner.Run("bnn", "eval", "--model", path), path);
    }

    [Test]
    public void ACorruptGzipIdxIsNamed()
    {
        string path = Path.Combine(Folder, "images.idx.gz");
        System.IO.File.WriteAllBytes(path, [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03, 0xff, 0xff, 0xff, 0xff, 0x12, 0x34]);
        var e = Assert.Throws<InvalidDataException>(() => AnalogLA.IO.IdxReader.Read(path));
        Assert.That(e!.Message, Does.StartWith(path));
    }

    [Test]
    public async Task ABugIsNotPassedOffAsAUsageError()
    {
        // A verb that throws something no input should cause: the policy must not pass it off as a usage error.
        Assert.That(ErrorPolicy.IsUserError(new InvalidOperationException()), Is.False);
        Assert.That(ErrorPolicy.IsUserError(new KeyNotFoundException()), Is.False);
        Assert.That(ErrorPolicy.IsUserError(new UnauthorizedAccessException()), Is.True);
        Assert.That(ErrorPolicy.IsUserError(new AnalogLA.Bayesian.TrainingDivergedException()), Is.True);
        await Task.CompletedTask;
    }
}
