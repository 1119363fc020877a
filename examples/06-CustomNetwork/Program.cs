// A network of your own: any Sequential of the library's layers trains, checkpoints (the file stores the layers,
// not a model name), reloads, and deploys onto simulated spintronic arrays (DW-MTJ means, Bayes-MTJ σ).
// Arguments: [training images (default 6000)] [epochs (default 2)] [test images (default 1000)] [output folder].
using System.Diagnostics;
using System.Globalization;
using AnalogLA.Bayesian;
using AnalogLA.Crossbar;
using AnalogLA.IO;
using AnalogLA.Stochastic;

int trainCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 6000;
int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
int testCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
string folder = args.Length > 3 ? args[3] : Path.Combine("artifacts", "custom-network");
ImageDataset train, test;
try
{
    train = DataLocator.FashionMnist(train: true).Take(trainCount);
    test = DataLocator.FashionMnist(train: false).Take(testCount);
}
catch (FileNotFoundException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// The network: a few lines, any of the library's layers (Bayesian ones carry μ and ρ per weight).
var prior = new BayesianOptions { PriorSigma = 0.1 };
var layers = new Sequential([
    new BayesianConv2d(1, 8, 3, 1, 1, prior, seed: 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
    new ResidualBlock(8, 16, 2, (i, o, k, s, p) => new BayesianConv2d(i, o, k, s, p, prior, seed: (ulong)(10 * i + o))),
    new GlobalAvgPool(), new Flatten(), new BayesianLinear(16, 10, prior, seed: 2),
]);
var network = Network.FromLayers(layers, inputChannels: 1, imageSize: 28, classes: 10);
(network.InputMean, network.InputStd) = train.ChannelStatistics();
Console.WriteLine($"{network.Body.Describe()}\n{network.ParameterCount} parameters; {train.Count} training images, {epochs} epochs");

var timer = Stopwatch.StartNew();
foreach (var r in Trainer.Train(network, train, new TrainingOptions { Epochs = epochs, BatchSize = 128, LearningRate = 3e-3 }))
{
    Console.WriteLine($"epoch {r.Epoch}: train accuracy {r.TrainAccuracy:P1}, nll {r.Nll:F3}, {r.Seconds:F1} s");
}

Directory.CreateDirectory(folder);
string path = Path.Combine(folder, "custom.bnn");
Checkpoint.Save(network, path);
var reloaded = Checkpoint.Load(path);
Console.WriteLine($"checkpoint {path}: {new FileInfo(path).Length / 1024} KiB, model '{reloaded.Architecture.Model}', layers rebuilt from the file");

foreach (var (name, classifier) in new (string, IStochasticClassifier)[]
{
    ("software", new SoftwareClassifier(reloaded)),
    ("spintronic (dwmtj-realistic, output-space σ)", new HardwareClassifier(reloaded, new StochasticOptions { Mean = AnalogOptions.DwMtjRealistic, Sampling = SamplingMode.Output })),
})
{
    timer.Restart();
    var predictions = MonteCarlo.Predict(classifier, test, samples: 16);
    var metrics = UncertaintyMetrics.Calibration(predictions.MeanProbabilities, test.Labels, test.Classes);
    Console.WriteLine($"{name}: accuracy {metrics.Accuracy:P2}, ECE {metrics.Ece:F3}; {test.Count / timer.Elapsed.TotalSeconds:F0} images/s at 16 samples ({timer.Elapsed.TotalSeconds:F1} s)");
}

return 0;
