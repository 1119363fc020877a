using System.CommandLine;
using System.Diagnostics;
using AnalogLA.Bayesian;

namespace AnalogLA.Cli.Commands;

/// <summary><c>analogla bnn train</c>: Bayes-by-Backprop training of LeNet-5 or a ResNet, written as a checkpoint.</summary>
public static class BnnTrainCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var dataset = new Option<string>("--dataset") { Description = "fashion-mnist | cifar10.", DefaultValueFactory = _ => "fashion-mnist" };
        var model = new Option<string>("--model") { Description = "lenet5 | resnet8 | resnet14 | resnet20 | resnet32 (resnetD, D = 6n + 2).", DefaultValueFactory = _ => "lenet5" };
        var width = new Option<int>("--width") { Description = "ResNet base width (channels of the first stage).", DefaultValueFactory = _ => 16 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training set.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Minibatch size.", DefaultValueFactory = _ => 128 };
        var lr = new Option<double>("--lr") { Description = "Adam step size (cosine decay to 5 %).", DefaultValueFactory = _ => 2e-3 };
        var klWeight = new Option<double>("--kl-weight") { Description = "Multiplier of KL/N in the loss.", DefaultValueFactory = _ => 1 };
        var prior = new Option<double>("--prior-sigma") { Description = "Prior σ of the weights.", DefaultValueFactory = _ => 0.1 };
        var limit = new Option<int?>("--train-limit") { Description = "Use only the first N training images." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, shuffle, augmentation and weight noise.", DefaultValueFactory = _ => 1 };
        var outPath = new Option<string>("--out") { Description = "Checkpoint file to write (atomically).", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing checkpoint." };
        var estimator = new Option<string>("--estimator") { Description = "Weight-noise estimator of the Bayesian convolutions: local (local reparameterisation) | flipout (Wen et al. 2018).", DefaultValueFactory = _ => "local" };
        var resume = new Option<bool>("--resume") { Description = "Continue the interrupted run whose checkpoint is --out (and its --out.state, both written after every epoch), with the same options." };
        var command = new Command("train", "Train a Bayesian network by Bayes-by-Backprop and write a checkpoint.");
        foreach (var option in new Option[] { dataset, model, width, epochs, batch, lr, klWeight, prior, limit, seed, outPath, force, estimator, resume })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            string path = parse.GetValue(outPath)!;
            string statePath = TrainingState.PathFor(path);
            bool resuming = parse.GetValue(resume);
            if (resuming)
            {
                if (!File.Exists(path))
                {
                    throw new ArgumentException($"--resume: there is no checkpoint {path} to resume (bnn train writes it after every epoch).");
                }

                if (!File.Exists(statePath))
                {
                    throw new ArgumentException($"--resume: {path} has no training state {statePath} beside it; only a run that completed an epoch can be resumed.");
                }
            }
            else
            {
                ResultFile.CheckTargets(parse.GetValue(force), (path, "--out"));
            }

            string name = parse.GetValue(dataset)!;
            var options = new TrainingOptions
            {
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                KlWeight = parse.GetValue(klWeight),
                Seed = parse.GetValue(seed),
                Augment = name.Equals("cifar10", StringComparison.OrdinalIgnoreCase),
            };
            options.Validate();
            double priorSigma = parse.GetValue(prior);
            if (!(priorSigma > 0 && double.IsFinite(priorSigma)))
            {
                throw new ArgumentException($"--prior-sigma must be finite and > 0, got {priorSigma}.");
            }

            var data = BnnData.Load(name, train: true);
            if (parse.GetValue(limit) is int n)
            {
                data = n >= 1 ? data.Take(n) : throw new ArgumentException($"--train-limit must be ≥ 1, got {n}.");
            }

            string modelName = parse.GetValue(model)!.ToLowerInvariant();
            var weightEstimator = parse.GetValue(estimator)!.ToLowerInvariant() switch
            {
                "local" => WeightEstimator.LocalReparameterization,
                "flipout" => WeightEstimator.Flipout,
                var other => throw new ArgumentException($"--estimator must be local or flipout, got '{other}'."),
            };
            var architecture = new Architecture(modelName, data.Channels, data.Height, data.Classes, parse.GetValue(width), parse.GetValue(prior)) { Estimator = weightEstimator };
            architecture.Validate();
            Network network;
            TrainingState? state = null;
            if (resuming)
            {
                network = Checkpoint.Load(path, modelName);
                if (network.Architecture != architecture)
                {
                    throw new ArgumentException($"--resume: {path} holds {network.Architecture}, this run asks for {architecture}.");
                }

                state = TrainingState.Load(statePath, network);
                state.CheckContinues(options, data.Count, statePath);
                if (state.CompletedEpochs >= options.Epochs)
                {
                    await output.WriteLineAsync($"{path}: all {options.Epochs} epochs are done; nothing to resume.").ConfigureAwait(false);
                    return 0;
                }
            }
            else
            {
                network = new Network(architecture, parse.GetValue(seed));
                (network.InputMean, network.InputStd) = data.ChannelStatistics();
            }

            string from = state is null ? "" : $", resuming after epoch {state.CompletedEpochs}";
            await error.WriteLineAsync($"bnn train: {modelName} ({network.ParameterCount} parameters) on {data.Name} ({data.Count} images), {options.Epochs} epochs{from}").ConfigureAwait(false);
            var timer = Stopwatch.StartNew();
            var progress = new Progress<TrainingProgress>(p =>
            {
                if (p.Batch == p.Batches || p.Batch % 20 == 0)
                {
                    error.Write($"\repoch {p.Epoch}/{p.Epochs} batch {p.Batch}/{p.Batches}  nll {p.Nll:F3}  kl/N {p.Kl:F3}  acc {p.Accuracy:P1}  {timer.Elapsed.TotalSeconds:F0} s" + (p.Batch == p.Batches ? "\n" : ""));
                }
            });
            // After every epoch: the checkpoint, then its training state (each through a temporary file and a rename), so
            // an interrupted run loses at most the epoch in progress and `--resume` continues it.
            void Saved(TrainingState epochState)
            {
                Checkpoint.Save(network, path, overwrite: true);
                epochState.Save(network, statePath);
            }

            var reports = await Task.Run(() => Trainer.Train(network, data, options, progress, state, Saved, cancellationToken), cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var last = reports[^1];
            await output.WriteLineAsync($"trained {modelName}: train accuracy {last.TrainAccuracy:P2}, nll {last.Nll:F4}, kl/N {last.KlPerImage:F4}; {timer.Elapsed.TotalSeconds:F1} s ({reports.Average(r => r.Seconds):F1} s per epoch) → {path}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
