using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Periphery;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Cli.Commands;

/// <summary>
/// The technique options that <c>solve</c>, <c>solve-suite</c> and <c>solve-track</c> share, so every table can be
/// reproduced from the command line: block count (or <c>auto</c>), error-compensating programming, saturation headroom
/// and ADC calibration on the preconditioner's own inputs.
/// </summary>
internal sealed class SolveTechniques
{
    public Option<string?> Blocks { get; } = new("--blocks") { Description = "Diagonal blocks of block-Jacobi / analog-inverse: N (block size ⌈n/N⌉), auto (the count whose short FGMRES trial through the noisy preconditioner reaches the smallest residual) or auto-norm (the count minimising ‖I − A·M̃‖ on probe vectors); default one block per tile." };

    public Option<int?> Compensate { get; } = new("--compensate") { Description = $"Error-compensating programming: K further array sets hold the measured programming error (0–{MappingOptions.MaxCompensation})." };

    public Option<double?> Headroom { get; } = new("--headroom") { Description = "Map max|w| to this fraction of the conductance swing, in (0, 1] (default 1)." };

    public Option<int?> CalibrationReads { get; } = new("--calibration-reads") { Description = "Recalibrate the analog arrays' ADC ranges on the first K vectors each one reads (the preconditioner's actual inputs; default: the synthetic set only)." };

    public Option<int?> VerifyReads { get; } = new("--verify-reads") { Description = $"Reads averaged by each program-and-verify step of --compensate, 1–{MappingOptions.MaxVerifyReads} (default 16): compensation cannot correct below the verify reads' noise." };

    public Option<double?> AdcHeadroom { get; } = new("--adc-headroom") { Description = $"Calibrated ADC ranges span this multiple of the largest calibration output, in [1, {AdcOptions.MaxCalibrationHeadroom}] (default 1): room for the read noise that clipping would otherwise bias." };

    public Option<double?> MonteCarloAccuracy { get; } = new("--mcai-accuracy") { Description = "Block-Jacobi with Monte Carlo approximate block inverses of this accuracy ε in (0, 1] (Alexandrov and Esquivel-Flores 2015) instead of exact ones." };

    public Option<double?> DropTolerance { get; } = new("--drop-tol") { Description = "Thresholded block inverses: drop entries below this fraction of the block's largest, in [0, 1)." };

    public Option<int?> Overlap { get; } = new("--overlap") { Description = $"Block-Jacobi subdomains extended by this many rows on each side, each block keeping its own rows (restricted additive Schwarz), 0–{BlockInverseOptions.MaxOverlap}." };

    public Option<int?> ReadRepeats { get; } = new("--read-repeats") { Description = $"Average R analog reads per preconditioner application (fresh read, input and output noise fall as 1/R; R× the MVMs and energy), 1–{AveragedPreconditioner.MaxReads}." };

    public Option<bool> DigitalDiagonal { get; } = new("--digital-diagonal") { Description = "Block-Jacobi applies the diagonal of each block inverse digitally and programs only the off-diagonal remainder at its own scale." };

    public Option<bool> BlockAmc { get; } = new("--block-amc") { Description = "analog-inverse solves a block larger than a tile by BlockAMC partitioning into tile-sized inverse circuits and MVM arrays (Pan et al. 2024)." };

    public Option<double?> ReadNoise { get; } = new("--read-noise") { Description = "Replace the preset device's read noise by independent Gaussian noise of this σ as a fraction of the conductance range (dwmtj-realistic: 0.01), in [0, 1]; for device-specification sweeps." };

    public IEnumerable<Option> All => [Blocks, Compensate, VerifyReads, Headroom, CalibrationReads, AdcHeadroom, MonteCarloAccuracy, DropTolerance, Overlap, DigitalDiagonal, BlockAmc, ReadRepeats, ReadNoise];

