namespace AutoInstaller.Setup;

/// <summary>
/// Builds the result of a run from its script, its progress and the stage timings; <paramref name="app"/> is null for a
/// run on a plain Jupyter server. Until the script is read there are no steps.
/// </summary>
internal sealed class Report(string runId, AppSummary? app, ScriptSummary script, long started, TimeProvider time)
{
    /// <summary>The most characters of output the result carries, in all steps' tails together.</summary>
    public const int MaxTailChars = 100_000;

    private readonly Dictionary<PipelineStage, long> stageMs = [];
    private readonly long startedTimestamp = started;
    private long lastMark = started;
    private RunProgress? progress;

    /// <summary>The run's id: the event's, or for a rollout the one derived from the script once it is known.</summary>
    public string RunId { get; private set; } = runId;

    public ScriptSummary Script { get; private set; } = script;

    /// <summary>The script of the run is known: the result describes it, and its steps are followed in the returned progress.</summary>
    public RunProgress ScriptRead(FetchedScript fetched)
    {
        Script = fetched.Summary;
        return progress = new RunProgress([.. fetched.Steps.Select(s => s.Name)]);
    }

    /// <summary>A script that was read and refused: the result describes it (null: nothing more is known).</summary>
    public void ScriptRefused(ScriptSummary? refused) => Script = refused ?? Script;

    public void RunIdDerived(string id) => RunId = id;

    /// <summary>
    /// Notes the end of a timed stage: <see cref="PipelineStage.Wait"/> counts from the start (the stages before it
    /// are short), each later one from the end of the one before.
    /// </summary>
    public void StageDone(PipelineStage stage)
    {
        var now = time.GetTimestamp();
        stageMs[stage] = (long)time.GetElapsedTime(lastMark, now).TotalMilliseconds;
        lastMark = now;
    }

    public SetupResult Finish(RunFollowOutcome follow)
    {
        if (follow.RunScript is { } other)
        {
            Script = Script with { ETag = null, VersionId = null, Sha256 = other.Sha256, Bytes = other.Bytes };
        }

        if (follow.Detached)
        {
            return Result(SetupOutcome.Detached, "the deadline came before the setup finished; its runner was alive and it goes on on the server", follow);
        }

        var progress = this.progress ?? throw new InvalidOperationException("a run finished without progress");
        if (follow.Lost is { } lost)
        {
            var running = progress.Steps.FirstOrDefault(s => s.Status == StepStatus.Running);
            return Result(SetupOutcome.Failed, running is null ? lost : $"{lost}, during step '{running.Name}'", follow);
        }

        if (progress.ExitStatus == 0)
        {
            return Result(SetupOutcome.Succeeded, null, follow);
        }

        var failed = progress.Steps.FirstOrDefault(s => s.Status == StepStatus.Failed);
        return Result(SetupOutcome.Failed, failed is null
            ? $"the run ended with status {progress.ExitStatus}"
            : $"step '{failed.Name}' exited with {failed.ExitCode}", follow);
    }

    public SetupResult Fail(string reason) => Result(SetupOutcome.Failed, reason, null);

    /// <summary>An accepted event whose app turned out not to be one to set up (a shared space, by policy).</summary>
    public SetupResult Skip(string reason) => Result(SetupOutcome.Skipped, reason, null);

    private SetupResult Result(SetupOutcome outcome, string? reason, RunFollowOutcome? follow)
    {
        var steps = progress?.Steps ?? [];
        var (tails, left, cut) = Tails(steps);
        return new(
            outcome,
            reason,
            RunId,
            app,
            [.. steps.Select((step, i) => new StepResult(
                step.Name,
                step.Status,
                step.ExitCode,
                step.DurationMs,
                step.OutputLines,
                tails[i]))],
            follow is null ? null : !follow.StartedHere,
            follow?.Reconnects,
            new StageTimings(Ms(PipelineStage.Wait), Ms(PipelineStage.Login), Ms(PipelineStage.Run), (long)time.GetElapsedTime(startedTimestamp).TotalMilliseconds),
            Script,
            left == 0 && cut == 0 ? null
                : $"outputTail: {cut} lines cut at {StepProgress.MaxTailLineChars} characters, {left} lines left out " +
                  $"(at most {MaxTailChars} characters in all, the last steps' last lines first); run.log on the server has all the output");
    }

    private long? Ms(PipelineStage stage) => stageMs.TryGetValue(stage, out var ms) ? ms : null;

    /// <summary>
    /// The steps' output tails within <see cref="MaxTailChars"/> characters in all: the last steps' last lines are kept
    /// first, as they say most about how the run ended. With step names of at most 80 characters and at most
    /// <see cref="SetupScript.MaxSteps"/> steps, a result stays under 1 MB however its characters are escaped.
    /// </summary>
    private static (List<string>[] Tails, int Left, int Cut) Tails(IReadOnlyList<StepProgress> steps)
    {
        var tails = new List<string>[steps.Count];
        var budget = MaxTailChars;
        var (left, cut) = (0, 0);
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            var kept = new List<string>();
            foreach (var (line, wasCut) in steps[i].OutputTail.Reverse())
            {
                if (line.Length > budget)
                {
                    left++;
                    budget = 0;
                    continue;
                }

                budget -= line.Length;
                cut += wasCut ? 1 : 0;
                kept.Add(line);
            }

            kept.Reverse();
            tails[i] = kept;
        }

        return (tails, left, cut);
    }
}
