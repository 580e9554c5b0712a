using System.Globalization;
using System.Text.Json.Serialization;

namespace AutoInstaller.Setup;

/// <summary>Where a step stands; the result names it in lower case (<c>not-run</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepStatus>))]
internal enum StepStatus
{
    [JsonStringEnumMemberName("not-run")]
    NotRun,
    [JsonStringEnumMemberName("running")]
    Running,
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,
    [JsonStringEnumMemberName("failed")]
    Failed,
}

internal static class StepStatusNames
{
    /// <summary>The status as the result spells it.</summary>
    public static string Name(this StepStatus status) => status switch
    {
        StepStatus.NotRun => "not-run",
        StepStatus.Running => "running",
        StepStatus.Succeeded => "succeeded",
        _ => "failed",
    };
}

/// <summary>
/// What is known of one step: status, exit code, server-side times, and the last lines of its output, each cut at
/// <see cref="MaxTailLineChars"/> characters.
/// </summary>
internal sealed class StepProgress(string name, int index, int outputTailLines)
{
    public const int MaxTailLineChars = 2000;
    private readonly Queue<(string Line, bool Cut)> tail = new();

    public string Name { get; } = name;

    /// <summary>The step's place in the script, from 1.</summary>
    public int Index { get; } = index;

    public StepStatus Status { get; set; }

    public int? ExitCode { get; set; }

    public long? StartedMs { get; set; }

    public long? EndedMs { get; set; }

    public long OutputLines { get; private set; }

    /// <summary>The last lines, oldest first; <c>Cut</c> says the line was longer and ends with "…".</summary>
    public IReadOnlyCollection<(string Line, bool Cut)> OutputTail => tail;

    public long? DurationMs => StartedMs is { } start && EndedMs is { } end ? end - start : null;

    public void AddOutput(string line)
    {
        OutputLines++;
        tail.Enqueue(line.Length > MaxTailLineChars ? (string.Concat(line.AsSpan(0, MaxTailLineChars), "…"), true) : (line, false));
        if (tail.Count > outputTailLines)
        {
            tail.Dequeue();
        }
    }
}

/// <summary>
/// The state of a run, rebuilt from the lines of its <c>run.log</c>: marker lines written by the runner
/// (<c>@@auto-installer:run-start|step-start|step-end|run-end ...</c>), the steps' output between them, each line
/// framed by the runner with a leading <c>|</c> (so output never reads as a marker), and blank lines. Any other line
/// is not from a runner of this function. Lines are counted so that a reconnecting follower can resume after the
/// last one it saw.
/// </summary>
internal sealed class RunProgress
{

    public const char OutputFrame = '|';
    private readonly int outputTailLines;
    private StepProgress? current;

    public RunProgress(IReadOnlyList<string> stepNames, int outputTailLines = 20)
    {
        this.outputTailLines = outputTailLines;
        Steps = NewSteps(stepNames);
    }

    public IReadOnlyList<StepProgress> Steps { get; private set; }

    /// <summary>How many lines of run.log have been applied.</summary>
    public long LinesSeen { get; private set; }

    public int? ExitStatus { get; private set; }

    public bool Finished => ExitStatus is not null;

    /// <summary>Reads the run with these steps instead (a run found on the server, started with another script).</summary>
    public void UseSteps(IReadOnlyList<string> stepNames)
    {
        if (LinesSeen > 0)
        {
            throw new InvalidOperationException("the steps of a run can only be replaced before its first line");
        }

        Steps = NewSteps(stepNames);
    }

    /// <summary>Applies the next line of run.log.</summary>
    public AppliedLine Apply(string line)
    {
        LinesSeen++;
        if (line.Length == 0)
        {
            return default;
        }

        if (line[0] == OutputFrame)
        {
            var output = line[1..];
            if (current is not null && output.Length > 0)
            {
                current.AddOutput(output);
                return new AppliedLine(current, IsOutput: true, output);
            }

            return default;
        }

        if (!line.StartsWith(ShellProtocol.MarkerPrefix, StringComparison.Ordinal))
        {
            throw new RunLogException($"run.log line {LinesSeen} is neither framed output nor a marker: not written by this function's runner");
        }

        var fields = line[ShellProtocol.MarkerPrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (fields)
        {
            case ["run-start", _]:
                break;
            case ["step-start", var index, var at] when Step(index) is { } step:
                current = step;
                step.Status = StepStatus.Running;
                step.StartedMs = Number(at);
                return new AppliedLine(step, IsOutput: false);
            case ["step-end", var index, var code, var at] when Step(index) is { } step:
                step.ExitCode = (int)(Number(code) ?? -1);
                step.Status = step.ExitCode == 0 ? StepStatus.Succeeded : StepStatus.Failed;
                step.EndedMs = Number(at);
                current = null;
                return new AppliedLine(step, IsOutput: false);
            case ["run-end", var status, _]:
                ExitStatus = (int)(Number(status) ?? -1);
                break;
            default:
                throw new RunLogException($"run.log line {LinesSeen} is an unknown marker");
        }

        return default;
    }

    private StepProgress[] NewSteps(IReadOnlyList<string> stepNames) =>
        [.. stepNames.Select((name, i) => new StepProgress(name, i + 1, outputTailLines))];

    private StepProgress? Step(string index) =>
        int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 1 && i <= Steps.Count ? Steps[i - 1] : null;

    private static long? Number(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}

/// <summary>
/// What a line of run.log was: <see cref="Step"/>'s output (<see cref="Output"/>, without its frame), <see cref="Step"/>'s
/// change of status, or (no step) neither.
/// </summary>
internal readonly record struct AppliedLine(StepProgress? Step, bool IsOutput, string? Output = null);
