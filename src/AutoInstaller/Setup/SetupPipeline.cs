using System.Globalization;
using AutoInstaller.Diagnostics;
using AutoInstaller.Events;
using AutoInstaller.Jupyter;
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
    TimeSpan RequestTimeout,
    IReadOnlyDictionary<string, string>? StepEnvironment = null,
    SharedSpacePolicy SharedSpaces = SharedSpacePolicy.Skip,
    RecipeTags? RecipeTags = null);

/// <summary>A transient failure: the invocation fails so that Lambda retries it. Says which stage and app.</summary>
internal sealed class SetupStageException(string stage, AppTarget app, Exception inner)
    : Exception($"stage {stage} for app {app} (run {app.RunId}): {inner.Message}", inner);

/// <summary>
/// The pipeline from one event to one result: accept, find the space's owner and host (JupyterLab apps in spaces),
/// read the tag that may choose recipes for this user, fetch the script (an S3 object; a script loaded at start-up
/// is at hand), wait for InService, log in, run and follow the setup, report. Permanent failures are results (<c>failed</c>); transient ones throw
/// <see cref="SetupStageException"/> so that Lambda retries; a deadline reached while the setup runs gives
/// <c>detached</c>. The SageMaker and S3 clients are only built for an accepted event: a skipped one needs no
/// credentials and no connection.
/// </summary>
internal sealed class SetupPipeline(PipelineOptions options, Lazy<SageMakerClient> sageMaker, Log log, TimeProvider time)
{
    private const int LoginAttempts = 3;
    private static readonly TimeSpan PresignedUrlLifetime = TimeSpan.FromSeconds(30);

    public async Task<SetupResult> RunAsync(byte[] eventJson, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var decision = EventAcceptor.Decide(eventJson, options.Policy);
        if (decision.Target is not { } app)
        {
            log.Info(LogMessages.EventSkipped, ("reason", decision.SkipReason));
            return new SetupResult(SetupResult.Skipped, decision.SkipReason, null, null, [], null, null, new StageTimings(null, null, null, Elapsed(started)));
        }

        log.Info(LogMessages.EventAccepted, ("app", app.ToString()), ("runId", app.RunId));
        var report = new Report(app.RunId, new AppSummary(app.DomainId, app.UserProfileName, app.SpaceName, app.AppType, app.AppName), options.Script.Summary, started, time);
        if (TooShort(deadline) is { } tooShort)
        {
            return report.Fail(tooShort);
        }

        using var stopAt = new CancellationTokenSource(Remaining(deadline - options.DeadlineMargin), time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopAt.Token, cancellationToken);
        var origin = options.StudioOrigin ?? StudioOrigin.ForDomain(app.DomainId, app.Region);
        var stage = "space";
        try
        {
            var login = StudioLogin.Classic(app, origin);
            if (app.SpaceName is not null)
            {
                var lookup = new SpaceLookup(sageMaker.Value, options.SharedSpaces, localOrigin: options.StudioOrigin is not null, log);
                var (spaceLogin, skip) = await lookup.FindAsync(app, stop.Token).ConfigureAwait(false);
                if (skip is not null)
                {
                    log.Info(LogMessages.EventSkipped, ("reason", skip.Reason));
                    return report.Skip(skip.Reason);
                }

                login = spaceLogin!;
            }

            stage = "recipes";
            var chosen = options.RecipeTags is { } tags
                ? await tags.ChooseAsync(sageMaker.Value, app, login.UserProfileName, log, stop.Token).ConfigureAwait(false)
                : RecipeTagChoice.NoTag;
            if (chosen.SkipReason is { } tagSkip)
            {
                log.Info(LogMessages.EventSkipped, ("reason", tagSkip));
                return report.Skip(tagSkip);
            }

            stage = "fetch";
            var script = chosen.Script ?? await options.Script.GetAsync(log, stop.Token).ConfigureAwait(false);
            report.Script = script.Summary;
            var progress = report.Progress = new RunProgress([.. script.Steps.Select(s => s.Name)]);
            if (app.RunIdFromScript)
            {
                var rolloutId = app.RunId;
                app = app with { RunId = RolloutEvent.RunIdFor(app, script.Summary.Sha256!) };
                report.RunId = app.RunId;
                log.Info(LogMessages.RolloutRunId, ("runId", app.RunId), ("rolloutId", rolloutId), ("sha256", script.Summary.Sha256));
            }

            stage = "wait";
            await new AppReadiness(sageMaker.Value, log, time).WaitForInServiceAsync(app, stop.Token).ConfigureAwait(false);
            report.WaitMs = Elapsed(started);

            stage = "login";
            using var session = new StudioSession(login.Origin, options.RequestTimeout);
            await LoginAsync(session, app, login, stop.Token).ConfigureAwait(false);
            report.LoginMs = Elapsed(started) - report.WaitMs;

            stage = "run";
            var runStarted = time.GetTimestamp();
            var plan = new RunPlan(app.RunId, script.Bytes, script.Steps, RunEnvironment(app, login, chosen.StepEnvironment ?? options.StepEnvironment));
            var runner = new SetupRunner(session.Jupyter(login.JupyterBase), log, time, new OutputLogLimits(), ct => EnsureAppRunsAsync(app, ct));
            var follow = await runner.RunAsync(plan, progress, stop.Token).ConfigureAwait(false);
            report.RunMs = Elapsed(runStarted);
            return report.Finish(follow);
        }
        catch (OperationCanceledException) when (stopAt.IsCancellationRequested)
        {
            var what = stage == "fetch" ? $" of {report.Script.Location}" : string.Empty;
            return report.Fail($"the deadline came during stage {stage}{what}, before the setup started");
        }
        catch (ScriptFetchException e) when (!e.IsTransient)
        {
            report.Script = e.Script ?? report.Script;
            return report.Fail($"stage {stage}: {e.Message}");
        }
        catch (Exception e) when (IsPermanent(e))
        {
            return report.Fail($"stage {stage}: {e.Message}");
        }
        catch (Exception e) when (e is not (OperationCanceledException or ConfigurationException))
        {
            throw new SetupStageException(stage, app, e);
        }
        finally
        {
            log.Info("Pipeline finished", ("runId", app.RunId), ("stage", stage), ("totalMs", Elapsed(started)));
        }
    }

