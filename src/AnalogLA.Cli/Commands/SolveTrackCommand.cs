using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using AnalogLA.Crossbar;
using AnalogLA.IO;
using AnalogLA.Solvers;
using CsvHelper;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Cli.Commands;

/// <summary>One row of the solve-track CSV.</summary>
public sealed record TrackRow(
    string Problem, int Rows, double Tolerance, string Precond, int? Blocks, int? BlockSize, string Variant, string Preset,
    int Compensation, double Headroom, bool Converged, string Status, int Iterations, double? TrueRelResidual, double? NoisePenalty,
    long AnalogMvms, double? JoulesPerApplication, double? Ilu0JoulesPerApplication, double Seconds, string Error, string Setting);

/// <summary>One problem of the track: where A comes from, the right-hand side and the tolerance.</summary>
internal sealed record TrackProblem(string Name, string Rhs, double Tolerance);

/// <summary>
/// <c>analogla solve-track</c>: the literature-matched analog-preconditioning track (FGMRES without restart, cap 400):
/// gr_30_30 (b = A·1, tol 1e-8), Saad's fd3d generator (random b, 1e-10), the low-rank-updated Laplacian (random b,
/// 1e-12), poisson2d:48 and convdiff:48 (b = A·1, 1e-8); baselines none / Jacobi / ILU(0); each analog block
/// preconditioner at each block count that divides n, ideal (exact devices and converters) and noisy (the preset), the
/// noise penalty (noisy ÷ ideal iterations), analog MVMs per solve and energy per application against one digital ILU(0)
/// application. The CSV is rewritten atomically after every solve, so an interrupted run keeps its rows and
/// <c>--resume</c> skips them.
/// </summary>
public static class SolveTrackCommand
{
    internal static readonly TrackProblem[] DefaultProblems =
    [
        new("gr_30_30", "ones", 1e-8),
        new("fd3d:50,50,1,0.1,1.2,0.3,0.1", "random", 1e-10),
        new("lowrank-laplace:32", "random", 1e-12),
        new("poisson2d:48", "ones", 1e-8),
        new("convdiff:48", "ones", 1e-8),
    ];

    private static readonly string[] Baselines = ["none", "jacobi", "ilu0"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var problems = new Option<string?>("--problems") { Description = "Comma-separated track problems (default all five: " + string.Join(", ", DefaultProblems.Select(p => p.Name)) + ")." };
        var dir = new Option<string?>("--dir") { Description = "Folder with gr_30_30.mtx (default $ANALOGLA_DATA/matrices)." };
        var precond = new Option<string>("--precond") { Description = "Comma-separated analog block preconditioners: analog-block-jacobi, analog-inverse.", DefaultValueFactory = _ => "analog-block-jacobi" };
        var blocks = new Option<string>("--blocks") { Description = "Comma-separated block counts (those that divide n are run), auto (trial FGMRES) and/or auto-norm (probed norm).", DefaultValueFactory = _ => "1,2,4,5,16,64" };
        var preset = new Option<string>("--preset") { Description = "Crossbar preset of the noisy variant.", DefaultValueFactory = _ => "dwmtj-realistic" };
        var maxIter = new Option<int>("--max-iter") { Description = "FGMRES iteration cap (no restart).", DefaultValueFactory = _ => 400 };
        var timeLimit = new Option<double>("--time-limit") { Description = "Seconds per solve before it is stopped.", DefaultValueFactory = _ => 600 };
        var csvPath = new Option<string>("--out") { Description = "CSV file (rewritten atomically after every solve).", DefaultValueFactory = _ => "solve-track.csv" };
        var markdownPath = new Option<string?>("--markdown") { Description = "Also write the Markdown tables to this file." };
        var force = new Option<bool>("--force") { Description = "Replace existing output files." };
        var resume = new Option<bool>("--resume") { Description = "Keep the rows of an existing --out and run only the missing ones." };
        var seed = new Option<ulong>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 1 };
        var techniques = new SolveTechniques();

        var command = new Command("solve-track", "The literature-matched analog-preconditioning track: FGMRES iterations, noise penalty, MVMs and energy against ILU(0); CSV and Markdown.");
        foreach (var option in new Option[] { problems, dir, precond, blocks, preset, maxIter, timeLimit, csvPath, markdownPath, force, resume, seed }.Concat(techniques.All.Where(o => o != techniques.Blocks)))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var selected = SelectProblems(parse.GetValue(problems));
            var kinds = parse.GetValue(precond)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(SolveCommand.ParsePreconditioner).ToArray();
            if (kinds.Length == 0 || kinds.Any(k => k is not (PreconditionerKind.AnalogBlockJacobi or PreconditionerKind.AnalogInverse)))
            {
                throw new ArgumentException($"--precond takes analog-block-jacobi and/or analog-inverse (the block preconditioners), got '{parse.GetValue(precond)}'.");
            }

