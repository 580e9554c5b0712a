using System.Diagnostics;
using System.Globalization;
using System.Text;
using AutoInstaller.Diagnostics;

namespace AutoInstaller.Cli;

/// <summary>
/// Renders the pipeline's log entries for a person at a terminal: time since start, the stage, the app's status
/// while waiting, each step as it starts and ends (✓ or ✗ with exit code and duration), and, when verbose, the
/// setup output itself.
/// </summary>
internal sealed class HumanProgress(bool verbose)
{
    private readonly Stopwatch elapsed = Stopwatch.StartNew();

    public string? Format(DateTimeOffset timestamp, LogLevel level, string message, string? requestId, ReadOnlySpan<LogField> fields)
    {
        var text = message switch
        {
            LogMessages.StepStarted => $"  ▸ {Field(fields, "step")}",
            LogMessages.StepFinished => $"  {(Field(fields, "exitCode") == "0" ? "✓" : "✗")} {Field(fields, "step")} (exit {Field(fields, "exitCode")}, {Field(fields, "durationMs")} ms)",
            LogMessages.SetupOutput => verbose ? $"      │ {Field(fields, "line")}" : null,
            _ => Plain(level, message, fields),
        };
        return text is null ? null : $"[{elapsed.Elapsed.TotalSeconds,6:F1}s] {text}";
    }

    private static string Plain(LogLevel level, string message, ReadOnlySpan<LogField> fields)
    {
        var text = new StringBuilder(level switch
        {
            >= LogLevel.Error => "error: ",
            LogLevel.Warn => "warning: ",
            _ => string.Empty,
        }).Append(message);
        var separator = " (";
        foreach (var field in fields)
        {
            if (field.Value is null)
            {
                continue;
            }

            text.Append(separator).Append(field.Key).Append(": ").Append(Convert.ToString(field.Value, CultureInfo.InvariantCulture));
            separator = ", ";
        }

        return separator == ", " ? text.Append(')').ToString() : text.ToString();
    }

    private static string Field(ReadOnlySpan<LogField> fields, string key)
    {
        foreach (var field in fields)
        {
            if (field.Key == key)
            {
                return Convert.ToString(field.Value, CultureInfo.InvariantCulture) ?? "-";
            }
        }

        return "-";
    }
}
