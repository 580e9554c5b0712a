using System.Globalization;

namespace AutoInstaller.Setup;

internal enum StepStatus
{
    NotRun,
    Running,
    Succeeded,
    Failed,
}

/// <summary>What is known of one step: status, exit code, server-side times, and the last lines of its output.</summary>
internal sealed class StepProgress(string name, int index, int outputTailLines)
{
    private readonly Queue<string> tail = new();

    public string Name { get; } = name;

    /// <summary>The step's place in the script, from 1.</summary>
    public int Index { get; } = index;

    public StepStatus Status { get; set; }

    public int? ExitCode { get; set; }

    public long? StartedMs { get; set; }

    public long? EndedMs { get; set; }

    public long OutputLines { get; private set; }

    public IReadOnlyCollection<string> OutputTail => tail;

    public long? DurationMs => StartedMs is { } start && EndedMs is { } end ? end - start : null;

    public void AddOutput(string line)
    {
        OutputLines++;
        tail.Enqueue(line);
        if (tail.Count > outputTailLines)
        {
            tail.Dequeue();
        }
    }
}

/// <summary>
/// The state of a run, rebuilt from the lines of its <c>run.log</c>: marker lines written by the runner
/// (<c>@@auto-installer:run-start|step-start|step-end|run-end ...</c>) and the steps' output between them.
/// Lines are counted so that a reconnecting follower can resume after the last one it saw.
/// </summary>
internal sealed class RunProgress
{
    public const string MarkerPrefix = "@@auto-installer:";
    private StepProgress? current;

    public RunProgress(IReadOnlyList<string> stepNames, int outputTailLines = 20) =>
        Steps = [.. stepNames.Select((name, i) => new StepProgress(name, i + 1, outputTailLines))];

    public IReadOnlyList<StepProgress> Steps { get; }

    /// <summary>How many lines of run.log have been applied.</summary>
    public long LinesSeen { get; private set; }

    public int? ExitStatus { get; private set; }

    public bool Finished => ExitStatus is not null;

    /// <summary>Applies the next line of run.log.</summary>
    public AppliedLine Apply(string line)
    {
        LinesSeen++;
        if (!line.StartsWith(MarkerPrefix, StringComparison.Ordinal))
        {
            if (current is not null && line.Length > 0)
            {
                current.AddOutput(line);
                return new AppliedLine(current, IsOutput: true);
            }

            return default;
        }

        var fields = line[MarkerPrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
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
                throw new FormatException($"run.log line {LinesSeen} is an unknown marker");
        }

        return default;
    }

    private StepProgress? Step(string index) =>
        int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 1 && i <= Steps.Count ? Steps[i - 1] : null;

    private static long? Number(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}

/// <summary>What a line of run.log was: <see cref="Step"/>'s output, <see cref="Step"/>'s change of status, or (no step) neither.</summary>
internal readonly record struct AppliedLine(StepProgress? Step, bool IsOutput);
