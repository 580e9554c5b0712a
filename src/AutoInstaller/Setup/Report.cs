namespace AutoInstaller.Setup;

/// <summary>
/// Builds the result of a run from its script, its progress and the stage timings; <paramref name="app"/> is null for a
/// run on a plain Jupyter server. Until the script is read there are no steps.
/// </summary>
internal sealed class Report(string runId, AppSummary? app, ScriptSummary script, long startedTimestamp, TimeProvider time)
{
    /// <summary>The run's id: the event's, or for a rollout the one derived from the script once it is known.</summary>
    public string RunId { get; set; } = runId;

    public ScriptSummary Script { get; set; } = script;

    public RunProgress? Progress { get; set; }

    public long? WaitMs { get; set; }

    public long? LoginMs { get; set; }

    public long? RunMs { get; set; }

    public SetupResult Finish(RunFollowOutcome follow)
    {
        if (follow.Detached)
        {
            return Result(SetupResult.Detached, "the deadline came before the setup finished; it goes on on the server", follow);
        }

        var progress = Progress ?? throw new InvalidOperationException("a run finished without progress");
        if (progress.ExitStatus == 0)
        {
            return Result(SetupResult.Succeeded, null, follow);
        }

        var failed = progress.Steps.FirstOrDefault(s => s.Status == StepStatus.Failed);
        return Result(SetupResult.Failed, failed is null
            ? $"the run ended with status {progress.ExitStatus}"
            : $"step '{failed.Name}' exited with {failed.ExitCode}", follow);
    }

    public SetupResult Fail(string reason) => Result(SetupResult.Failed, reason, null);

    /// <summary>An accepted event whose app turned out not to be one to set up (a shared space, by policy).</summary>
    public SetupResult Skip(string reason) => Result(SetupResult.Skipped, reason, null);

    private SetupResult Result(string outcome, string? reason, RunFollowOutcome? follow) => new(
        outcome,
        reason,
        RunId,
        app,
        [.. (Progress?.Steps ?? []).Select(step => new StepResult(
            step.Name,
            step.Status switch
            {
                StepStatus.Succeeded => "succeeded",
                StepStatus.Failed => "failed",
                StepStatus.Running => "running",
                _ => "not-run",
            },
            step.ExitCode,
            step.DurationMs,
            step.OutputLines,
            [.. step.OutputTail]))],
        follow is null ? null : !follow.StartedHere,
        follow?.Reconnects,
        new StageTimings(WaitMs, LoginMs, RunMs, (long)time.GetElapsedTime(startedTimestamp).TotalMilliseconds),
        Script);
}
