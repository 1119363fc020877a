using AnalogLA.Bayesian;

namespace AnalogLA.Tests.Bayesian;

public class ResumeTests
{
    private static readonly TrainingOptions Recipe = new() { Epochs = 3, BatchSize = 32, LearningRate = 3e-3, Seed = 4 };

    private static Network Fresh() => new(new Architecture("lenet5", 1, 12, 4, PriorSigma: 0.5), seed: 3);

    /// <summary>Three epochs straight and one epoch, saved, reloaded and resumed for two: the same parameters, bit for bit.</summary>
    [Test]
    public void AResumedRunEqualsAnUninterruptedOne()
    {
        var data = TrainingTests.Blobs(128, 1);
        var straight = Fresh();
        Trainer.Train(straight, data, Recipe);

        string folder = Path.Combine(Path.GetTempPath(), "analogla-resume-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string path = Path.Combine(folder, "run.bnn");
            var first = Fresh();
            using (var stop = new CancellationTokenSource())
            {
                // Interrupt after the first epoch's state has been written.
                Assert.Throws<OperationCanceledException>(() => Trainer.Train(first, data, Recipe, null, null, s =>
                {
                    Checkpoint.Save(first, path);
                    s.Save(first, TrainingState.PathFor(path));
                    stop.Cancel();
                }, stop.Token));
            }

            var resumed = Checkpoint.Load(path);
            var state = TrainingState.Load(TrainingState.PathFor(path), resumed);
            Assert.That(state.CompletedEpochs, Is.EqualTo(1));
            var reports = Trainer.Train(resumed, data, Recipe, null, state, null);
            Assert.That(reports.Select(r => r.Epoch), Is.EqualTo(new[] { 2, 3 }));
            for (int i = 0; i < straight.Parameters.Count; i++)
            {
                Assert.That(resumed.Parameters[i].Value, Is.EqualTo(straight.Parameters[i].Value), straight.Parameters[i].Name);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void AStateOfAnotherRunOrACorruptOneIsRefused()
    {
        var data = TrainingTests.Blobs(64, 1);
        var network = Fresh();
        var state = new TrainingState(1, 2, Recipe, network.Body.Describe(), data.Count);
        Assert.That(Assert.Throws<ArgumentException>(() => state.CheckContinues(Recipe with { BatchSize = 64 }, data.Count, "s"))!.Message, Does.Contain("--batch"));
        Assert.That(Assert.Throws<ArgumentException>(() => state.CheckContinues(Recipe, 65, "s"))!.Message, Does.Contain("training images"));

        string path = Path.Combine(Path.GetTempPath(), "analogla-state-" + Guid.NewGuid().ToString("N"));
        try
        {
            state.Save(network, path);
            var other = new Network(new Architecture("lenet5", 1, 12, 5, PriorSigma: 0.5), seed: 3);
            Assert.That(Assert.Throws<InvalidDataException>(() => TrainingState.Load(path, other))!.Message, Does.Contain("written for the layers"));
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..^40]);
            Assert.That(Assert.Throws<InvalidDataException>(() => TrainingState.Load(path, network))!.Message, Does.Contain("checksum mismatch"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
