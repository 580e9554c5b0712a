using AutoInstaller.Diagnostics;
using AutoInstaller.Events;
using AutoInstaller.Failures;
using AutoInstaller.SageMaker;

namespace AutoInstaller.Studio;

/// <summary>The app ended in a state it will not leave: Failed, Deleting or Deleted.</summary>
internal sealed class AppNotRunningException(AppTarget app, string status, string? failureReason)
    : ClassifiedException($"app {app} is {status}{(failureReason is null ? string.Empty : $": {failureReason}")}")
{
    public override FailureKind Kind => FailureKind.Permanent;

    public string Status { get; } = status;
}

/// <summary>
/// The wait stage: polls <c>DescribeApp</c> until the app is InService. The first check is immediate; then the
/// interval starts at 250 ms and grows by a quarter each time up to 5 s. An interval is thus about a quarter of the
/// time waited so far: an app that becomes ready after a few seconds is seen within a second (the readiness lag),
/// and a long wait settles at one call per 5 s. The caller's token bounds the wait.
/// </summary>
internal sealed class AppReadiness(ISageMakerApi sageMaker, Log log, TimeProvider time)
{
    private const double Growth = 1.25;
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(5);

    /// <summary>The pause after a check that found the app not ready, given the pause before it (null after the first check).</summary>
    public static TimeSpan NextInterval(TimeSpan? previous) =>
        previous is { } before ? TimeSpan.FromTicks(Math.Min(MaxInterval.Ticks, (long)(before.Ticks * Growth))) : FirstInterval;

    /// <summary>Returns how many checks it took.</summary>
    public async Task<int> WaitForInServiceAsync(AppTarget app, CancellationToken cancellationToken)
    {
        var request = new DescribeAppRequest(app.DomainId, app.AppType, app.AppName, app.UserProfileName, app.SpaceName);
        var started = time.GetTimestamp();
        TimeSpan? interval = null;
        string? lastStatus = null;
        for (var checks = 1; ; checks++)
        {
            var answer = await sageMaker.DescribeAppAsync(request, cancellationToken).ConfigureAwait(false);
            var status = answer.Status ?? "(none)";
            switch (status)
            {
                case "InService":
                    log.Info(LogMessages.AppInService, app.LogFields(("checks", checks), ("waitedMs", (long)time.GetElapsedTime(started).TotalMilliseconds)));
                    return checks;
                case "Failed" or "Deleting" or "Deleted":
                    throw new AppNotRunningException(app, status, answer.FailureReason);
            }

            if (status != lastStatus)
            {
                log.Info(LogMessages.WaitingForApp, app.LogFields(("status", status), ("waitedMs", (long)time.GetElapsedTime(started).TotalMilliseconds)));
                lastStatus = status;
            }

            interval = NextInterval(interval);
            await Task.Delay(interval.Value, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
