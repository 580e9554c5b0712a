using System.Globalization;
using AutoInstaller.Diagnostics;
using AutoInstaller.Events;
using AutoInstaller.Failures;
using AutoInstaller.SageMaker;
using AutoInstaller.Studio;

namespace AutoInstaller.Setup;

/// <summary>What the pipeline needs besides the event: where it may act and what it runs.</summary>
/// <param name="Script">Where the setup script comes from; an S3 object is read once per accepted event.</param>
/// <param name="StepEnvironment">More variables for every step (the selected recipes' parameters); they cannot
/// replace the variables the pipeline sets.</param>
/// <param name="SharedSpaces">What to do with a JupyterLab app in a shared space.</param>
/// <param name="RecipeTags">The user's (space's) tag that chooses recipes instead of <paramref name="Script"/>; null: no tags are read.</param>
internal sealed record PipelineOptions(
    AcceptPolicy Policy,
    ScriptSource Script,
    TimeSpan DeadlineMargin,
    StudioOrigin? StudioOrigin,
    IReadOnlyDictionary<string, string>? StepEnvironment = null,
    SharedSpacePolicy SharedSpaces = SharedSpacePolicy.Skip,
    RecipeTags? RecipeTags = null);

/// <summary>A transient failure: the invocation fails so that Lambda retries it. Says which stage and app.</summary>
internal sealed class SetupStageException(PipelineStage stage, AppTarget app, Exception inner)
    : Exception($"stage {stage.Name()} for app {app} (run {app.RunId}): {inner.Message}", inner)
{
    public PipelineStage Stage { get; } = stage;
}

/// <summary>
/// Where the pipeline meets the world: SageMaker (built on the first accepted event: a skipped one needs no
/// credentials and no connection) and the Studio login that gives the app's shells.
/// </summary>
internal sealed record PipelinePorts(Lazy<ISageMakerApi> SageMaker, IStudioSignIn Studio);

/// <summary>
/// The pipeline from one event to one result: accept, find the space's owner and host (JupyterLab apps in spaces),
/// read the tag that may choose recipes for this user, fetch the script (an S3 object; a script loaded at start-up
/// is at hand), wait for InService, log in, run and follow the setup, report. What a failure means is
/// <see cref="FailureRule"/>'s to say: a permanent one is a result (<c>failed</c>), a transient one throws
/// <see cref="SetupStageException"/> so that Lambda retries, the deadline before the run started is a <c>failed</c>
/// result, and the deadline while the run goes on gives <c>detached</c>.
/// </summary>
internal sealed class SetupPipeline(PipelineOptions options, PipelinePorts ports, Log log, TimeProvider time)
{
    private const int LoginAttempts = 3;
    private static readonly TimeSpan PresignedUrlLifetime = TimeSpan.FromSeconds(30);

    /// <param name="cancellationToken">The invocation's own deadline: it bounds cleanup, which may go on after the work stopped at the deadline minus the margin.</param>
    public async Task<SetupResult> RunAsync(byte[] eventJson, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var decision = EventAcceptor.Decide(eventJson, options.Policy);
        if (decision.Target is not { } app)
        {
            log.Info(LogMessages.EventSkipped, ("reason", decision.SkipReason));
            return new SetupResult(SetupOutcome.Skipped, decision.SkipReason, null, null, [], null, null, new StageTimings(null, null, null, Elapsed(started)));
        }

        log.Info(LogMessages.EventAccepted, app.LogFields((LogKeys.RunId, app.RunId)));
        var report = new Report(app.RunId, new AppSummary(app.DomainId, app.UserProfileName, app.SpaceName, app.AppType, app.AppName), options.Script.Summary, started, time);
        if (TooShort(deadline) is { } tooShort)
        {
            return report.Fail(tooShort);
        }

        using var stopAt = new CancellationTokenSource(Remaining(deadline - options.DeadlineMargin), time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopAt.Token, cancellationToken);
        var origin = options.StudioOrigin ?? StudioOrigin.ForDomain(app.DomainId, app.Region);
        var stage = PipelineStage.Space;
        try
        {
            var login = StudioLogin.Classic(app, origin);
            if (app.SpaceName is not null)
            {
                var lookup = new SpaceLookup(ports.SageMaker.Value, options.SharedSpaces, localOrigin: options.StudioOrigin is not null, log);
                var (spaceLogin, skip) = await lookup.FindAsync(app, stop.Token).ConfigureAwait(false);
                if (skip is not null)
                {
                    log.Info(LogMessages.EventSkipped, ("reason", skip.Reason));
                    return report.Skip(skip.Reason);
                }

                login = spaceLogin!;
            }

            stage = PipelineStage.Recipes;
            var chosen = options.RecipeTags is { } tags
                ? await tags.ChooseAsync(ports.SageMaker.Value, app, login.UserProfileName, log, stop.Token).ConfigureAwait(false)
                : RecipeTagChoice.NoTag;
            if (chosen.SkipReason is { } tagSkip)
            {
                log.Info(LogMessages.EventSkipped, ("reason", tagSkip));
                return report.Skip(tagSkip);
            }

            stage = PipelineStage.Fetch;
            var script = chosen.Script ?? await options.Script.GetAsync(log, stop.Token).ConfigureAwait(false);
            var progress = report.ScriptRead(script);
            if (app.RunIdFromScript)
            {
                var rolloutId = app.RunId;
                app = app with { RunId = RolloutEvent.RunIdFor(app, script.Summary.Sha256!) };
                report.RunIdDerived(app.RunId);
                log.Info(LogMessages.RolloutRunId, ("runId", app.RunId), ("rolloutId", rolloutId), ("sha256", script.Summary.Sha256));
            }

            stage = PipelineStage.Wait;
            await new AppReadiness(ports.SageMaker.Value, log, time).WaitForInServiceAsync(app, stop.Token).ConfigureAwait(false);
            report.StageDone(PipelineStage.Wait);

            stage = PipelineStage.Login;
            using var shells = await LoginAsync(app, login, stop.Token).ConfigureAwait(false);
            report.StageDone(PipelineStage.Login);

            stage = PipelineStage.Run;
            var plan = new RunPlan(app.RunId, script.Bytes, script.Steps, RunVariables.For(app.RunId, app, login, chosen.StepEnvironment ?? options.StepEnvironment));
            var runner = new SetupRunner(shells, log, time, new OutputLogLimits(), ct => EnsureAppRunsAsync(app, ct));
            var follow = await runner.RunAsync(plan, progress, stop.Token, cancellationToken).ConfigureAwait(false);
            report.StageDone(PipelineStage.Run);
            return report.Finish(follow);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            switch (FailureRule.Classify(e, stopAt.Token))
            {
                case FailureKind.Deadline:
                    var what = stage == PipelineStage.Fetch ? $" of {report.Script.Location}" : string.Empty;
                    return report.Fail($"the deadline came during stage {stage.Name()}{what}, before the setup started");
                case FailureKind.Permanent:
                    report.ScriptRefused((e as ScriptFetchException)?.Script);
                    return report.Fail($"stage {stage.Name()}: {e.Message}");
                default:
                    throw new SetupStageException(stage, app, e);
            }
        }
        finally
        {
            log.Info(LogMessages.PipelineFinished, ("runId", app.RunId), ("stage", stage.Name()), ("durationMs", Elapsed(started)));
        }
    }

