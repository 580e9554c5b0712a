using AutoInstaller.Diagnostics;
using AutoInstaller.Failures;

namespace AutoInstaller.Setup;

/// <summary>
/// How following a run ended. <paramref name="Lost"/> says why a run ended without its runner finishing it (the
/// runner died, the run directory went away); <paramref name="RunScript"/> is the SHA-256 and size of the script a
/// followed run was started with, when that is not the script at hand.
/// </summary>
internal sealed record RunFollowOutcome(bool Detached, bool StartedHere, int Reconnects, string? Lost = null, (string Sha256, int Bytes)? RunScript = null);

/// <summary>
/// The run stage. Through a terminal it delivers the run's files, claims the run and starts it detached, or finds
/// the run already there (and reads it with that run's own steps); then it follows <c>run.log</c> to the end, for as
/// long as the runner lives. When the terminal or the server goes away (a websocket drop, a Jupyter restart by the
/// script itself) it waits for the server, asking SageMaker meanwhile whether the app still runs, and attaches
/// again, resuming after the last line it saw. <c>detached</c> (the token ended) is only ever the outcome while the
/// runner was seen alive; a deadline before that is <see cref="RunNotStartedException"/>.
/// </summary>
/// <param name="checkApp">Throws when the app no longer runs (asked while Jupyter does not answer); null on a plain Jupyter server.</param>
internal sealed class SetupRunner(IShellHost host, Log log, TimeProvider time, OutputLogLimits limits, Func<CancellationToken, Task>? checkApp = null)
{
    public const int MaxReconnects = 20;
    private static readonly TimeSpan AppCheckInterval = TimeSpan.FromSeconds(5);

    /// <param name="deadline">Ends the work: the run is then left going (<c>detached</c>) if its runner was seen alive.</param>
    /// <param name="cleanupLimit">Bounds the cleanup of each shell (the invocation's own deadline).</param>
    public async Task<RunFollowOutcome> RunAsync(RunPlan plan, RunProgress progress, CancellationToken deadline, CancellationToken cleanupLimit)
    {
        var run = new Attachment(plan, progress, new OutputLogger(log, plan.RunId, limits));
        for (var reconnects = 0; ; reconnects++)
        {
            try
            {
                await using var channel = new ShellChannel(await host.OpenAsync(deadline, cleanupLimit).ConfigureAwait(false));
                var lost = await AttachAsync(channel, run, deadline).ConfigureAwait(false);
                return new RunFollowOutcome(Detached: false, run.StartedHere, reconnects, lost, run.RunScript);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return Detach(run, reconnects, LogMessages.Detaching);
            }
            catch (Exception e) when (FailureRule.IsConnectionLoss(e) && reconnects < MaxReconnects)
            {
                log.Warn(LogMessages.Reconnecting, ("runId", plan.RunId), ("error", e.Message), ("reconnects", reconnects + 1));
                if (!await WaitForServerAsync(deadline).ConfigureAwait(false))
                {
                    return Detach(run, reconnects + 1, "Deadline reached while Jupyter was away: leaving the run going on the server");
                }
            }
        }
    }

    /// <summary>The run is left going when its runner was seen alive; before that, nothing is known to run.</summary>
    private RunFollowOutcome Detach(Attachment run, int reconnects, string message)
    {
        if (!run.SeenRunning)
        {
            throw new RunNotStartedException($"the deadline came {run.Phase}");
        }

        log.Warn(message, ("runId", run.Plan.RunId), ("runnerPid", run.RunnerPid));
        return new RunFollowOutcome(Detached: true, run.StartedHere, reconnects, RunScript: run.RunScript);
    }

