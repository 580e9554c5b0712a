using System.Text.Json;
using AutoInstaller.Diagnostics;
using AutoInstaller.Setup;

namespace AutoInstaller.Cli;

/// <summary>Where the verbs write: progress on stderr; on stdout the result as JSON or as the summary table.</summary>
internal sealed class CliOutput(TextWriter stdout, TextWriter stderr, bool json, bool verbose)
{
    public TextWriter Errors => stderr;

    public Log CreateLog() => new(stderr, verbose ? LogLevel.Debug : LogLevel.Info, new HumanProgress(verbose).Format, TimeProvider.System);

    public int Report(SetupResult result)
    {
        if (json)
        {
            stderr.WriteLine(ResultSummary.Table(result));
            stdout.WriteLine(JsonSerializer.Serialize(result, SetupJsonContext.Default.SetupResult));
        }
        else
        {
            stdout.WriteLine(ResultSummary.Table(result));
        }

        return ResultSummary.ExitCode(result);
    }

    public int UsageError(string message)
    {
        stderr.WriteLine($"error: {message}");
        return ResultSummary.Usage;
    }
}
