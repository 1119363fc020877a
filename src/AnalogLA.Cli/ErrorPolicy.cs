using System.Reflection;
using System.Text.Json;

namespace AnalogLA.Cli;

/// <summary>
/// The CLI's one error policy: which exceptions a user can cause (bad options, bad or unreadable files, a training run
/// that diverges) and therefore end with exit code 2 and a one-line message, and which are bugs (exit code 1 with the
/// stack trace). Every verb runs inside <see cref="CliApp.RunAsync"/>, which applies it.
/// </summary>
public static class ErrorPolicy
{
    /// <summary>Strips the wrappers that parallel loops and reflection put around the exception that matters.</summary>
    public static Exception Unwrap(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        while (true)
        {
            switch (exception)
            {
                case AggregateException aggregate when aggregate.InnerExceptions.Count > 0:
                    // Prefer a user error among the inner exceptions: several workers often fail on the same bad value.
                    var flattened = aggregate.Flatten().InnerExceptions;
                    exception = flattened.FirstOrDefault(IsUserError) ?? flattened[0];
                    continue;
                case TargetInvocationException { InnerException: { } inner }:
                    exception = inner;
                    continue;
                default:
                    return exception;
            }
        }
    }

    /// <summary>True for the exceptions bad input can cause; their message names the option, file, line or field.</summary>
    public static bool IsUserError(Exception exception) => exception
        is ArgumentException           // an option or value outside its documented range (ArgumentOutOfRangeException too)
        or FormatException             // a file or option that does not parse
        or IOException                 // missing, truncated, existing-without---force files (EndOfStream, FileNotFound…)
        or UnauthorizedAccessException // a directory or read-only path where a file was expected
        or InvalidDataException        // a file whose content is malformed
        or JsonException               // a JSON file that does not parse
        or NotSupportedException       // a combination of options the library does not model
        or Bayesian.TrainingDivergedException; // a training run whose loss became non-finite

    /// <summary>The one-line message for a user error (the first line of the exception's message).</summary>
    public static string Message(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string text = exception.Message.ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? exception.GetType().Name : text;
    }
}
