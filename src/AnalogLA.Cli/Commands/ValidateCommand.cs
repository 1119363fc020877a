using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AnalogLA.Validation;

namespace AnalogLA.Cli.Commands;

/// <summary><c>analogla validate</c>: every model against an independent reference, as a table or JSON.</summary>
public static class ValidateCommand
{
    /// <summary>Exit code when a check fails (a model disagrees with its reference: a bug to report).</summary>
    public const int ChecksFailed = 1;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var data = new Option<string?>("--data") { Description = "Shared data folder (default $ANALOGLA_DATA): adds the scipy iteration-count rows." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("validate", "Check every model against an independent reference (closed forms, published values, peers' formulas, second methods); exit 0 only when every row passes.");
        command.Options.Add(data);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? folder = parse.GetValue(data) ?? Environment.GetEnvironmentVariable("ANALOGLA_DATA");
            if (parse.GetValue(data) is string given && !Directory.Exists(given))
            {
                throw new ArgumentException($"--data: folder '{given}' not found.");
            }

            var timer = Stopwatch.StartNew();
            var rows = await Task.Run(() => ModelValidation.Run(folder), cancellationToken).ConfigureAwait(false);
            int failed = rows.Count(r => !r.Pass);
            if (parse.GetValue(json))
            {
                var node = new JsonObject
                {
                    ["rows"] = new JsonArray(rows.Select(r => (JsonNode?)new JsonObject
                    {
                        ["model"] = r.Model,
                        ["quantity"] = r.Quantity,
                        ["reference"] = r.Reference,
                        ["source"] = r.Source,
                        ["value"] = r.Value,
                        ["tolerance"] = r.Tolerance,
                        ["comparison"] = r.Comparison == Comparison.AtMost ? "at most" : "within",
                        ["pass"] = r.Pass,
                    }).ToArray()),
                    ["passed"] = rows.Count - failed,
                    ["failed"] = failed,
                    ["seconds"] = timer.Elapsed.TotalSeconds,
                };
                await output.WriteLineAsync(JsonResults.Text(node)).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"{"model",-32} {"quantity",-52} {"reference",14} {"value",14} {"tolerance",10}  result  source").ConfigureAwait(false);
                foreach (var r in rows)
                {
                    string tolerance = r.Comparison == Comparison.AtMost ? "(bound)" : Format(r.Tolerance);
                    await output.WriteLineAsync($"{r.Model,-32} {r.Quantity,-52} {Format(r.Reference),14} {Format(r.Value),14} {tolerance,10}  {(r.Pass ? "pass" : "FAIL"),-6}  {r.Source}").ConfigureAwait(false);
                }

                await output.WriteLineAsync($"{rows.Count - failed} of {rows.Count} checks pass ({timer.Elapsed.TotalSeconds:F1} s).").ConfigureAwait(false);
            }

            if (failed > 0)
            {
                await error.WriteLineAsync($"validate: {failed} of {rows.Count} checks failed — a model disagrees with its reference; please report it.").ConfigureAwait(false);
                return ChecksFailed;
            }

            return 0;
        });
        return command;
    }

    private static string Format(double v) => v.ToString(Math.Abs(v) is > 0 and (< 1e-3 or >= 1e5) ? "E4" : "G6", CultureInfo.InvariantCulture);
}
