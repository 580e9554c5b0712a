using System.Net.WebSockets;
using AutoInstaller.Hosting;
using AutoInstaller.Jupyter;

namespace AutoInstaller.Setup;

/// <summary>How following a run ended.</summary>
internal sealed record RunFollowOutcome(bool Detached, bool StartedHere, int Reconnects);

/// <summary>
/// The run stage. Through a terminal it delivers the run's files, claims the run and starts it detached, or finds
/// the run already there; then it follows <c>run.log</c> to the end. When the terminal or the server goes away
/// (a websocket drop, a Jupyter restart by the script itself) it waits for the server and attaches again, resuming
/// after the last line it saw. When the token ends first, it leaves the run going and reports it detached.
/// </summary>
internal sealed class SetupRunner(JupyterClient jupyter, Log log, TimeProvider time, OutputLogLimits limits)
{
    public const int MaxReconnects = 20;

    public async Task<RunFollowOutcome> RunAsync(RunPlan plan, RunProgress progress, CancellationToken deadline)
    {
        var startedHere = false;
        var output = new OutputLogger(log, plan.RunId, limits);
        for (var reconnects = 0; ; reconnects++)
        {
            try
            {
                await using var channel = await ShellChannel.OpenAsync(jupyter, deadline).ConfigureAwait(false);
                startedHere |= await EnsureStartedAsync(channel, plan, deadline).ConfigureAwait(false);
                await FollowAsync(channel, plan, progress, output, deadline).ConfigureAwait(false);
                return new RunFollowOutcome(Detached: false, startedHere, reconnects);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                log.Warn(PipelineMessages.Detaching, ("runId", plan.RunId));
                return new RunFollowOutcome(Detached: true, startedHere, reconnects);
            }
            catch (Exception e) when (IsConnectionLoss(e) && reconnects < MaxReconnects)
            {
                log.Warn(PipelineMessages.Reconnecting, ("runId", plan.RunId), ("error", e.Message), ("reconnects", reconnects + 1));
                if (!await WaitForServerAsync(deadline).ConfigureAwait(false))
                {
                    log.Warn("Deadline reached while Jupyter was away: leaving the run going on the server", ("runId", plan.RunId));
                    return new RunFollowOutcome(Detached: true, startedHere, reconnects + 1);
                }
            }
        }
    }

    /// <summary>Starts the run unless it exists; returns whether this call started it.</summary>
    private async Task<bool> EnsureStartedAsync(ShellChannel channel, RunPlan plan, CancellationToken cancellationToken)
    {
        if (await channel.AskAsync(plan.StateCommand, "state", cancellationToken).ConfigureAwait(false) == "present")
        {
            log.Info(PipelineMessages.FollowingRun, ("runId", plan.RunId));
            return false;
        }

        var staging = RunPlan.StagingDirectory(Guid.NewGuid().ToString("N"));
        foreach (var line in FileDelivery.CommandLines(staging, plan.Files))
        {
            await channel.AskAsync($"{line}; printf '@@%s:ack\\n' auto-installer", "ack", cancellationToken).ConfigureAwait(false);
        }

        await VerifyAsync(channel, staging, plan, cancellationToken).ConfigureAwait(false);
        var claim = await channel.AskAsync(plan.ClaimCommand(staging), "claim", cancellationToken).ConfigureAwait(false);
        log.Info(claim == "started" ? PipelineMessages.RunStarted : "Another delivery started the run first; following it",
            ("runId", plan.RunId), ("steps", plan.Steps.Count), ("bytes", plan.Files.Sum(f => (long)f.Content.Length)));
        return claim == "started";
    }

    /// <summary>Compares the server's checksums with the plan's; on a mismatch removes the staging directory and throws.</summary>
    private static async Task VerifyAsync(ShellChannel channel, string staging, RunPlan plan, CancellationToken cancellationToken)
    {
        await channel.SendAsync(FileDelivery.ChecksumCommand(staging, plan.Files), cancellationToken).ConfigureAwait(false);
        await channel.ExpectAsync(FileDelivery.ChecksumBegin, cancellationToken).ConfigureAwait(false);
        var reported = await channel.ReadUntilAsync(FileDelivery.ChecksumEnd, cancellationToken).ConfigureAwait(false);
        if (FileDelivery.FindMismatch(reported, plan.Files) is { } mismatch)
        {
            await channel.AskAsync($"rm -rf {staging}; printf '@@%s:removed\\n' auto-installer", "removed", cancellationToken).ConfigureAwait(false);
            throw new SetupDeliveryException($"{mismatch}; the run was not started");
        }
    }

    private async Task FollowAsync(ShellChannel channel, RunPlan plan, RunProgress progress, OutputLogger output, CancellationToken cancellationToken)
    {
        await channel.SendAsync(plan.FollowCommand(progress.LinesSeen), cancellationToken).ConfigureAwait(false);
        while (!progress.Finished)
        {
            var line = await channel.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            switch (progress.Apply(line))
            {
                case { Step: { } step, IsOutput: true }:
                    output.Write(step, line);
                    break;
                case { Step: { } step }:
                    LogTransition(step);
                    break;
            }
        }
    }

    private void LogTransition(StepProgress step)
    {
        if (step.Status == StepStatus.Running)
        {
            log.Info(PipelineMessages.StepStarted, ("step", step.Name), ("index", step.Index));
        }
        else
        {
            log.Write(step.Status == StepStatus.Succeeded ? LogLevel.Info : LogLevel.Error, PipelineMessages.StepFinished,
                ("step", step.Name), ("index", step.Index), ("exitCode", step.ExitCode), ("durationMs", step.DurationMs));
        }
    }

    /// <summary>Waits until Jupyter answers again; false when the token ends first.</summary>
    private async Task<bool> WaitForServerAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
                await jupyter.GetStatusAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e) when (IsConnectionLoss(e))
            {
                interval = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(2).Ticks, interval.Ticks * 2));
            }
        }
    }

    private static bool IsConnectionLoss(Exception e) => e switch
    {
        TerminalDisconnectedException or WebSocketException or HttpRequestException or MissingXsrfCookieException => true,
        JupyterApiException api => api.IsTransient,
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };
}
