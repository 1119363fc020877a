using AnalogLA.Devices;
using AnalogLA.Periphery;
using MathNet.Numerics.Distributions;

namespace AnalogLA.Crossbar;

/// <summary>
/// The expected error of one analog product, split by cause. Each part is the relative error
/// ‖e‖/‖y‖ that cause alone would give (root of its expected squared error over ‖y‖²);
/// <see cref="Total"/> combines them with the deterministic parts added coherently.
/// </summary>
public sealed record ErrorBudget(double Programming, double Read, double Dac, double Adc, double Total);

/// <summary>
/// Analytic prediction of the relative error ‖y − y_exact‖/‖y_exact‖ of a forward product.
/// </summary>
/// <remarks>
/// <para>For output m, e_m = Σ_n w_mn(x̂_n − x_n) + c·Σ_n (δ⁺_mn − δ⁻_mn + ρ_mn)·v_n + Σ_tiles c·q_t, where x̂ is
/// the DAC output, v = x̂/R the row voltages, c = R·w_max/(1 − ĝ_min) the current-to-output factor,
/// δ± the programming errors of the pair, ρ the combined read error and q the ADC rounding.
/// Programming errors are censored Gaussians: a device aimed at μ with σ and clipped to
/// [a, b] = [ĝ_min, 1] has mean a·Φ(α) + b·(1 − Φ(β)) + μ(Φ(β) − Φ(α)) + σ(φ(α) − φ(β)) and
/// second moment a²Φ(α) + b²(1 − Φ(β)) + (μ² + σ²)(Φ(β) − Φ(α)) + 2μσ(φ(α) − φ(β)) + σ²(αφ(α) − βφ(β)),
/// α = (a − μ)/σ, β = (b − μ)/σ (moments of the censored normal distribution; e.g. Greene,
/// Econometric Analysis, Sec. 19.3). The clip makes the error of a device at G_min one-sided, with
/// a bias σ·φ(0) = 0.399σ and variance σ²(1/2 − 1/(2π)) = 0.341σ² instead of σ²; this is why a
/// differential pair with clipping is more accurate than the unclipped √2·σ estimate. Read noise adds
/// Σ_n (σ_r⁺² + σ_r⁻²)v_n²; ADC rounding adds Δ²/12 per tile (Δ = range/L, uniform rounding error;
/// Widrow and Kollár, Quantization Noise, 2008); the DAC error is deterministic given x.
/// E‖e‖² sums these; the prediction is √(E‖e‖²)/‖y‖. ADC saturation is not included (it is
/// counted in diagnostics; a calibrated range makes it rare). Analog input noise after the DAC
/// (<see cref="DacOptions.Noise"/> σ_in) adds R²σ_in²·Σ_n w_mn² to output m and is reported in the DAC part; output noise
/// before the ADC (<see cref="AdcOptions.Noise"/> σ_out, in units of a full-scale weight at full-scale input) adds
/// (σ_out·R·w_max)² and is reported in the ADC part. <see cref="MappingOptions.Headroom"/> h maps w_max/h to the full swing.</para>
/// <para>Covers the generic device with Gaussian (or no) programming and read errors, continuous
/// levels, differential mapping without slicing, whole-input DAC. Other settings throw
/// <see cref="NotSupportedException"/> naming the setting.</para>
/// </remarks>
public static class ErrorPrediction
{
    /// <summary>Predicts the error of <paramref name="analog"/>·x against the exact product with <paramref name="weights"/> (row-major).</summary>
    public static ErrorBudget Predict(AnalogMatrix analog, ReadOnlySpan<double> weights, ReadOnlySpan<double> x)
    {
        ArgumentNullException.ThrowIfNull(analog);
        var options = analog.Options;
        if (options.Device is not GenericDevice device)
        {
            throw new NotSupportedException($"error prediction covers the generic device only, not '{options.Device.Name}'.");
        }

        if (options.Parasitics is not null)
        {
            throw new NotSupportedException("error prediction does not include IR drop (Parasitics must be null).");
        }

        if (options.Aging is { TimeSeconds: > 0 })
        {
            // The budget is that of freshly programmed arrays: drift and the growth of 1/f read noise with age are not
            // in it, and predicting an aged array with it would silently understate the error (PCM at 1e12 s: 0.077
            // predicted, 0.26 measured).
            throw new NotSupportedException("error prediction covers freshly programmed arrays only (Aging.TimeSeconds must be 0).");
        }

        if (device.Levels is not null)
        {
            throw new NotSupportedException("error prediction covers continuous devices only (Device.Levels must be null).");
        }

        if (device.ProgrammingNoise.Distribution != NoiseDistribution.Normal || device.ReadNoise.Distribution != NoiseDistribution.Normal)
        {
            throw new NotSupportedException("error prediction covers Gaussian programming and read errors only.");
        }

        if (options.Mapping.Sign != SignMapping.Differential || options.Mapping.Slicing is not null || options.Mapping.InputSliceBits is not null || options.Mapping.ScalePerTile)
        {
            throw new NotSupportedException("error prediction covers differential mapping with one matrix-wide scale, without weight slicing or bit-serial inputs.");
        }

        if (options.Mapping.Compensation > 0 || options.Adc.BoundManagement != BoundManagement.None)
        {
            throw new NotSupportedException("error prediction covers one programming stage (Mapping.Compensation = 0) without bound management.");
        }

        int rows = analog.Rows, cols = analog.Columns;
        if (weights.Length != (long)rows * cols || x.Length != cols)
        {
            throw new ArgumentException($"weights must have {rows}×{cols} entries and x {cols}.");
        }

        using var encoded = InputEncoder.Encode(x, 1, cols, options.Dac, null, analog.DacRangeForward, needSquares: false);
        double range = encoded.Range[0];
        var v = encoded.Voltages[0];
        double gMin = device.GMinNormalized, swing = 1 - gMin;
        double wMax = (analog.WeightScale > 0 ? analog.WeightScale : 1) / options.Mapping.Headroom;
        double c = range * wMax / swing;
        double inputNoise = options.Dac.Noise * range, outputNoise = options.Adc.Noise * range * wMax;

        double sumY2 = 0, sumTotal = 0, sumProg = 0, sumRead = 0, sumDac = 0, sumAdc = 0;
        var adcVariance = analog.AdcQuantizationVariance();
        for (int m = 0; m < rows; m++)
        {
            double y = 0, dacError = 0, bias = 0, progVar = 0, readVar = 0, rowNorm2 = 0;
            for (int n = 0; n < cols; n++)
            {
                double w = weights[m * cols + n];
                y += w * x[n];
                rowNorm2 += w * w;
                dacError += w * (range * v[n] - x[n]);
                double u = w / wMax;
                double tPlus = gMin + swing * Math.Max(u, 0), tMinus = gMin + swing * Math.Max(-u, 0);
                var (meanPlus, varPlus, sqPlus) = Programmed(device, tPlus, gMin);
                var (meanMinus, varMinus, sqMinus) = Programmed(device, tMinus, gMin);
                double vn = v[n], v2 = vn * vn;
                bias += (meanPlus - tPlus - (meanMinus - tMinus)) * vn;
                progVar += (varPlus + varMinus) * v2;
                readVar += (ReadVariance(device.ReadNoise, meanPlus, sqPlus, gMin) + ReadVariance(device.ReadNoise, meanMinus, sqMinus, gMin)) * v2;
            }

            double inputVar = inputNoise * inputNoise * rowNorm2;
            double adc = adcVariance[m] * c * c + outputNoise * outputNoise;
            sumY2 += y * y;
            double progMs = c * c * (bias * bias + progVar);
            sumProg += progMs;
            sumRead += c * c * readVar;
            sumDac += dacError * dacError + inputVar;
            sumAdc += adc;
            double deterministic = dacError + c * bias;
            sumTotal += deterministic * deterministic + c * c * (progVar + readVar) + inputVar + adc;
        }

        double norm = Math.Sqrt(sumY2);
        return new ErrorBudget(
            Math.Sqrt(sumProg) / norm,
            Math.Sqrt(sumRead) / norm,
            Math.Sqrt(sumDac) / norm,
            Math.Sqrt(sumAdc) / norm,
            Math.Sqrt(sumTotal) / norm);
    }