    private async Task LoginAsync(StudioSession session, AppTarget app, StudioLogin login, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var url = await sageMaker.Value.CreatePresignedDomainUrlAsync(new CreatePresignedDomainUrlRequest(
                app.DomainId, login.UserProfileName, (int)PresignedUrlLifetime.TotalSeconds,
                SessionExpirationDurationInSeconds: 1800, login.SpaceName, login.LandingUri), cancellationToken).ConfigureAwait(false);
            try
            {
                await session.LoginAsync(url, cancellationToken).ConfigureAwait(false);
                log.Info(LogMessages.LoggedIn, ("origin", session.Origin.ToString()), ("userProfile", login.UserProfileName), ("attempt", attempt));
                return;
            }
            catch (StudioLoginException e) when (e.IsTransient && attempt < LoginAttempts)
            {
                log.Warn("Studio login failed; trying a fresh presigned URL", ("error", e.Message), ("attempt", attempt));
                await Task.Delay(TimeSpan.FromSeconds(attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Asked while Jupyter does not answer during the run: throws when the app was deleted or failed.</summary>
    private async Task EnsureAppRunsAsync(AppTarget app, CancellationToken cancellationToken)
    {
        var answer = await sageMaker.Value.DescribeAppAsync(
            new DescribeAppRequest(app.DomainId, app.AppType, app.AppName, app.UserProfileName, app.SpaceName), cancellationToken).ConfigureAwait(false);
        if (answer.Status is "Failed" or "Deleting" or "Deleted")
        {
            throw new AppNotRunningException(app, answer.Status, answer.FailureReason);
        }
    }

    private static bool IsPermanent(Exception e) => e switch
    {
        AppNotRunningException or SpaceNotUsableException or RecipeTagException or RunLogException => true,
        SageMakerException sageMaker => !sageMaker.IsTransient,
        StudioLoginException login => !login.IsTransient,
        JupyterApiException jupyter => !jupyter.IsTransient,
        _ => false,
    };

    private static Dictionary<string, string> RunEnvironment(AppTarget app, StudioLogin login, IReadOnlyDictionary<string, string>? stepEnvironment)
    {
        var environment = new Dictionary<string, string>(stepEnvironment ?? new Dictionary<string, string>());
        foreach (var (name, value) in AppEnvironment(app, login))
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>For a space's app, the user profile is the space's owner, as whom the function signed in.</summary>
    private static Dictionary<string, string> AppEnvironment(AppTarget app, StudioLogin login) => new()
    {
        ["AUTO_INSTALLER_RUN_ID"] = app.RunId,
        ["AUTO_INSTALLER_DOMAIN_ID"] = app.DomainId,
        ["AUTO_INSTALLER_USER_PROFILE"] = login.UserProfileName,
        ["AUTO_INSTALLER_SPACE_NAME"] = app.SpaceName ?? string.Empty,
        ["AUTO_INSTALLER_APP_TYPE"] = app.AppType,
        ["AUTO_INSTALLER_APP_NAME"] = app.AppName,
        ["AUTO_INSTALLER_REGION"] = app.Region,
    };

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
