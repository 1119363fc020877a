using AnalogLA.Numerics;
using System.CommandLine;
using System.Globalization;
using System.Text;
using AnalogLA.Crossbar;
using AnalogLA.IO;
using AnalogLA.Solvers;
using CsvHelper;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Cli.Commands;

/// <summary>One row of the solve-suite CSV.</summary>
public sealed record SuiteRow(
    string Matrix, int Rows, long Nnz, string Solver, string Precond, string Preset, bool Converged, string Status,
    int Iterations, double? TrueRelResidual, double Seconds, long AnalogMvms, string Error);

/// <summary><c>analogla solve-suite</c>: every Matrix Market file in a folder × a list of preconditioners.</summary>
public static class SolveSuiteCommand
{
    /// <summary>Longest accepted --time-limit (one day per solve).</summary>
    public const double MaxTimeLimitSeconds = 86_400;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var dir = new Option<string?>("--dir") { Description = "Folder of .mtx files (default $ANALOGLA_DATA/matrices)." };
        var precond = new Option<string>("--precond") { Description = "Comma-separated preconditioners.", DefaultValueFactory = _ => string.Join(",", SolveCommand.Preconditioners) };
        var solver = new Option<string>("--solver") { Description = "Krylov method.", DefaultValueFactory = _ => "fgmres" };
        var preset = new Option<string>("--preset") { Description = "Crossbar preset of the analog preconditioners.", DefaultValueFactory = _ => "dwmtj-realistic" };
        var tile = new Option<string?>("--tile") { Description = "Tile size R[xC]." };
        var tol = new Option<double>("--tol") { Description = "Relative residual tolerance.", DefaultValueFactory = _ => 1e-8 };
        var maxIter = new Option<int>("--max-iter") { Description = "Iteration cap.", DefaultValueFactory = _ => 5000 };
        var timeLimit = new Option<double>("--time-limit") { Description = "Seconds per solve before it is stopped.", DefaultValueFactory = _ => 120 };
        var csvPath = new Option<string>("--out") { Description = "CSV file (written atomically).", DefaultValueFactory = _ => "solve-suite.csv" };
        var force = new Option<bool>("--force") { Description = "Replace an existing CSV." };
        var seed = new Option<ulong>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 1 };
        var techniques = new SolveTechniques();

        var command = new Command("solve-suite", "Solve every .mtx in a folder with each preconditioner (b = A·1, x0 = 0); CSV rows and a Markdown table.");
        foreach (var option in new Option[] { dir, precond, solver, preset, tile, tol, maxIter, timeLimit, csvPath, force, seed }.Concat(techniques.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            string? folder = parse.GetValue(dir);
            if (folder is null && Environment.GetEnvironmentVariable("ANALOGLA_DATA") is string data)
            {
                folder = Path.Combine(data, "matrices");
            }

            if (folder is null || !Directory.Exists(folder))
            {
                await error.WriteLineAsync($"error: matrix folder '{folder ?? "(none)"}' not found; pass --dir or set ANALOGLA_DATA.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            string csv = parse.GetValue(csvPath)!;
            ResultFile.CheckTargets(parse.GetValue(force), (csv, "--out"));
            var kinds = parse.GetValue(precond)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(SolveCommand.ParsePreconditioner).ToArray();
            if (kinds.Length == 0)
            {
                throw new ArgumentException($"--precond needs at least one of {string.Join(", ", SolveCommand.Preconditioners)}, got '{parse.GetValue(precond)}'.");
            }

            var solverKind = SolveCommand.ParseSolver(parse.GetValue(solver)!);
            var analog = AnalogOptions.FromPreset(parse.GetValue(preset)!) with { Seed = parse.GetValue(seed) };
            if (parse.GetValue(tile) is string t)
            {
                analog = analog with { Tiling = DeviceOverrides.ParseTile(t) };
            }

            analog = techniques.Apply(parse, analog);
            analog.Validate();
            double seconds = parse.GetValue(timeLimit);
            if (!(seconds > 0 && seconds <= MaxTimeLimitSeconds))
            {
                throw new ArgumentException($"--time-limit must be in (0, {MaxTimeLimitSeconds}] seconds, got {seconds}.");
            }

            // Every setting is checked once before the first solve, so a bad --tol or --max-iter cannot fill the table with failures.
            new SolveOptions { Solver = solverKind, Tolerance = parse.GetValue(tol), MaxIterations = parse.GetValue(maxIter), Analog = analog }.Validate();

            var files = Directory.GetFiles(folder, "*.mtx").OrderBy(f => f, StringComparer.Ordinal).ToArray();
            var rows = new List<SuiteRow>();
            int done = 0, total = files.Length * kinds.Length;
            foreach (string file in files)
            {
                string name = Path.GetFileNameWithoutExtension(file);
                Matrix<double> a;
                try
                {
                    a = MatrixMarket.Read(file);
                }
                catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
                {
                    await error.WriteLineAsync($"skipping {name}: {e.Message}").ConfigureAwait(false);
                    continue;
                }

                long nnz = a.EnumerateIndexed(MathNet.Numerics.LinearAlgebra.Zeros.AllowSkip).LongCount(e => e.Item3 != 0);
                var b = a * Vector<double>.Build.Dense(a.ColumnCount, 1.0);
                foreach (var kind in kinds)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    done++;
                    string label = SolveCommand.Preconditioners[(int)kind];
                    await error.WriteLineAsync($"[{done}/{total}] {name} ({a.RowCount} rows) {label}").ConfigureAwait(false);
                    using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    // The timer fires on a pool thread, which a busy solve can delay past its end: a limit below the
                    // timer's 1 ms resolution is spent before the solve starts.
                    if (seconds < 1e-3)
                    {
                        limit.Cancel();
                    }
                    else
                    {
                        limit.CancelAfter(TimeSpan.FromSeconds(seconds));
                    }
                    var timer = System.Diagnostics.Stopwatch.StartNew();
                    try
                    {
                        var options = new SolveOptions
                        {
                            Solver = solverKind, Preconditioner = kind, Tolerance = parse.GetValue(tol), MaxIterations = parse.GetValue(maxIter), Analog = analog,
                        };
                        options = techniques.ApplySolve(parse, options, a.RowCount);
                        var (_, result) = await Task.Run(() => AnalogSolve.Solve(a, b, techniques.Resolve(parse, a, options, limit.Token).Options, limit.Token), cancellationToken).ConfigureAwait(false);
                        string status = result.Status == SolveStatus.Stopped && !cancellationToken.IsCancellationRequested ? "TimeLimit" : result.Status.ToString();
                        rows.Add(new SuiteRow(name, a.RowCount, nnz, solverKind.ToString().ToLowerInvariant(), label, analog.Name, result.Converged, status,
                            result.Iterations, double.IsFinite(result.TrueRelativeResidual) ? result.TrueRelativeResidual : null, timer.Elapsed.TotalSeconds, result.AnalogMvms, string.Empty));
                    }
                    catch (ArgumentException e)
                    {
                        rows.Add(new SuiteRow(name, a.RowCount, nnz, solverKind.ToString().ToLowerInvariant(), label, analog.Name, false, "SetupFailed", 0, null, timer.Elapsed.TotalSeconds, 0, e.Message));
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // The per-solve time limit ran out before the solve started (e.g. in the --blocks auto trials).
                        rows.Add(new SuiteRow(name, a.RowCount, nnz, solverKind.ToString().ToLowerInvariant(), label, analog.Name, false, "TimeLimit", 0, null, timer.Elapsed.TotalSeconds, 0, "time limit reached while building the preconditioner"));
                    }
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            ResultFile.WriteAtomically(csv, ToCsv(rows), overwrite: true);
            await output.WriteLineAsync(Markdown(rows, kinds.Select(k => SolveCommand.Preconditioners[(int)k]).ToArray())).ConfigureAwait(false);
            await error.WriteLineAsync($"wrote {rows.Count} rows to {csv}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static string ToCsv(List<SuiteRow> rows)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            csv.WriteRecords(rows);
        }

        return writer.ToString();
    }

    /// <summary>Iterations per matrix and preconditioner; "—" marks a solve that did not reach the tolerance.</summary>
    public static string Markdown(IReadOnlyList<SuiteRow> rows, IReadOnlyList<string> preconditioners)
    {
        var text = new StringBuilder();
        text.Append("| matrix | n |");
        foreach (string p in preconditioners)
        {
            text.Append(CultureInfo.InvariantCulture, $" {p} |");
        }

        text.AppendLine();
        text.Append("|---|---:|");
        foreach (string _ in preconditioners)
        {
            text.Append("---:|");
        }

        text.AppendLine();
        foreach (var group in rows.GroupBy(r => r.Matrix))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {group.Key} | {group.First().Rows} |");
            foreach (string p in preconditioners)
            {
                var row = group.FirstOrDefault(r => r.Precond == p);
                string cell = row is null ? " " : row.Converged ? row.Iterations.ToString(CultureInfo.InvariantCulture)
                    : row.Status == "SetupFailed" ? "setup failed" : row.TrueRelResidual is double r ? $"— ({r:E0})" : "— (non-finite)";
                text.Append(CultureInfo.InvariantCulture, $" {cell} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
