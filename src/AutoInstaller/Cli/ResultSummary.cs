using System.Text;
using AutoInstaller.Setup;

namespace AutoInstaller.Cli;

/// <summary>The final summary of a result as a small table, and the process exit code it stands for.</summary>
internal static class ResultSummary
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Detached = 3;

    public static int ExitCode(SetupResult result) => result.Outcome switch
    {
        SetupOutcome.Succeeded or SetupOutcome.Skipped => Succeeded,
        SetupOutcome.Detached => Detached,
        _ => Failed,
    };

    public static string Table(SetupResult result)
    {
        var text = new StringBuilder();
        text.AppendLine($"outcome: {result.Outcome.Name()}{(result.Reason is null ? string.Empty : $" ({result.Reason})")}");
        if (result.RunId is not null)
        {
            text.AppendLine($"run:     {result.RunId}");
        }

        if (result.App is { } app)
        {
            text.AppendLine($"app:     {app.DomainId}/{app.UserProfileName ?? app.SpaceName}/{app.AppType}/{app.AppName}");
        }

        if (result.Script is { } script)
        {
            var version = string.Join(", ", new[] { script.ETag is null ? null : $"etag {script.ETag}", script.VersionId is null ? null : $"version {script.VersionId}" }.OfType<string>());
            text.AppendLine($"script:  {script.Source} {script.Location}{(version.Length > 0 ? $" ({version})" : string.Empty)}");
        }

        if (result.Steps.Count > 0)
        {
            var width = Math.Max(4, result.Steps.Max(s => s.Name.Length));
            text.AppendLine($"  {"step".PadRight(width)}  {"status",-9}  {"exit",4}  {"ms",7}");
            foreach (var step in result.Steps)
            {
                text.AppendLine($"  {step.Name.PadRight(width)}  {step.Status.Name(),-9}  {step.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",4}  {step.DurationMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",7}");
            }
        }

        var t = result.Timings;
        text.Append($"time:    {t.TotalMs} ms (wait {t.WaitMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, login {t.LoginMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, run {t.RunMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"})");
        return text.ToString();
    }
}
