// LeNet-5 with mean-field VI on Fashion-MNIST: the software network against the same posterior deployed on
// simulated spintronic hardware (DW-MTJ means, Bayes-MTJ standard deviations), with MNIST digits as the
// out-of-distribution set. Uses the checkpoint shipped next to this file (see README.md for how it was trained).
// Arguments: [images per set (default 1000; 10000 = the full test set)] [MC samples (default 16)] [output folder].
using System.Diagnostics;
using System.Globalization;
using AnalogLA.Bayesian;
using AnalogLA.IO;
using AnalogLA.Stochastic;

int images = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
int samples = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
string folder = args.Length > 2 ? args[2] : Path.Combine("artifacts", "bnn-fashion-mnist");
Directory.CreateDirectory(folder);
string checkpoint = Path.Combine(AppContext.BaseDirectory, "lenet5-fashion-mnist.bnn");

var network = Checkpoint.Load(checkpoint, "lenet5");
ImageDataset test, ood;
try
{
    test = DataLocator.FashionMnist(train: false).Take(images);
    ood = DataLocator.MnistDigits().Spread(images);
}
catch (FileNotFoundException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

Console.WriteLine($"LeNet-5 VI, {network.ParameterCount} parameters; {test.Count} Fashion-MNIST test images, {ood.Count} MNIST digits (OOD), {samples} samples each.");
Console.WriteLine();
Console.WriteLine("| hardware | accuracy | NLL | Brier | ECE | AUROC (entropy) | AUROC (MI) | images/s |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
var runs = new (string Name, IStochasticClassifier Classifier)[]
{
    ("software", new SoftwareClassifier(network)),
    ("spintronic (dwmtj-realistic, 8-bit)", new HardwareClassifier(network, new StochasticOptions())),
};
McPredictions? hardwarePredictions = null;
foreach (var (name, classifier) in runs)
{
    var timer = Stopwatch.StartNew();
    var inDist = MonteCarlo.Predict(classifier, test, samples);
    double rate = test.Count / timer.Elapsed.TotalSeconds;
    var outDist = MonteCarlo.Predict(classifier, ood, samples);
    var report = UncertaintyMetrics.Calibration(inDist.MeanProbabilities, test.Labels, test.Classes);
    double aurocEntropy = UncertaintyMetrics.Auroc(inDist.PredictiveEntropy, outDist.PredictiveEntropy);
    double aurocMi = UncertaintyMetrics.Auroc(inDist.MutualInformation, outDist.MutualInformation);
    Console.WriteLine(FormattableString.Invariant($"| {name} | {report.Accuracy:P2} | {report.Nll:F3} | {report.Brier:F3} | {report.Ece:F4} | {aurocEntropy:F3} | {aurocMi:F3} | {rate:F0} |"));
    WriteReliability(report, Path.Combine(folder, name.Split(' ')[0] + "-reliability.csv"));
    hardwarePredictions = inDist;
}

// A few test images with their uncertainty (hardware predictions): the most and the least certain.
string[] classes = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot"];
var order = Enumerable.Range(0, test.Count).OrderBy(i => hardwarePredictions!.PredictiveEntropy[i]).ToArray();
Console.WriteLine();
foreach (int i in order.Take(2).Concat(order.TakeLast(2)))
{
    var p = hardwarePredictions!.MeanProbabilities.AsSpan(i * 10, 10);
    int guess = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(p);
    Console.WriteLine(FormattableString.Invariant($"image {i}: label {classes[test.Labels[i]]}, predicted {classes[guess]} ({p[guess]:P0}); entropy {hardwarePredictions.PredictiveEntropy[i]:F3} = aleatoric {hardwarePredictions.ExpectedEntropy[i]:F3} + epistemic {hardwarePredictions.MutualInformation[i]:F3}"));
    Console.WriteLine(Thumbnail(test.Pixels.AsSpan(i * 784, 784)));
}

Console.WriteLine($"Reliability diagrams (CSV and PNG) in {folder}.");
return 0;

static string Thumbnail(ReadOnlySpan<float> pixels)
{
    const string shades = " .:-=+*#%@";
    var text = new System.Text.StringBuilder();
    for (int y = 0; y < 28; y += 2)
    {
        text.Append("    ");
        for (int x = 0; x < 28; x++)
        {
            float v = (pixels[y * 28 + x] + pixels[(y + 1) * 28 + x]) / 2;
            text.Append(shades[Math.Min(9, (int)(v * 10))]);
        }

        text.AppendLine();
    }

    return text.ToString();
}

static void WriteReliability(CalibrationReport report, string path)
{
    using (var writer = new StreamWriter(path + ".tmp"))
    using (var csv = new CsvHelper.CsvWriter(writer, CultureInfo.InvariantCulture))
    {
        csv.WriteRecords(report.Bins);
    }

    File.Move(path + ".tmp", path, overwrite: true);
    var plot = new ScottPlot.Plot();
    plot.Add.Bars(report.Bins.Select(b => new ScottPlot.Bar { Position = (b.Lower + b.Upper) / 2, Value = b.Accuracy, Size = b.Upper - b.Lower }).ToList());
    plot.Add.Line(0, 0, 1, 1);
    plot.Axes.Bottom.Label.Text = "confidence";
    plot.Axes.Left.Label.Text = "accuracy";
    plot.Title(FormattableString.Invariant($"ECE {report.Ece:F4}"));
    plot.Axes.SetLimits(0, 1, 0, 1);
    string png = Path.ChangeExtension(path, ".png");
    plot.SavePng(png + ".tmp.png", 600, 500);
    File.Move(png + ".tmp.png", png, overwrite: true);
}