    /// <summary>
    /// The solve options with the block-inverse and read-repeat techniques applied, and, given the matrix's
    /// <paramref name="rows"/>, the block size of --blocks N (solve-track passes none: it lists its own counts). The
    /// message names the option.
    /// </summary>
    public SolveOptions ApplySolve(ParseResult parse, SolveOptions options, int? rows = null)
    {
        if (rows is int n && ParseCount(parse.GetValue(Blocks), n) is int count)
        {
            options = options with { BlockSize = SizeFor(n, count) };
        }

        var inverse = options.BlockInverse;
        if (parse.GetValue(MonteCarloAccuracy) is double epsilon)
        {
            if (!(epsilon > 0 && epsilon <= 1))
            {
                throw new ArgumentException($"--mcai-accuracy must be in (0, 1], got {epsilon.ToString(CultureInfo.InvariantCulture)}.");
            }

            inverse = inverse with { MonteCarlo = new MonteCarloInverseOptions(Accuracy: epsilon) };
        }

        if (parse.GetValue(DropTolerance) is double tau)
        {
            if (!(tau >= 0 && tau < 1))
            {
                throw new ArgumentException($"--drop-tol must be in [0, 1), got {tau.ToString(CultureInfo.InvariantCulture)}.");
            }

            inverse = inverse with { DropTolerance = tau };
        }

        if (parse.GetValue(Overlap) is int overlap)
        {
            inverse = overlap is >= 0 and <= BlockInverseOptions.MaxOverlap ? inverse with { Overlap = overlap }
                : throw new ArgumentException($"--overlap must be in [0, {BlockInverseOptions.MaxOverlap}], got {overlap}.");
        }

        if (parse.GetValue(DigitalDiagonal))
        {
            inverse = inverse with { DigitalDiagonal = true };
        }

        if (parse.GetValue(BlockAmc))
        {
            inverse = inverse with { Partitioned = true };
        }

        int repeats = options.ReadRepeats;
        if (parse.GetValue(ReadRepeats) is int r)
        {
            repeats = r >= 1 && r <= AveragedPreconditioner.MaxReads ? r
                : throw new ArgumentException($"--read-repeats must be in [1, {AveragedPreconditioner.MaxReads}], got {r}.");
        }

        return options with { BlockInverse = inverse, ReadRepeats = repeats };
    }

    /// <summary>
    /// The setting a result was measured with, in one canonical line: preset, seed, iteration cap and every technique
    /// (as applied, defaults included), so rows measured with different options can be told apart.
    /// </summary>
    public string Describe(ParseResult parse, AnalogOptions noisy, int cap)
    {
        var applied = ApplySolve(parse, new SolveOptions());
        var inverse = applied.BlockInverse;
        string mcai = inverse.MonteCarlo is { } m ? m.Accuracy.ToString("R", CultureInfo.InvariantCulture) : "exact";
        return string.Create(CultureInfo.InvariantCulture,
            $"preset={noisy.Name} seed={noisy.Seed} cap={cap} compensate={noisy.Mapping.Compensation} verify-reads={noisy.Mapping.VerifyReads} headroom={noisy.Mapping.Headroom:R} calibration-reads={noisy.Adc.CalibrationReads} adc-headroom={noisy.Adc.CalibrationHeadroom:R} mcai={mcai} drop-tol={inverse.DropTolerance:R} overlap={inverse.Overlap} digital-diagonal={(inverse.DigitalDiagonal ? "on" : "off")} block-amc={(inverse.Partitioned ? "on" : "off")} read-repeats={applied.ReadRepeats} read-noise={(parse.GetValue(ReadNoise) is double r ? r.ToString("R", CultureInfo.InvariantCulture) : "preset")}");
    }

    /// <summary>
    /// Refuses a block-inverse technique the chosen preconditioner would silently ignore (solve has one preconditioner;
    /// solve-suite and solve-track apply each technique to the preconditioners it belongs to). The message names both.
    /// </summary>
    public static void RequireApplicable(SolveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var inverse = options.BlockInverse;
        string precond = SolveCommand.Preconditioners[(int)options.Preconditioner];
        (bool Given, string Name)[] jacobiOnly = [(inverse.MonteCarlo is not null, "--mcai-accuracy"), (inverse.DropTolerance > 0, "--drop-tol"), (inverse.Overlap > 0, "--overlap"), (inverse.DigitalDiagonal, "--digital-diagonal")];
        foreach (var (given, name) in jacobiOnly)
        {
            if (given && options.Preconditioner != PreconditionerKind.AnalogBlockJacobi)
            {
                throw new ArgumentException($"{name} applies to --precond analog-block-jacobi, not {precond}.");
            }
        }

        if (inverse.Partitioned && options.Preconditioner != PreconditionerKind.AnalogInverse)
        {
            throw new ArgumentException($"--block-amc applies to --precond analog-inverse, not {precond}.");
        }
    }

