using System.CommandLine;
using AnalogLA.Cli.Commands;

namespace AnalogLA.Cli;

/// <summary>The <c>analogla</c> command tree. Parsing and help come from System.CommandLine.</summary>
public static class CliApp
{
    /// <summary>Exit code for bad input.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for a bug (an exception no input should cause); the stack trace is printed.</summary>
    public const int InternalError = 1;

    /// <summary>Exit code after Ctrl+C.</summary>
    public const int Cancelled = 130;

    /// <summary>Parses and runs <paramref name="args"/>, writing results to <paramref name="output"/> and errors and progress to <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("AnalogLA: analog in-memory linear algebra on simulated crossbars.");
        root.Subcommands.Add(MvmCommand.Create(output, error));
        root.Subcommands.Add(RetentionCommand.Create(output, error));
        root.Subcommands.Add(SolveCommand.Create(output, error));
        root.Subcommands.Add(SolveSuiteCommand.Create(output, error));
        root.Subcommands.Add(SolveTrackCommand.Create(output, error));
        root.Subcommands.Add(SweepCommand.Create(output, error));
        root.Subcommands.Add(ValidateCommand.Create(output, error));
        var bnn = new Command("bnn", "Bayesian neural networks: train, and evaluate in software or on simulated spintronic hardware.");
        bnn.Subcommands.Add(BnnTrainCommand.Create(output, error));
        bnn.Subcommands.Add(BnnEvalCommand.Create(output, error));
        root.Subcommands.Add(bnn);
        // The default handler prints a stack trace for every exception; ours maps user errors to exit code 2.
        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("run 'analogla --help' for usage.").ConfigureAwait(false);
            return UsageError;
        }

        try
        {
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception thrown)
        {
            var e = ErrorPolicy.Unwrap(thrown);
            if (e is OperationCanceledException)
            {
                await error.WriteLineAsync("cancelled; no results were written.").ConfigureAwait(false);
                return Cancelled;
            }

            if (ErrorPolicy.IsUserError(e))
            {
                await error.WriteLineAsync($"error: {ErrorPolicy.Message(e)}").ConfigureAwait(false);
                return UsageError;
            }

            await error.WriteLineAsync($"internal error (a bug in AnalogLA; please report it with the command line): {thrown}").ConfigureAwait(false);
            return InternalError;
        }
    }
}