    /// <summary>Mean, variance and second moment of a programmed conductance aimed at <paramref name="target"/>.</summary>
    private static (double Mean, double Variance, double SecondMoment) Programmed(GenericDevice device, double target, double gMin)
    {
        double sigma = device.ProgrammingNoise.Sigma(target, gMin);
        if (sigma == 0 || !device.ClipToRange)
        {
            return (target, sigma * sigma, target * target + sigma * sigma);
        }

        var (mean, second) = CensoredNormalMoments(target, sigma, device.ClipFloor == ClipFloor.Zero ? 0 : gMin, 1.0);
        return (mean, Math.Max(second - mean * mean, 0), second);
    }

    /// <summary>First and second moments of clamp(μ + σZ, a, b), Z standard normal.</summary>
    public static (double Mean, double SecondMoment) CensoredNormalMoments(double mu, double sigma, double a, double b)
    {
        double alpha = (a - mu) / sigma, beta = (b - mu) / sigma;
        double phiA = Normal.PDF(0, 1, alpha), phiB = Normal.PDF(0, 1, beta);
        double cdfA = Normal.CDF(0, 1, alpha), cdfB = Normal.CDF(0, 1, beta);
        double inside = cdfB - cdfA;
        double mean = a * cdfA + b * (1 - cdfB) + mu * inside + sigma * (phiA - phiB);
        double second = a * a * cdfA + b * b * (1 - cdfB) + (mu * mu + sigma * sigma) * inside
            + 2 * mu * sigma * (phiA - phiB) + sigma * sigma * (alpha * phiA - beta * phiB);
        return (mean, second);
    }

    private static double ReadVariance(ConductanceNoise noise, double mean, double secondMoment, double gMin) => noise switch
    {
        NoNoise => 0,
        IndependentNoise independent => Math.Pow(independent.Sigma(mean, gMin), 2),
        ProportionalNoise proportional => proportional.Alpha * proportional.Alpha * secondMoment,
        _ => Math.Pow(noise.Sigma(mean, gMin), 2),
    };
}
