using AnalogLA.Bayesian;

namespace AnalogLA.Tests.Bayesian;

/// <summary>
/// The OOD and calibration metrics against their definitions evaluated by brute force on random data with many ties:
/// AUROC = P(s_ood &gt; s_in) + ½·P(s_ood = s_in) over all pairs (Mann–Whitney), average precision = the mean over
/// positives of the precision among all scores at least the positive's, ECE = Σ_b (n_b/N)·|acc_b − conf_b| with
/// confidence c in bin ⌊c·B⌋ (the top bin closed). The implementations use ranks and one sorted pass instead.
/// </summary>
public class MetricsOracleTests
{
    private static double[] Scores(Random random, int n) => Enumerable.Range(0, n).Select(_ => random.Next(12) / 4.0).ToArray();

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void AurocAndAuprEqualTheirPairwiseDefinitions(int seed)
    {
        var random = new Random(seed);
        double[] inside = Scores(random, 37), outside = Scores(random, 23);
        double pairs = 0;
        foreach (double o in outside)
        {
            foreach (double i in inside)
            {
                pairs += o > i ? 1 : o == i ? 0.5 : 0;
            }
        }

        Assert.That(UncertaintyMetrics.Auroc(inside, outside), Is.EqualTo(pairs / (inside.Length * outside.Length)).Within(1e-12));
        double ap = outside.Average(s =>
            (double)outside.Count(o => o >= s) / (outside.Count(o => o >= s) + inside.Count(i => i >= s)));
        Assert.That(UncertaintyMetrics.Aupr(inside, outside), Is.EqualTo(ap).Within(1e-12));
    }

    [Test]
    public void EceNllAndBrierEqualTheirDefinitions()
    {
        var random = new Random(5);
        const int N = 200, K = 4, B = 10;
        var p = new float[N * K];
        var y = new int[N];
        for (int n = 0; n < N; n++)
        {
            var raw = Enumerable.Range(0, K).Select(_ => Math.Exp(3 * random.NextDouble())).ToArray();
            for (int k = 0; k < K; k++)
            {
                p[(n * K) + k] = (float)(raw[k] / raw.Sum());
            }

            y[n] = random.Next(K);
        }

        p[0] = 1; p[1] = 0; p[2] = 0; p[3] = 0;     // a confidence of exactly 1 belongs to the top bin
        y[0] = 1;                                    // and p[y] = 0 is clamped at 1e-12 in the NLL
        var r = UncertaintyMetrics.Calibration(p, y, K, B);
        var rows = Enumerable.Range(0, N).Select(n => p.AsSpan(n * K, K).ToArray()).ToArray();
        var confidence = rows.Select(row => (double)row.Max()).ToArray();
        var hit = rows.Select((row, n) => Array.IndexOf(row, row.Max()) == y[n]).ToArray();
        double ece = 0;
        for (int b = 0; b < B; b++)
        {
            var members = Enumerable.Range(0, N).Where(n => Math.Min(B - 1, (int)(confidence[n] * B)) == b).ToArray();
            if (members.Length > 0)
            {
                ece += (double)members.Length / N * Math.Abs(members.Average(n => hit[n] ? 1.0 : 0) - members.Average(n => confidence[n]));
            }

            Assert.That(r.Bins[b].Count, Is.EqualTo(members.Length));
            Assert.That((r.Bins[b].Lower, r.Bins[b].Upper), Is.EqualTo(((double)b / B, (double)(b + 1) / B)));
        }

        Assert.That(r.Ece, Is.EqualTo(ece).Within(1e-12));
        Assert.That(r.Accuracy, Is.EqualTo(hit.Count(h => h) / (double)N));
        Assert.That(r.Nll, Is.EqualTo(rows.Select((row, n) => -Math.Log(Math.Max(row[y[n]], 1e-12))).Average()).Within(1e-12));
        Assert.That(r.Nll, Is.GreaterThan(27.6 / N), "the clamped example alone adds ln(1e12)/N");
        Assert.That(r.Brier, Is.EqualTo(rows.Select((row, n) => row.Select((v, k) => Math.Pow(v - (k == y[n] ? 1 : 0), 2)).Sum()).Average()).Within(1e-9));
        Assert.That(r.Bins[B - 1].Count, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void BadSizesAreRefusedByName()
    {
        float[] p = [0.5f, 0.5f];
        int[] y = [0];
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => UncertaintyMetrics.Calibration(p, y, 2, bins: 0))!.ParamName, Is.EqualTo("bins"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => UncertaintyMetrics.Calibration(p, y, 2, bins: UncertaintyMetrics.MaxBins + 1))!.ParamName, Is.EqualTo("bins"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => UncertaintyMetrics.Calibration(p, y, 0))!.ParamName, Is.EqualTo("classes"));
        Assert.That(Assert.Throws<ArgumentException>(() => UncertaintyMetrics.Calibration(p, y, 3))!.Message, Does.Contain("2 probabilities for 1 labels × 3 classes"));
        Assert.That(UncertaintyMetrics.Calibration(p, y, 2, bins: 1).Bins.Single().Count, Is.EqualTo(1));
        Assert.Throws<ArgumentException>(() => UncertaintyMetrics.Auroc([], [1.0]));
        Assert.Throws<ArgumentException>(() => UncertaintyMetrics.Auroc([1.0], []));
        Assert.Throws<ArgumentException>(() => UncertaintyMetrics.Aupr([], [1.0]));
        Assert.Throws<ArgumentException>(() => UncertaintyMetrics.Aupr([1.0], []));
        Assert.Throws<ArgumentNullException>(() => UncertaintyMetrics.Auroc(null!, [1.0]));
        Assert.Throws<ArgumentNullException>(() => UncertaintyMetrics.Aupr([1.0], null!));
    }

    [Test]
    public void EntropyOfKnownDistributions()
    {
        Assert.That(UncertaintyMetrics.Entropy([0.25f, 0.25f, 0.25f, 0.25f]), Is.EqualTo(Math.Log(4)).Within(1e-7));
        Assert.That(UncertaintyMetrics.Entropy([1f, 0f]), Is.Zero, "0·ln 0 = 0");
        Assert.That(UncertaintyMetrics.Entropy([0.5f, 0.5f, 0f]), Is.EqualTo(Math.Log(2)).Within(1e-7));
    }

    [Test]
    public void SamplesCountOnlyWhenTheLastBatchOfASampleArrives()
    {
        var m = new McPredictions(4, 2);
        m.Add(0, [0.5f, 0.5f, 0.5f, 0.5f], lastSampleOfBatch: true);     // images 0–1: not the end of the set
        Assert.That(m.Samples, Is.Zero);
        m.Add(2, [0.5f, 0.5f, 0.5f, 0.5f], lastSampleOfBatch: false);    // images 2–3, not the batch's last sample
        Assert.That(m.Samples, Is.Zero);
        m.Add(2, [0.5f, 0.5f, 0.5f, 0.5f], lastSampleOfBatch: true);
        Assert.That(m.Samples, Is.EqualTo(1));
    }
}
