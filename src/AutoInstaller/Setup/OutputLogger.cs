using AutoInstaller.Diagnostics;

namespace AutoInstaller.Setup;

/// <summary>Caps on the setup output copied into the function's log; the full output stays in run.log on the server.</summary>
internal sealed record OutputLogLimits(int MaxLineChars = 2000, int MaxLines = 2000);

/// <summary>Writes setup output lines as structured log entries, within the caps.</summary>
internal sealed class OutputLogger(Log log, string runId, OutputLogLimits limits)
{
    private int written;

    public void Write(StepProgress step, string line)
    {
        if (written > limits.MaxLines)
        {
            return;
        }

        if (++written > limits.MaxLines)
        {
            log.Warn("Setup output reached the log's cap; the rest is only on the server",
                ("runId", runId), ("maxLines", limits.MaxLines), ("path", $"~/.auto-installer/runs/{runId}/run.log"));
            return;
        }

        var text = line.Length > limits.MaxLineChars ? string.Concat(line.AsSpan(0, limits.MaxLineChars), "…") : line;
        log.Info(LogMessages.SetupOutput, ("step", step.Name), ("line", text));
    }
}