    /// <summary>Starts the run unless it exists, then follows it while its runner lives; returns why it was lost, or null.</summary>
    private async Task<string?> AttachAsync(ShellChannel channel, Attachment run, CancellationToken cancellationToken)
    {
        run.Phase = "while looking for the run, before anything was started";
        var state = await StateAsync(channel, run, cancellationToken).ConfigureAwait(false);
        if (state == "absent" && !run.SeenRunning)
        {
            await StartAsync(channel, run, cancellationToken).ConfigureAwait(false);
            state = await StateAsync(channel, run, cancellationToken).ConfigureAwait(false);
        }
        else if (!run.SeenRunning)
        {
            log.Info(LogMessages.FollowingRun, ("runId", run.Plan.RunId), ("state", state));
        }

        for (var quickEnds = 0; ; )
        {
            switch (state.Split(' '))
            {
                case ["running", var pid]:
                    run.SeenRunning = true;
                    run.RunnerPid = pid;
                    if (await FollowAsync(channel, run, pid, cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }

                    break;
                case ["finished"]:
                    return await DrainAsync(channel, run, cancellationToken).ConfigureAwait(false)
                        ? null
                        : throw new RunLogException("run.log ended without the runner's run-end marker although the run has a status");
                case ["dead", var pid]:
                    await DrainAsync(channel, run, cancellationToken).ConfigureAwait(false);
                    return $"the runner (pid {pid}) ended without finishing the run";
                case ["broken"]:
                    return "the run directory has no runner.pid: it was not made by a runner of this function";
                case ["absent"]:
                    return "the run directory was removed while the run was going (by a step?)";
                default:
                    throw new RunLogException($"unexpected state of the run: '{state}'");
            }

            if (++quickEnds > 3)
            {
                throw new RunLogException("following run.log keeps ending while the runner is alive (is tail GNU coreutils' with --pid?)");
            }

            state = await StateAsync(channel, run, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The run's state; a run found on the server is read with its own steps from then on.</summary>
    private async Task<string> StateAsync(ShellChannel channel, Attachment run, CancellationToken cancellationToken)
    {
        await channel.SendAsync(run.Plan.StateCommand, cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        while (true)
        {
            var line = await channel.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (channel.AfterMarker(line, "step") is { } step)
            {
                names.Add(step.Split(' ', 2) is [_, var name] ? name : string.Empty);
            }
            else if (channel.AfterMarker(line, "script") is { } script)
            {
                run.NoteScript(script, log);
            }
            else if (channel.AfterMarker(line, "state") is { } state)
            {
                if (state != "absent")
                {
                    run.NoteSteps(names);
                }

                return state;
            }
        }
    }

    private async Task StartAsync(ShellChannel channel, Attachment run, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        var staging = RunPlan.StagingDirectory(Guid.NewGuid().ToString("N"));
        run.Phase = "while the run's files were delivered, before anything was started";
        foreach (var line in FileDelivery.CommandLines(staging, plan.Files))
        {
            await channel.SendAsync($"{line} && reply ack ok || reply ack failed", cancellationToken).ConfigureAwait(false);
            var (ack, errors) = await channel.ReadUntilAsync("ack", cancellationToken).ConfigureAwait(false);
            if (ack != "ok")
            {
                await RemoveAsync(channel, staging, cancellationToken).ConfigureAwait(false);
                throw new SetupDeliveryException($"writing the run's files failed: {FileDelivery.Describe(errors)}; the run was not started");
            }
        }

        await VerifyAsync(channel, staging, plan, cancellationToken).ConfigureAwait(false);
        run.Phase = "while the runner was starting: a retry follows the run if it started, or starts it";
        var claim = await channel.AskAsync(plan.ClaimCommand(staging), "claim", cancellationToken).ConfigureAwait(false);
        switch (claim)
        {
            case "started":
                run.StartedHere = true;
                log.Info(LogMessages.RunStarted, ("runId", plan.RunId), ("steps", plan.Steps.Count), ("bytes", plan.Files.Sum(f => (long)f.Content.Length)));
                break;
            case "exists":
                log.Info("Another delivery started the run first; following it", ("runId", plan.RunId));
                break;
            default:
                throw new RunNotStartedException($"the runner did not answer its claim within {RunPlan.ClaimWaitSeconds} s (or ended first): this delivery started nothing");
        }
    }

    /// <summary>Compares the server's checksums with the plan's; on a mismatch removes the staging directory and throws.</summary>
    private static async Task VerifyAsync(ShellChannel channel, string staging, RunPlan plan, CancellationToken cancellationToken)
    {
        await channel.SendAsync(FileDelivery.ChecksumCommand(staging, plan.Files), cancellationToken).ConfigureAwait(false);
        await channel.ExpectAsync(FileDelivery.ChecksumBegin, cancellationToken).ConfigureAwait(false);
        var (_, reported) = await channel.ReadUntilAsync(FileDelivery.ChecksumEnd, cancellationToken).ConfigureAwait(false);
        if (FileDelivery.FindMismatch(reported, plan.Files) is { } mismatch)
        {
            await RemoveAsync(channel, staging, cancellationToken).ConfigureAwait(false);
            throw new SetupDeliveryException($"{mismatch}; the run was not started");
        }
    }

    private static Task RemoveAsync(ShellChannel channel, string staging, CancellationToken cancellationToken) =>
        channel.AskAsync($"command -p rm -rf -- {staging}; reply removed", "removed", cancellationToken);

    /// <summary>Follows run.log until the run ends (true) or the runner is gone without ending it (false).</summary>
    private async Task<bool> FollowAsync(ShellChannel channel, Attachment run, string? pid, CancellationToken cancellationToken)
    {
        await channel.AskAsync(run.Plan.FollowCommand(run.Progress.LinesSeen, pid), "follow", cancellationToken).ConfigureAwait(false);
        while (!run.Progress.Finished)
        {
            var line = await channel.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (channel.AfterMarker(line, "follow-end") is not null)
            {
                return false;
            }

            switch (run.Progress.Apply(line))
            {
                case { Step: { } step, Output: { } output }:
                    run.Output.Write(step, output);
                    break;
                case { Step: { } step }:
                    LogTransition(step);
                    break;
            }
        }

        return true;
    }

    /// <summary>Reads what run.log holds after the lines seen; true when that ends the run.</summary>
    private Task<bool> DrainAsync(ShellChannel channel, Attachment run, CancellationToken cancellationToken) =>
        run.Progress.Finished ? Task.FromResult(true) : FollowAsync(channel, run, null, cancellationToken);

    private void LogTransition(StepProgress step)
    {
        if (step.Status == StepStatus.Running)
        {
            log.Info(LogMessages.StepStarted, ("step", step.Name), ("index", step.Index));
        }
        else
        {
            log.Write(step.Status == StepStatus.Succeeded ? LogLevel.Info : LogLevel.Error, LogMessages.StepFinished,
                ("step", step.Name), ("index", step.Index), ("exitCode", step.ExitCode), ("durationMs", step.DurationMs));
        }
    }

    /// <summary>
    /// Waits until Jupyter answers again; false when the token ends first. While Jupyter does not answer, asks
    /// whether the app still runs (at once, then every 5 s): one that is deleted or failed ends the wait with its
    /// <see cref="Studio.AppNotRunningException"/>.
    /// </summary>
    private async Task<bool> WaitForServerAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(250);
        long? lastCheck = null;
        while (true)
        {
            try
            {
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
                await host.CheckAnswersAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e) when (FailureRule.IsConnectionLoss(e))
            {
                if (checkApp is not null && (lastCheck is not { } last || time.GetElapsedTime(last) >= AppCheckInterval))
                {
                    lastCheck = time.GetTimestamp();
                    try
                    {
                        await checkApp(cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        return false;
                    }
                }

                interval = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(2).Ticks, interval.Ticks * 2));
            }
        }
    }

}
