// A Bayesian (mean-field VI) CIFAR ResNet on colour images: software against the same posterior on simulated
// spintronic hardware (DW-MTJ means with BatchNorm folded in, Bayes-MTJ standard deviations). Uses the checkpoint
// shipped next to this file (see README.md). Reports accuracy and calibration, the uncertainty of correct against
// wrong answers, and out-of-distribution detection (AUROC of predictive entropy and mutual information) against as
// many TinyImageNet (resize) images when $ANALOGLA_DATA holds them.
// Arguments: [images (default 500; 10000 = the full test set)] [MC samples (default 8)] [output folder].
using System.Diagnostics;
using System.Globalization;
using AnalogLA.Bayesian;
using AnalogLA.Crossbar;
using AnalogLA.IO;
using AnalogLA.Stochastic;

int images = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
int samples = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
string folder = args.Length > 2 ? args[2] : Path.Combine("artifacts", "bnn-cifar10");
Directory.CreateDirectory(folder);
var checkpoint = Directory.GetFiles(AppContext.BaseDirectory, "*.bnn").Single();
var network = Checkpoint.Load(checkpoint);
ImageDataset test;
ImageDataset calibration;
try
{
    var cifar = DataLocator.Cifar10();
    test = cifar.Test.Take(images);
    calibration = cifar.Train.Spread(64);
}
catch (FileNotFoundException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

ImageDataset? ood = null;
try
{
    ood = DataLocator.TinyImageNetResize().Spread(test.Count);
}
catch (FileNotFoundException e)
{
    Console.WriteLine($"No out-of-distribution set, so no AUROC: {e.Message}");
}

Console.WriteLine($"{network.Architecture.Model} (width {network.Architecture.Width}) VI, {network.ParameterCount} parameters; {test.Count} CIFAR-10 test images, {samples} samples each.");
Console.WriteLine();
Console.WriteLine("| hardware | accuracy | NLL | Brier | ECE | entropy (correct) | entropy (wrong) | OOD AUROC (entropy) | OOD AUROC (MI) | images/s |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
// Spintronic arrays as `bnn eval --hardware spintronic` deploys them: converters calibrated on the activations of 64
// training images (never the test set); the second chip also programs each mean tile's verified error onto one
// further array set (error-compensating programming, Song et al. 2024), at twice the mean arrays' energy.
var calibrationImages = calibration.Batch(Enumerable.Range(0, calibration.Count).ToArray()).Images;
HardwareClassifier Deploy(int compensation)
{
    var mean = AnalogOptions.DwMtjRealistic with { Mapping = AnalogOptions.DwMtjRealistic.Mapping with { Compensation = compensation } };
    var chip = new HardwareClassifier(network, new StochasticOptions { Mean = mean });
    chip.Calibrate(calibrationImages);
    return chip;
}

var runs = new (string Name, IStochasticClassifier Classifier)[]
{
    ("software", new SoftwareClassifier(network)),
    ("spintronic (dwmtj-realistic, 8-bit)", Deploy(0)),
    ("spintronic-compensated (dwmtj-realistic, --compensate 1)", Deploy(1)),
};
foreach (var (name, classifier) in runs)
{
    var timer = Stopwatch.StartNew();
    var predictions = MonteCarlo.Predict(classifier, test, samples);
    double rate = test.Count / timer.Elapsed.TotalSeconds;
    var report = UncertaintyMetrics.Calibration(predictions.MeanProbabilities, test.Labels, test.Classes);
    var correct = Enumerable.Range(0, test.Count).Where(i => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(predictions.MeanProbabilities.AsSpan(i * 10, 10)) == test.Labels[i]).ToHashSet();
    double hitEntropy = correct.Average(i => predictions.PredictiveEntropy[i]);
    double missEntropy = Enumerable.Range(0, test.Count).Where(i => !correct.Contains(i)).DefaultIfEmpty(-1).Average(i => i < 0 ? double.NaN : predictions.PredictiveEntropy[i]);
    string aurocEntropy = "—", aurocInformation = "—";
    if (ood is not null)
    {
        var outside = MonteCarlo.Predict(classifier, ood, samples);
        aurocEntropy = UncertaintyMetrics.Auroc(predictions.PredictiveEntropy, outside.PredictiveEntropy).ToString("F3", CultureInfo.InvariantCulture);
        aurocInformation = UncertaintyMetrics.Auroc(predictions.MutualInformation, outside.MutualInformation).ToString("F3", CultureInfo.InvariantCulture);
    }

    Console.WriteLine(FormattableString.Invariant($"| {name} | {report.Accuracy:P2} | {report.Nll:F3} | {report.Brier:F3} | {report.Ece:F4} | {hitEntropy:F3} | {missEntropy:F3} | {aurocEntropy} | {aurocInformation} | {rate:F1} |"));
    string path = Path.Combine(folder, name.Split(' ')[0] + "-reliability.csv");
    using (var writer = new StreamWriter(path + ".tmp"))
    using (var csv = new CsvHelper.CsvWriter(writer, CultureInfo.InvariantCulture))
    {
        csv.WriteRecords(report.Bins);
    }

    File.Move(path + ".tmp", path, overwrite: true);
}

Console.WriteLine($"Reliability tables (CSV) in {folder}.");
return 0;