    /// <summary>Signs in with a fresh presigned URL; a transient login failure is tried again with another URL, three times in all.</summary>
    private async Task<IShellHost> LoginAsync(AppTarget app, StudioLogin login, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var url = await ports.SageMaker.Value.CreatePresignedDomainUrlAsync(new CreatePresignedDomainUrlRequest(
                app.DomainId, login.UserProfileName, (int)PresignedUrlLifetime.TotalSeconds,
                SessionExpirationDurationInSeconds: 1800, login.SpaceName, login.LandingUri), cancellationToken).ConfigureAwait(false);
            try
            {
                var shells = await ports.Studio.SignInAsync(url, login, cancellationToken).ConfigureAwait(false);
                log.Info(LogMessages.LoggedIn, ("origin", login.Origin.ToString()), ("userProfileName", login.UserProfileName), ("attempt", attempt));
                return shells;
            }
            catch (StudioLoginException e) when (e.Kind == FailureKind.Transient && attempt < LoginAttempts)
            {
                log.Warn(LogMessages.LoginRetried, ("error", e.Message), ("attempt", attempt));
                await Task.Delay(TimeSpan.FromSeconds(attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Asked while Jupyter does not answer during the run: throws when the app was deleted or failed.</summary>
    private async Task EnsureAppRunsAsync(AppTarget app, CancellationToken cancellationToken)
    {
        var answer = await ports.SageMaker.Value.DescribeAppAsync(
            new DescribeAppRequest(app.DomainId, app.AppType, app.AppName, app.UserProfileName, app.SpaceName), cancellationToken).ConfigureAwait(false);
        if (answer.Status is "Failed" or "Deleting" or "Deleted")
        {
            throw new AppNotRunningException(app, answer.Status, answer.FailureReason);
        }
    }

    /// <summary>
    /// Why the invocation cannot do anything before its deadline minus the margin, or null: a function timeout not
    /// longer than the margin is a misconfiguration, said as such rather than as a deadline reached in some stage.
    /// </summary>
    private string? TooShort(DateTimeOffset deadline)
    {
        var left = deadline - time.GetUtcNow();
        if (left > options.DeadlineMargin)
        {
            return null;
        }

        var leftSeconds = Math.Max(left.TotalSeconds, 0).ToString("F1", CultureInfo.InvariantCulture);
        var marginSeconds = options.DeadlineMargin.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture);
        return $"the invocation had {leftSeconds} s left when it started (the function's timeout), not more than the deadline margin "
            + $"of {marginSeconds} s (AUTO_INSTALLER_DEADLINE_MARGIN_SECONDS): raise the function's timeout (the template sets 900 s) or lower the margin";
    }

    private TimeSpan Remaining(DateTimeOffset until)
    {
        var left = until - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private long Elapsed(long since) => (long)time.GetElapsedTime(since).TotalMilliseconds;
}
