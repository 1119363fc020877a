using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AnalogLA.Crossbar;
using AnalogLA.IO;
using AnalogLA.Numerics;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Cli.Commands;

/// <summary><c>analogla solve</c>: one preconditioned Krylov solve on a Matrix Market file or a generated problem.</summary>
public static class SolveCommand
{
    internal static readonly string[] Preconditioners = ["none", "jacobi", "ilu0", "analog-block-jacobi", "analog-spai", "analog-poly", "analog-inverse", "refinement"];

    internal static PreconditionerKind ParsePreconditioner(string text) => text.ToLowerInvariant() switch
    {
        "none" => PreconditionerKind.None,
        "jacobi" => PreconditionerKind.Jacobi,
        "ilu0" => PreconditionerKind.Ilu0,
        "analog-block-jacobi" => PreconditionerKind.AnalogBlockJacobi,
        "analog-spai" => PreconditionerKind.AnalogSpai,
        "analog-poly" => PreconditionerKind.AnalogPoly,
        "analog-inverse" => PreconditionerKind.AnalogInverse,
        "refinement" => PreconditionerKind.Refinement,
        _ => throw new ArgumentException($"--precond must be one of {string.Join(", ", Preconditioners)}, got '{text}'."),
    };

    internal static SolverKind ParseSolver(string text) => text.ToLowerInvariant() switch
    {
        "cg" => SolverKind.Cg,
        "fcg" => SolverKind.Fcg,
        "gmres" => SolverKind.Gmres,
        "fgmres" => SolverKind.Fgmres,
        "bicgstab" => SolverKind.BiCgStab,
        _ => throw new ArgumentException($"--solver must be cg, fcg, gmres, fgmres or bicgstab, got '{text}'."),
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var matrix = new Option<string?>("--matrix") { Description = "Matrix Market file." };
        var problem = new Option<string?>("--problem") { Description = "Generated problem: poisson2d:N, poisson3d:N, anisotropic:N, convdiff:N, fd3d:nx,ny,nz,αx,αy,αz,shift, lowrank-laplace:N (default poisson2d:64)." };
        var rhs = new Option<string>("--rhs") { Description = "ones (b = A·1) | random | FILE (Matrix Market vector or one value per line).", DefaultValueFactory = _ => "ones" };
        var solver = new Option<string>("--solver") { Description = "cg | fcg | gmres | fgmres | bicgstab.", DefaultValueFactory = _ => "fgmres" };
        var restart = new Option<int>("--restart") { Description = "GMRES restart length.", DefaultValueFactory = _ => 50 };
        var costPreset = new Option<string?>("--cost-preset") { Description = "Energy/latency model of the analog arrays: isaac | dwmtj (default isaac)." };
        var wireOhms = new Option<double?>("--wire-ohms") { Description = "IR drop in the preconditioner's arrays: wire resistance per segment (Ω)." };
        var wireRatio = new Option<double?>("--wire-ratio") { Description = "IR drop: wire resistance per segment relative to 1/G_max." };
        var digitalReference = new Option<string>("--digital-reference") { Description = "Digital processor for the cost comparison: cpu | gpu.", DefaultValueFactory = _ => "cpu" };
        var precond = new Option<string>("--precond") { Description = string.Join(" | ", Preconditioners) + ".", DefaultValueFactory = _ => "analog-block-jacobi" };
        var preset = new Option<string>("--preset") { Description = "Crossbar preset of the analog preconditioners.", DefaultValueFactory = _ => "dwmtj-realistic" };
        var tile = new Option<string?>("--tile") { Description = "Tile size R[xC] (block size of block preconditioners)." };
        var tol = new Option<double>("--tol") { Description = "Relative residual tolerance.", DefaultValueFactory = _ => 1e-8 };
        var maxIter = new Option<int>("--max-iter") { Description = "Iteration cap.", DefaultValueFactory = _ => 5000 };
        var degree = new Option<int>("--degree") { Description = "Polynomial degree of analog-poly.", DefaultValueFactory = _ => 4 };
        var seed = new Option<ulong>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 1 };
        var techniques = new SolveTechniques();
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var ablate = new Option<bool>("--ablate") { Description = "Error-budget ablation: solve with the preconditioner's crossbar error-free, then with each error source alone, each mapping technique removed, and everything; prints iterations and residual per row and names the dominant source." };