    /// <summary>The crossbar options with the mapping and calibration techniques applied; the message names the option.</summary>
    public AnalogOptions Apply(ParseResult parse, AnalogOptions analog)
    {
        if (parse.GetValue(Compensate) is int k)
        {
            analog = analog with { Mapping = analog.Mapping with { Compensation = DeviceOverrides.CheckCompensation(k) } };
        }

        if (parse.GetValue(VerifyReads) is int verifyReads)
        {
            analog = verifyReads is >= 1 and <= MappingOptions.MaxVerifyReads ? analog with { Mapping = analog.Mapping with { VerifyReads = verifyReads } }
                : throw new ArgumentException($"--verify-reads must be in [1, {MappingOptions.MaxVerifyReads}], got {verifyReads}.");
        }

        if (parse.GetValue(Headroom) is double h)
        {
            if (!(h > 0 && h <= 1))
            {
                throw new ArgumentException($"--headroom must be in (0, 1] (the fraction of the conductance swing max|w| maps to), got {h.ToString(CultureInfo.InvariantCulture)}.");
            }

            analog = analog with { Mapping = analog.Mapping with { Headroom = h } };
        }

        if (parse.GetValue(CalibrationReads) is int reads)
        {
            analog = analog with { Adc = analog.Adc with { CalibrationReads = reads } };
        }

        if (parse.GetValue(AdcHeadroom) is double adcHeadroom)
        {
            if (!(adcHeadroom >= 1 && adcHeadroom <= AdcOptions.MaxCalibrationHeadroom))
            {
                throw new ArgumentException($"--adc-headroom must be in [1, {AdcOptions.MaxCalibrationHeadroom}] (the calibrated ADC range over the largest calibration output), got {adcHeadroom.ToString(CultureInfo.InvariantCulture)}.");
            }

            analog = analog with { Adc = analog.Adc with { CalibrationHeadroom = adcHeadroom } };
        }

        if (parse.GetValue(ReadNoise) is double sigma)
        {
            if (!(sigma >= 0 && sigma <= 1))
            {
                throw new ArgumentException($"--read-noise must be in [0, 1] (σ as a fraction of the conductance range), got {sigma.ToString(CultureInfo.InvariantCulture)}.");
            }

            ConductanceNoise noise = sigma > 0 ? new IndependentNoise(sigma) : NoNoise.Instance;
            analog = analog with
            {
                Device = analog.Device switch
                {
                    DomainWallMtj d => d with { ReadNoise = noise },
                    GenericDevice g => g with { ReadNoise = noise },
                    var other => throw new ArgumentException($"--read-noise applies to DW-MTJ and generic devices; preset '{analog.Name}' uses '{other.Name}'."),
                },
            };
        }

        return analog;
    }

    /// <summary>With --blocks auto or auto-norm, the options with the chosen block size and the selection report; else the options unchanged.</summary>
    public (SolveOptions Options, JsonObject? Report) Resolve(ParseResult parse, Matrix<double> a, SolveOptions options, CancellationToken cancellationToken) =>
        parse.GetValue(Blocks) is string text && IsAutoText(text) ? ResolveAuto(a, options, cancellationToken, CriterionOf(text)) : (options, null);

    internal static bool IsAutoText(string? text) => text is not null && (text.Equals("auto", StringComparison.OrdinalIgnoreCase) || text.Equals("auto-norm", StringComparison.OrdinalIgnoreCase));

    internal static BlockCountCriterion CriterionOf(string? text) => string.Equals(text, "auto-norm", StringComparison.OrdinalIgnoreCase) ? BlockCountCriterion.Norm : BlockCountCriterion.Trial;

    /// <summary>The block count of --blocks N, checked against the matrix (null: not given or auto).</summary>
    private static int? ParseCount(string? text, int rows)
    {
        if (text is null || IsAutoText(text))
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) || count < 1 || count > rows)
        {
            throw new ArgumentException($"--blocks must be auto, auto-norm or a whole number in [1, {rows}] (the matrix has {rows} rows), got '{text}'.");
        }

        return count;
    }

    /// <summary>Block size for a block count.</summary>
    public static int SizeFor(int rows, int count) => (rows + count - 1) / count;

    /// <summary>
    /// Resolves --blocks auto for a block preconditioner: evaluates the candidates through the noisy preconditioner and
    /// returns the chosen block size with the estimates (for the JSON report). Other preconditioners keep their options.
    /// </summary>
    public static (SolveOptions Options, JsonObject? Report) ResolveAuto(Matrix<double> a, SolveOptions options, CancellationToken cancellationToken, BlockCountCriterion criterion = BlockCountCriterion.Trial)
    {
        if (options.Preconditioner is not (PreconditionerKind.AnalogBlockJacobi or PreconditionerKind.AnalogInverse))
        {
            return (options, null);
        }

        var (estimates, best) = BlockCountSelection.Evaluate(a, size => AnalogSolve.CreatePreconditioner(options with { BlockSize = size }),
            seed: options.Analog.Seed, cancellationToken: cancellationToken, criterion: criterion);
        var chosen = estimates[best];
        var report = new JsonObject
        {
            ["criterion"] = criterion == BlockCountCriterion.Trial ? $"trial FGMRES residual after {BlockCountSelection.TrialIterations} iterations" : "probed norm of I − A·M",
            ["chosen_blocks"] = chosen.Blocks,
            ["chosen_block_size"] = chosen.BlockSize,
            ["estimates"] = new JsonArray(estimates.Select(e => (JsonNode)new JsonObject
            {
                ["blocks"] = e.Blocks,
                ["block_size"] = e.BlockSize,
                ["norm_I_minus_AM"] = double.IsFinite(e.Estimate) ? e.Estimate : null,
                ["trial_residual"] = double.IsFinite(e.TrialResidual) ? e.TrialResidual : null,
            }).ToArray()),
        };
        return (options with { BlockSize = chosen.BlockSize }, report);
    }
}