            var counts = ParseCounts(parse.GetValue(blocks)!);
            var noisy = techniques.Apply(parse, AnalogOptions.FromPreset(parse.GetValue(preset)!) with { Seed = parse.GetValue(seed) });
            noisy.Validate();
            int cap = parse.GetValue(maxIter);
            new SolveOptions { MaxIterations = cap, Restart = cap, Analog = noisy }.Validate();
            double seconds = parse.GetValue(timeLimit);
            if (!(seconds > 0 && seconds <= SolveSuiteCommand.MaxTimeLimitSeconds))
            {
                throw new ArgumentException($"--time-limit must be in (0, {SolveSuiteCommand.MaxTimeLimitSeconds}] seconds, got {seconds}.");
            }

            string csv = parse.GetValue(csvPath)!;
            string? markdown = parse.GetValue(markdownPath);
            bool resuming = parse.GetValue(resume);
            var rows = resuming && File.Exists(csv) ? ReadRows(csv) : [];
            // Every row of one CSV was measured with one setting (preset, seed, cap, techniques): resuming with another
            // would mix them silently.
            string setting = techniques.Describe(parse, noisy, cap);
            if (rows.FirstOrDefault(r => r.Setting != setting) is { } other)
            {
                throw new ArgumentException($"--resume: {csv} was written with '{other.Setting}', this run uses '{setting}'; pass the same options, another --out, or drop --resume.");
            }

            ResultFile.CheckTargets(parse.GetValue(force) || resuming, (csv, "--out"));
            ResultFile.CheckTargets(parse.GetValue(force), (markdown, "--markdown"));
            string? folder = parse.GetValue(dir) ?? (Environment.GetEnvironmentVariable("ANALOGLA_DATA") is string data ? Path.Combine(data, "matrices") : null);