        var command = new Command("solve", "Solve A·x = b with a Krylov method and a digital or analog preconditioner; reports iterations, true residual, time and analog MVMs.");
        foreach (var option in new Option[] { matrix, problem, rhs, solver, restart, precond, preset, tile, tol, maxIter, degree, seed, costPreset, wireOhms, wireRatio, digitalReference, json, ablate }.Concat(techniques.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            string? file = parse.GetValue(matrix);
            string? spec = parse.GetValue(problem);
            if (file is not null && spec is not null)
            {
                throw new ArgumentException("give --matrix or --problem, not both.");
            }

            var a = file is not null ? MatrixMarket.Read(file) : TestProblems.FromSpec(spec ?? "poisson2d:64");
            string name = file is not null ? Path.GetFileNameWithoutExtension(file) : spec ?? "poisson2d:64";
            var b = RightHandSide(a, parse.GetValue(rhs)!, parse.GetValue(seed));
            var analog = AnalogOptions.FromPreset(parse.GetValue(preset)!) with { Seed = parse.GetValue(seed) };
            if (parse.GetValue(tile) is string t)
            {
                analog = analog with { Tiling = DeviceOverrides.ParseTile(t) };
            }

            if (parse.GetValue(costPreset) is string c)
            {
                analog = analog with { Cost = CostModel.FromPreset(c) };
            }

            if (parse.GetValue(wireOhms) is not null || parse.GetValue(wireRatio) is not null)
            {
                analog = analog with { Parasitics = new ParasiticOptions { WireRatio = parse.GetValue(wireRatio), WireOhms = parse.GetValue(wireOhms) } };
            }

            analog = techniques.Apply(parse, analog);
            analog.Validate();

            var reference = DigitalReference.FromPreset(parse.GetValue(digitalReference)!);

            var options = new SolveOptions
            {
                Solver = ParseSolver(parse.GetValue(solver)!),
                Preconditioner = ParsePreconditioner(parse.GetValue(precond)!),
                Restart = parse.GetValue(restart),
                Tolerance = parse.GetValue(tol),
                MaxIterations = parse.GetValue(maxIter),
                PolynomialDegree = parse.GetValue(degree),
                Analog = analog,
            };
            options = techniques.ApplySolve(parse, options, a.RowCount);
            options.Validate();
            SolveTechniques.RequireApplicable(options);
            if (parse.GetValue(ablate))
            {
                var table = await Task.Run(() => Ablate(a, b, techniques.Resolve(parse, a, options, cancellationToken).Options, cancellationToken), cancellationToken).ConfigureAwait(false);
                JsonResults.Finite(table);
                await output.WriteLineAsync(parse.GetValue(json) ? JsonResults.Text(table) : AblationText(table)).ConfigureAwait(false);
                return 0;
            }

            var node = await Task.Run(() =>
            {
                var (chosen, selection) = techniques.Resolve(parse, a, options, cancellationToken);
                var result = Run(name, a, b, chosen, parse.GetValue(preset)!, reference, cancellationToken);
                if (selection is not null)
                {
                    result["block_selection"] = selection;
                }

                return result;
            }, cancellationToken).ConfigureAwait(false);
            JsonResults.Finite(node);

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonResults.Text(node)).ConfigureAwait(false);
            }
            else
            {
                foreach (var (key, value) in node)
                {
                    if (key is not ("options" or "residual_history" or "block_selection"))
                    {
                        await output.WriteLineAsync($"{key,-22} {value}").ConfigureAwait(false);
                    }
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>Runs one solve and returns the CLI's JSON fields.</summary>
    public static JsonObject Run(string name, Matrix<double> a, Vector<double> b, SolveOptions options, string presetName, DigitalReference? reference = null, CancellationToken cancellationToken = default)
    {
        reference ??= DigitalReference.Cpu;
        var timer = Stopwatch.StartNew();
        var (_, result) = AnalogSolve.Solve(a, b, options, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        double seconds = timer.Elapsed.TotalSeconds;
        long nnz = a.EnumerateIndexed(MathNet.Numerics.LinearAlgebra.Zeros.AllowSkip).LongCount(e => e.Item3 != 0);
        return new JsonObject
        {
            ["matrix"] = name,
            ["rows"] = a.RowCount,
            ["nnz"] = nnz,
            ["solver"] = options.Solver.ToString().ToLowerInvariant(),
            ["precond"] = Preconditioners[(int)options.Preconditioner],
            ["preset"] = presetName,
            ["block_size"] = options.BlockSize,
            ["blocks"] = options.BlockSize is int size ? (a.RowCount + size - 1) / size : null,
            ["compensation"] = options.Analog.Mapping.Compensation,
            ["headroom"] = options.Analog.Mapping.Headroom,
            ["mcai_accuracy"] = options.BlockInverse.MonteCarlo?.Accuracy,
            ["drop_tolerance"] = options.BlockInverse.DropTolerance,
            ["overlap"] = options.BlockInverse.Overlap,
            ["digital_diagonal"] = options.BlockInverse.DigitalDiagonal,
            ["block_amc"] = options.BlockInverse.Partitioned,
            ["read_repeats"] = options.ReadRepeats,
            ["converged"] = result.Converged,
            ["status"] = result.Status.ToString(),
            ["iterations"] = result.Iterations,
            ["true_rel_residual"] = result.TrueRelativeResidual,
            ["seconds"] = seconds,
            ["precond_applications"] = result.PreconditionerApplications,
            ["analog_mvms"] = result.AnalogMvms,
            ["energy_joules_per_precond_application"] = result.AnalogJoulesPerApplication,
            ["latency_seconds_per_precond_application"] = result.ApplicationsThisSolve == 0 ? 0 : result.AnalogLatencySeconds / result.ApplicationsThisSolve,
            ["energy_joules_solve_analog"] = result.AnalogEnergy.Total,
            ["digital_reference"] = DigitalCosts(result, nnz, a.RowCount, reference),
            ["residual_history"] = new JsonArray(result.ResidualHistory.Select(v => (JsonNode?)v).ToArray()),
            ["options"] = JsonNode.Parse(OptionsJson.Serialize(options.Analog, indented: false)),
        };
    }

    /// <summary>The error-budget ablation (<see cref="ErrorSources.OneAtATime"/>): one solve per row.</summary>
    public static JsonObject Ablate(Matrix<double> a, Vector<double> b, SolveOptions options, CancellationToken cancellationToken = default)
    {
        if (options.Preconditioner < PreconditionerKind.AnalogBlockJacobi)
        {
            throw new ArgumentException($"--ablate needs an analog preconditioner (--precond {string.Join(", ", Preconditioners.Skip((int)PreconditionerKind.AnalogBlockJacobi))}); '{Preconditioners[(int)options.Preconditioner]}' has no crossbar.");
        }

        var rows = new JsonArray();
        string? dominant = null;
        (int NotConverged, int Iterations, double Residual) worst = default;
        foreach (var source in ErrorSources.OneAtATime(options.Analog))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var timer = Stopwatch.StartNew();
            var (_, result) = AnalogSolve.Solve(a, b, options with { Analog = source.Options, Equilibrate = options.Equilibrate && source.Equilibrate }, cancellationToken);
            rows.Add(new JsonObject
            {
                ["source"] = source.Name,
                ["converged"] = result.Converged,
                ["iterations"] = result.Iterations,
                ["true_rel_residual"] = double.IsFinite(result.TrueRelativeResidual) ? result.TrueRelativeResidual : null,
                ["seconds"] = timer.Elapsed.TotalSeconds,
            });
            bool single = !source.Name.StartsWith("none", StringComparison.Ordinal) && !source.Name.StartsWith("all", StringComparison.Ordinal);
            // Worst: not converged beats converged; then more iterations; then a larger residual.
            var key = (result.Converged ? 0 : 1, result.Iterations, result.TrueRelativeResidual);
            if (single && (dominant is null || key.CompareTo(worst) > 0))
            {
                dominant = source.Name;
                worst = key;
            }
        }

        return new JsonObject
        {
            ["precond"] = Preconditioners[(int)options.Preconditioner],
            ["preset"] = options.Analog.Name,
            ["block_size"] = options.BlockSize,
            ["tolerance"] = options.Tolerance,
            ["max_iterations"] = options.MaxIterations,
            ["dominant_source"] = dominant,
            ["rows"] = rows,
        };
    }

    private static string AblationText(JsonObject table)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"error-budget ablation of {table["preset"]} ({table["precond"]}, tol {table["tolerance"]}, cap {table["max_iterations"]})");
        text.AppendLine("| error source | iterations | true residual |");
        text.AppendLine("|---|---:|---:|");
        foreach (var row in table["rows"]!.AsArray())
        {
            bool converged = row!["converged"]!.GetValue<bool>();
            string residual = row["true_rel_residual"] is { } r ? r.GetValue<double>().ToString("E2", CultureInfo.InvariantCulture) : "non-finite";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row["source"]} | {(converged ? row["iterations"]!.ToString() : "— (" + row["iterations"] + ", not converged)")} | {residual} |");
        }

