using AnalogLA.Bayesian;

namespace AnalogLA.Tests.Bayesian;

public class MetricsTests
{
    [Test]
    public void CalibrationMetricsMatchHandComputation()
    {
        // Three examples, two classes.
        float[] p = [0.9f, 0.1f, 0.3f, 0.7f, 0.6f, 0.4f];
        int[] y = [0, 0, 1];
        var r = UncertaintyMetrics.Calibration(p, y, 2, bins: 15);
        Assert.That(r.Accuracy, Is.EqualTo(1.0 / 3).Within(1e-12));
        Assert.That(r.Nll, Is.EqualTo(-(Math.Log(0.9) + Math.Log(0.3) + Math.Log(0.4)) / 3).Within(1e-6));
        // Brier: (0.01 + 0.01) + (0.49 + 0.49) + (0.36 + 0.36) = 1.72, mean 0.5733…
        Assert.That(r.Brier, Is.EqualTo(1.72 / 3).Within(1e-6));
        // Confidences 0.9 (bin 13, correct), 0.7 (bin 10, wrong), 0.6 (bin 9, wrong):
        // ECE = (|1 − 0.9| + |0 − 0.7| + |0 − 0.6|)/3 = 0.4667.
        Assert.That(r.Ece, Is.EqualTo((0.1 + 0.7 + 0.6) / 3).Within(1e-6));
        Assert.That(r.Bins[13].Count, Is.EqualTo(1));
        Assert.That(r.Bins.Sum(b => b.Count), Is.EqualTo(3));
    }

    [Test]
    public void AurocAndAuprMatchHandComputation()
    {
        // In: 0.1, 0.4, 0.35; OOD: 0.8, 0.4. Pairs (ood > in): 0.8 beats 3, 0.4 beats 0.1 and 0.35 and ties 0.4 → 3 + 2.5 = 5.5 of 6.
        Assert.That(UncertaintyMetrics.Auroc([0.1, 0.4, 0.35], [0.8, 0.4]), Is.EqualTo(5.5 / 6).Within(1e-12));
        Assert.That(UncertaintyMetrics.Auroc([0.1, 0.2], [0.3, 0.4]), Is.EqualTo(1));
        Assert.That(UncertaintyMetrics.Auroc([0.3, 0.4], [0.1, 0.2]), Is.EqualTo(0));
        // Ranking 0.8 (ood) | {0.4 in, 0.4 ood} | 0.35 | 0.1: AP = (1·1/1 + 1·2/3)/2 = 0.8333.
        Assert.That(UncertaintyMetrics.Aupr([0.1, 0.4, 0.35], [0.8, 0.4]), Is.EqualTo((1 + 2.0 / 3) / 2).Within(1e-12));
    }

    [Test]
    public void MutualInformationSplitsTheEntropy()
    {
        // Two samples that disagree completely: p1 = (1, 0), p2 = (0, 1): aleatoric 0, total ln 2, epistemic ln 2.
        var m = new McPredictions(1, 2);
        m.Add(0, [1f, 0f], true);
        m.Add(0, [0f, 1f], true);
        m.Finish(2);
        Assert.That(m.PredictiveEntropy[0], Is.EqualTo(Math.Log(2)).Within(1e-6));
        Assert.That(m.ExpectedEntropy[0], Is.EqualTo(0).Within(1e-12));
        Assert.That(m.MutualInformation[0], Is.EqualTo(Math.Log(2)).Within(1e-6));
        // Two agreeing uniform samples: all aleatoric.
        var u = new McPredictions(1, 2);
        u.Add(0, [0.5f, 0.5f], true);
        u.Add(0, [0.5f, 0.5f], true);
        u.Finish(2);
        Assert.That(u.MutualInformation[0], Is.EqualTo(0).Within(1e-9));
        Assert.That(u.ExpectedEntropy[0], Is.EqualTo(Math.Log(2)).Within(1e-6));
    }

    [Test]
    public void EmptyOrMismatchedInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => UncertaintyMetrics.Calibration([], [], 2));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => UncertaintyMetrics.Calibration([0.5f, 0.5f], [3], 2));
        Assert.That(ex!.Message, Does.Contain("label 3"));
    }
}