            foreach (var problem in selected)
            {
                Matrix<double> a;
                if (problem.Name.Contains(':', StringComparison.Ordinal))
                {
                    a = TestProblems.FromSpec(problem.Name);
                }
                else
                {
                    string? file = folder is null ? null : Path.Combine(folder, problem.Name + ".mtx");
                    if (file is null || !File.Exists(file))
                    {
                        await error.WriteLineAsync($"skipping {problem.Name}: {file ?? problem.Name + ".mtx"} not found (pass --dir or set ANALOGLA_DATA).").ConfigureAwait(false);
                        continue;
                    }

                    a = MatrixMarket.Read(file);
                }

                var b = SolveCommand.RightHandSide(a, problem.Rhs, parse.GetValue(seed));
                var plan = new List<(string Precond, PreconditionerKind Kind, string? Count, string Variant)>();
                plan.AddRange(Baselines.Select(p => (p, SolveCommand.ParsePreconditioner(p), (string?)null, "digital")));
                foreach (var kind in kinds)
                {
                    foreach (string count in counts.Where(c => SolveTechniques.IsAutoText(c) || a.RowCount % int.Parse(c, CultureInfo.InvariantCulture) == 0))
                    {
                        plan.Add((SolveCommand.Preconditioners[(int)kind], kind, count, "ideal"));
                        plan.Add((SolveCommand.Preconditioners[(int)kind], kind, count, "noisy"));
                    }
                }

                double? iluJoules = null;
                foreach (var (label, kind, count, variant) in plan)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (rows.Any(r => r.Problem == problem.Name && r.Precond == label && BlocksKey(r) == count && r.Variant == variant))
                    {
                        continue;
                    }

                    await error.WriteLineAsync($"[{problem.Name}] {label} blocks={count ?? "-"} {variant}").ConfigureAwait(false);
                    var analog = variant == "noisy" ? noisy : AnalogOptions.Ideal with { Seed = noisy.Seed, Tiling = noisy.Tiling };
                    var options = new SolveOptions
                    {
                        Solver = SolverKind.Fgmres, Preconditioner = kind, Restart = cap, MaxIterations = cap, Tolerance = problem.Tolerance, Analog = analog,
                        BlockSize = count is null || SolveTechniques.IsAutoText(count) ? null : SolveTechniques.SizeFor(a.RowCount, int.Parse(count, CultureInfo.InvariantCulture)),
                    };
                    options = techniques.ApplySolve(parse, options);
                    if (SolveTechniques.IsAutoText(count) && variant == "ideal")
                    {
                        // The ideal variant of auto uses the count the noisy probes chose (so the penalty compares like with like).
                        options = options with { BlockSize = rows.FirstOrDefault(r => r.Problem == problem.Name && r.Precond == label && BlocksKey(r) == count && r.Variant.StartsWith("noisy", StringComparison.Ordinal))?.BlockSize };
                    }

                    var timer = System.Diagnostics.Stopwatch.StartNew();
                    using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    limit.CancelAfter(TimeSpan.FromSeconds(seconds));
                    TrackRow row;
                    try
                    {
                        if (SolveTechniques.IsAutoText(count) && options.BlockSize is null)
                        {
                            (options, _) = SolveTechniques.ResolveAuto(a, options with { Analog = noisy }, limit.Token, SolveTechniques.CriterionOf(count));
                            options = options with { Analog = analog };
                        }

                        var node = await Task.Run(() => SolveCommand.Run(problem.Name, a, b, options, parse.GetValue(preset)!, DigitalReference.Cpu, limit.Token), cancellationToken).ConfigureAwait(false);
                        iluJoules = node["digital_reference"]!["ilu0_joules_per_application"]!.GetValue<double>();
                        string status = node["status"]!.GetValue<string>();
                        if (status == nameof(SolveStatus.Stopped) && !cancellationToken.IsCancellationRequested)
                        {
                            status = "TimeLimit";
                        }

                        double residual = node["true_rel_residual"]!.GetValue<double>();
                        double joules = node["energy_joules_per_precond_application"]!.GetValue<double>();
                        row = new TrackRow(problem.Name, a.RowCount, problem.Tolerance, label, SolveTechniques.IsAutoText(count) ? null : options.BlockSize is int s ? (a.RowCount + s - 1) / s : null,
                            options.BlockSize, variant + (SolveTechniques.IsAutoText(count) ? "-" + count : string.Empty), variant == "noisy" ? noisy.Name : variant,
                            analog.Mapping.Compensation, analog.Mapping.Headroom, node["converged"]!.GetValue<bool>(), status, node["iterations"]!.GetValue<int>(),
                            double.IsFinite(residual) ? residual : null, null, node["analog_mvms"]!.GetValue<long>(), kind >= PreconditionerKind.AnalogBlockJacobi ? joules : null,
                            iluJoules, timer.Elapsed.TotalSeconds, string.Empty, setting);
                    }
                    catch (ArgumentException e)
                    {
                        row = new TrackRow(problem.Name, a.RowCount, problem.Tolerance, label, null, options.BlockSize, variant, analog.Name, 0, 1, false, "SetupFailed", 0, null, null, 0, null, iluJoules, timer.Elapsed.TotalSeconds, e.Message, setting);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        row = new TrackRow(problem.Name, a.RowCount, problem.Tolerance, label, null, options.BlockSize, variant, analog.Name, 0, 1, false, "TimeLimit", 0, null, null, 0, null, iluJoules, timer.Elapsed.TotalSeconds, "time limit reached while building the preconditioner", setting);
                    }

                    rows.Add(row);
                    WithPenalties(rows);
                    ResultFile.WriteAtomically(csv, ToCsv(rows), overwrite: true);
                }
            }

            WithPenalties(rows);
            ResultFile.WriteAtomically(csv, ToCsv(rows), overwrite: true);
            string text = Markdown(rows);
            if (markdown is not null)
            {
                ResultFile.WriteAtomically(markdown, text, overwrite: parse.GetValue(force));
            }

            await output.WriteLineAsync(text).ConfigureAwait(false);
            await error.WriteLineAsync($"wrote {rows.Count} rows to {csv}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>The block-count key of a row ("auto" for the automatic choice, null for baselines).</summary>
    private static string? BlocksKey(TrackRow row) => row.Variant.EndsWith("-auto-norm", StringComparison.Ordinal) ? "auto-norm"
        : row.Variant.EndsWith("-auto", StringComparison.Ordinal) ? "auto" : row.Blocks?.ToString(CultureInfo.InvariantCulture);

    internal static TrackProblem[] SelectProblems(string? list)
    {
        if (list is null)
        {
            return DefaultProblems;
        }

        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new List<TrackProblem>();
        foreach (string name in names)
        {
            var problem = DefaultProblems.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || p.Name.Split(':')[0].Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"unknown track problem '{name}'; the track has {string.Join(", ", DefaultProblems.Select(p => p.Name))} (a bare name such as fd3d selects its entry).");
            result.Add(problem);
        }

        return result.Count > 0 ? [.. result] : throw new ArgumentException("--problems needs at least one track problem.");
    }

    internal static string[] ParseCounts(string text)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string item in items)
        {
            if (!SolveTechniques.IsAutoText(item) && !(int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out int c) && c >= 1 && c <= 4096))
            {
                throw new ArgumentException($"--blocks takes block counts in [1, 4096], auto and/or auto-norm, got '{item}'.");
            }
        }

        return items.Length > 0 ? items.Select(i => i.ToLowerInvariant()).Distinct().ToArray() : throw new ArgumentException("--blocks needs at least one block count.");
    }

    /// <summary>Fills the noise penalty (noisy ÷ ideal iterations, both converged) of every noisy row.</summary>
    private static void WithPenalties(List<TrackRow> rows)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (!row.Variant.StartsWith("noisy", StringComparison.Ordinal))
            {
                continue;
            }

            string idealVariant = row.Variant.Replace("noisy", "ideal", StringComparison.Ordinal);
            var ideal = rows.FirstOrDefault(r => r.Problem == row.Problem && r.Precond == row.Precond && r.BlockSize == row.BlockSize && r.Variant == idealVariant);
            rows[i] = row with { NoisePenalty = ideal is { Converged: true, Iterations: > 0 } && row.Converged ? (double)row.Iterations / ideal.Iterations : null };
        }
    }

    private static List<TrackRow> ReadRows(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
            // One row per (problem, preconditioner, block count, variant): the first wins if a file holds repeats.
            return [.. csv.GetRecords<TrackRow>().DistinctBy(r => (r.Problem, r.Precond, BlocksKey(r), r.Variant))];
        }
        catch (CsvHelperException e)
        {
            throw new FormatException($"{path}: not a solve-track CSV ({e.Message.Split('\n')[0]}); remove it or drop --resume.", e);
        }
    }

    private static string ToCsv(List<TrackRow> rows)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            csv.WriteRecords(rows);
        }

        return writer.ToString();
    }

    /// <summary>Per problem: the digital baselines, then one line per analog preconditioner and block count.</summary>
    public static string Markdown(IReadOnlyList<TrackRow> rows)
    {
        var text = new System.Text.StringBuilder();
        static string Iterations(TrackRow? r) => r is null ? " " : r.Converged ? r.Iterations.ToString(CultureInfo.InvariantCulture)
            : r.Status == "SetupFailed" ? "setup failed" : r.TrueRelResidual is double res ? $"— ({res:E0})" : "— (non-finite)";
        foreach (var group in rows.GroupBy(r => r.Problem))
        {
            var first = group.First();
            text.AppendLine(CultureInfo.InvariantCulture, $"**{group.Key}** (n = {first.Rows}, tol {first.Tolerance:G2}): none {Iterations(group.FirstOrDefault(r => r.Precond == "none"))}, Jacobi {Iterations(group.FirstOrDefault(r => r.Precond == "jacobi"))}, ILU(0) {Iterations(group.FirstOrDefault(r => r.Precond == "ilu0"))}");
            text.AppendLine();
            text.AppendLine("| preconditioner | blocks | ideal | noisy | noise penalty | analog MVMs | energy / application ÷ ILU(0)'s |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var noisy in group.Where(r => r.Variant.StartsWith("noisy", StringComparison.Ordinal)))
            {
                var ideal = group.FirstOrDefault(r => r.Precond == noisy.Precond && r.BlockSize == noisy.BlockSize && r.Variant == noisy.Variant.Replace("noisy", "ideal", StringComparison.Ordinal));
                string blocks = (noisy.BlockSize is int s ? ((noisy.Rows + s - 1) / s).ToString(CultureInfo.InvariantCulture) : "?") + (noisy.Variant.EndsWith("-auto-norm", StringComparison.Ordinal) ? " (auto-norm)" : noisy.Variant.EndsWith("-auto", StringComparison.Ordinal) ? " (auto)" : string.Empty);
                string penalty = noisy.NoisePenalty is double p ? p.ToString("F2", CultureInfo.InvariantCulture) : "—";
                string energy = noisy.JoulesPerApplication is double j && noisy.Ilu0JoulesPerApplication is double ilu && ilu > 0 ? (j / ilu).ToString("G3", CultureInfo.InvariantCulture) : "—";
                text.AppendLine(CultureInfo.InvariantCulture, $"| {noisy.Precond} | {blocks} | {Iterations(ideal)} | {Iterations(noisy)} | {penalty} | {noisy.AnalogMvms} | {energy} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