        text.Append(CultureInfo.InvariantCulture, $"dominant source: {table["dominant_source"]}");
        return text.ToString();
    }

    internal static Vector<double> RightHandSide(Matrix<double> a, string rhs, ulong seed)
    {
        if (rhs.Equals("ones", StringComparison.OrdinalIgnoreCase))
        {
            return a * Vector<double>.Build.Dense(a.ColumnCount, 1.0);
        }

        if (rhs.Equals("random", StringComparison.OrdinalIgnoreCase))
        {
            var u = new float[a.RowCount];
            new CounterRandom(CounterRandom.Mix(seed, 301)).FillUniform(u);
            return Vector<double>.Build.Dense(a.RowCount, i => 2.0 * u[i] - 1.0);
        }

        if (!File.Exists(rhs))
        {
            throw new ArgumentException($"--rhs must be ones, random or an existing file; '{rhs}' is none of these.");
        }

        var values = VectorFile.Read(rhs, a.RowCount);
        return Vector<double>.Build.Dense(values);
    }

    /// <summary>
    /// The digital cost of the same work: the preconditioner's analog MACs done as dense double MACs streaming their
    /// operands, and one ILU(0) application (forward and back substitution over nnz(A) stored entries).
    /// </summary>
    private static JsonObject DigitalCosts(KrylovResult result, long nnz, int n, DigitalReference reference)
    {
        long applications = Math.Max(1, result.ApplicationsThisSolve);
        var same = reference.Cost(result.AnalogMacs / applications, result.AnalogMacs / applications * reference.BytesPerValue);
        var int8 = reference.AtInt8();
        var sameInt8 = int8.Cost(result.AnalogMacs / applications, result.AnalogMacs / applications * int8.BytesPerValue);
        var ilu = reference.SparseTriangularSolves(nnz, n);
        return new JsonObject
        {
            ["name"] = reference.Name,
            ["same_precond_joules_per_application"] = same.Joules,
            ["same_precond_seconds_per_application"] = same.Seconds,
            ["same_precond_int8_joules_per_application"] = sameInt8.Joules,
            ["same_precond_int8_seconds_per_application"] = sameInt8.Seconds,
            ["ilu0_joules_per_application"] = ilu.Joules,
            ["ilu0_seconds_per_application"] = ilu.Seconds,
            ["ilu0_joules_over_analog"] = result.AnalogJoulesPerApplication > 0 ? ilu.Joules / result.AnalogJoulesPerApplication : null,
            ["assumptions"] = $"{reference.Source}; cache-aware roofline (operands resident in the last-level cache when they fit: {reference.LastLevelCacheBytes:G3} bytes); same_precond = the analog MACs done digitally at {reference.Precision} and, matched to 8-bit weights, at int8; analog cost from the arrays' cost model (\"cost\" in options); ILU(0) = nnz(A) fp64 MACs and (8 + 4) bytes per stored entry plus three vectors",
        };
    }
}
