using AutoInstaller.Events;
using AutoInstaller.Hosting;
using AutoInstaller.SageMaker;
using AutoInstaller.Setup;

namespace AutoInstaller.Studio;

/// <summary>The app ended in a state it will not leave: Failed, Deleting or Deleted.</summary>
internal sealed class AppNotRunningException(AppTarget app, string status, string? failureReason)
    : Exception($"app {app} is {status}{(failureReason is null ? string.Empty : $": {failureReason}")}")
{
    public string Status { get; } = status;
}

/// <summary>
/// The wait stage: polls <c>DescribeApp</c> until the app is InService. The first check is immediate, then the
/// interval grows from 1 s by half each time up to 5 s. The caller's token bounds the wait.
/// </summary>
internal sealed class AppReadiness(SageMakerClient sageMaker, Log log, TimeProvider time)
{
    private static readonly TimeSpan FirstInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(5);

    /// <summary>Returns how many checks it took.</summary>
    public async Task<int> WaitForInServiceAsync(AppTarget app, CancellationToken cancellationToken)
    {
        var request = new DescribeAppRequest(app.DomainId, app.AppType, app.AppName, app.UserProfileName, app.SpaceName);
        var started = time.GetTimestamp();
        var interval = FirstInterval;
        string? lastStatus = null;
        for (var checks = 1; ; checks++)
        {
            var answer = await sageMaker.DescribeAppAsync(request, cancellationToken).ConfigureAwait(false);
            var status = answer.Status ?? "(none)";
            switch (status)
            {
                case "InService":
                    log.Info(PipelineMessages.AppInService, ("app", app.ToString()), ("checks", checks), ("waitedMs", (long)time.GetElapsedTime(started).TotalMilliseconds));
                    return checks;
                case "Failed" or "Deleting" or "Deleted":
                    throw new AppNotRunningException(app, status, answer.FailureReason);
            }

            if (status != lastStatus)
            {
                log.Info(PipelineMessages.WaitingForApp, ("app", app.ToString()), ("status", status), ("waitedMs", (long)time.GetElapsedTime(started).TotalMilliseconds));
                lastStatus = status;
            }

            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(MaxInterval.Ticks, (long)(interval.Ticks * 1.5)));
        }
    }
}
