using AnalogLA.Cli;

namespace AnalogLA.Tests.Cli;

/// <summary>Runs the CLI in-process and captures its output and error text.</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
