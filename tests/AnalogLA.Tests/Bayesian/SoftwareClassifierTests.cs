using AnalogLA.Bayesian;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Bayesian;

/// <summary>Monte Carlo samples of the software network side by side, on replicas of the network.</summary>
public class SoftwareClassifierTests
{
    /// <summary>A classifier that asks <see cref="MonteCarlo.Predict"/> for the serial loop (the reference).</summary>
    private sealed class OneAtATime(IStochasticClassifier inner) : IStochasticClassifier
    {
        public Tensor Logits(Tensor images, int batch, int sample) => inner.Logits(images, batch, sample);

        public void CheckInput(Tensor images) => inner.CheckInput(images);
    }

    /// <summary>The custom network (BatchNorm, a residual block) trained for an epoch, so buffers and statistics are not their defaults.</summary>
    private static Network Trained()
    {
        var train = TrainingTests.Blobs(256, 1);
        var network = Network.FromLayers(CustomNetworkTests.Layers(), 1, 12, 4);
        (network.InputMean, network.InputStd) = train.ChannelStatistics();
        Trainer.Train(network, train, new TrainingOptions { Epochs = 1, BatchSize = 32, LearningRate = 3e-3, Seed = 4 });
        return network;
    }

    private static float[] Pass(Network network, Tensor images, ulong pass)
    {
        var x = images.Clone();
        network.Normalise(x);
        return network.Forward(x, PassMode.Sample, new ForwardContext(9, pass)).Data;
    }

    [Test]
    public void AReplicaComputesTheNetworksSampledPassBitForBit()
    {
        var network = Trained();
        var replica = network.TryReplica();
        Assert.That(replica, Is.Not.Null, "every setting of these layers is in the architecture");
        var (images, _) = TrainingTests.Blobs(40, 3).Batch(Enumerable.Range(0, 40).ToArray());
        Assert.That(Pass(replica!, images, 2), Is.EqualTo(Pass(network, images, 2)));

        // Values that change after the replica was made reach it through CopyValuesTo (weights, BatchNorm buffers, input statistics).
        network.Parameters[0].Value[0] += 0.5f;
        network.Buffers[0].Value[1] += 0.25f;
        network.InputMean = [network.InputMean[0] + 0.1f];
        Assert.That(Pass(replica!, images, 2), Is.Not.EqualTo(Pass(network, images, 2)), "the stale replica differs");
        network.CopyValuesTo(replica!);
        Assert.That(Pass(replica!, images, 2), Is.EqualTo(Pass(network, images, 2)));
    }

    [Test]
    public void ConcurrentSamplesGiveTheSerialLoopsPredictionsBitForBit()
    {
        var network = Trained();
        var data = TrainingTests.Blobs(200, 2);
        var concurrent = new SoftwareClassifier(network, seed: 5);
        Assert.That(concurrent.SamplesRunConcurrently, Is.True);
        var reference = MonteCarlo.Predict(new OneAtATime(new SoftwareClassifier(network, seed: 5)), data, 12, batchSize: 50);
        var predicted = MonteCarlo.Predict(concurrent, data, 12, batchSize: 50);
        Assert.That(predicted.MeanProbabilities, Is.EqualTo(reference.MeanProbabilities));
        Assert.That(predicted.MutualInformation, Is.EqualTo(reference.MutualInformation));

        // The same classifier after the network changed: its replicas follow the network.
        Trainer.Train(network, TrainingTests.Blobs(128, 6), new TrainingOptions { Epochs = 1, BatchSize = 32, LearningRate = 3e-3, Seed = 5 });
        var after = MonteCarlo.Predict(concurrent, data, 12, batchSize: 50);
        var afterReference = MonteCarlo.Predict(new OneAtATime(new SoftwareClassifier(network, seed: 5)), data, 12, batchSize: 50);
        Assert.That(after.MeanProbabilities, Is.EqualTo(afterReference.MeanProbabilities));
        Assert.That(after.MeanProbabilities, Is.Not.EqualTo(reference.MeanProbabilities));
    }

    [Test]
    public void ALayerSettingTheArchitectureDoesNotRecordKeepsSamplesSerial()
    {
        // Flipout chosen on the layer objects: a custom network's architecture records the default estimator, so a
        // rebuilt replica would draw its noise differently; the classifier refuses to replicate it.
        var flipout = new BayesianOptions { PriorSigma = 0.5, Estimator = WeightEstimator.Flipout };
        var body = new Sequential([
            new BayesianConv2d(1, 4, 3, 1, 1, flipout, seed: 7), new ReLU(), new GlobalAvgPool(), new Flatten(), new BayesianLinear(4, 4, flipout, seed: 8),
        ]);
        var network = Network.FromLayers(body, 1, 12, 4);
        Assert.That(network.TryReplica(), Is.Null);
        var classifier = new SoftwareClassifier(network, seed: 3);
        Assert.That(classifier.SamplesRunConcurrently, Is.False);
        var data = TrainingTests.Blobs(60, 2);
        var reference = MonteCarlo.Predict(new OneAtATime(new SoftwareClassifier(network, seed: 3)), data, 4, batchSize: 30);
        Assert.That(MonteCarlo.Predict(classifier, data, 4, batchSize: 30).MeanProbabilities, Is.EqualTo(reference.MeanProbabilities));
    }

    [Test]
    public void CallersOnFourThreadsGetTheSerialBitsWhetherOrNotTheNetworkReplicates()
    {
        // Four threads released together by a barrier call Logits directly, 12 passes each: the first caller runs the
        // network itself, the others borrow replicas (one each: a replica shared by two passes at once would mix their
        // buffers) or, for a network that cannot be replicated, wait their turn. Every pass must give the bits of the
        // same (batch, sample) run alone.
        var flipout = new BayesianOptions { PriorSigma = 0.5, Estimator = WeightEstimator.Flipout };
        var serialOnly = Network.FromLayers(new Sequential([
            new BayesianConv2d(1, 4, 3, 1, 1, flipout, seed: 7), new ReLU(), new GlobalAvgPool(), new Flatten(), new BayesianLinear(4, 4, flipout, seed: 8),
        ]), 1, 12, 4);
        var (images, _) = TrainingTests.Blobs(24, 3).Batch(Enumerable.Range(0, 24).ToArray());
        foreach (var network in new[] { Trained(), serialOnly })
        {
            var reference = new SoftwareClassifier(network, seed: 6);
            var expected = Enumerable.Range(0, 48).Select(s => reference.Logits(images, 1, s).Data.Take(24 * 4).ToArray()).ToArray();
            var classifier = new SoftwareClassifier(network, seed: 6);
            var got = new float[48][];
            using var start = new Barrier(4);
            // Tasks on their own threads (an exception in a pass fails the test instead of ending the test host).
            var callers = Enumerable.Range(0, 4).Select(t => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    for (int s = t; s < 48; s += 4)
                    {
                        got[s] = classifier.Logits(images, 1, s).Data.Take(24 * 4).ToArray();
                    }
                },
                TaskCreationOptions.LongRunning)).ToArray();
            Task.WaitAll(callers);
            for (int s = 0; s < 48; s++)
            {
                Assert.That(got[s], Is.EqualTo(expected[s]), $"{(network == serialOnly ? "serial-only" : "replicated")} network, sample {s}");
            }
        }

        Assert.That(() => new SoftwareClassifier(serialOnly).Logits(null!, 0, 0), Throws.TypeOf<ArgumentNullException>().With.Property("ParamName").EqualTo("images"));
    }
}
