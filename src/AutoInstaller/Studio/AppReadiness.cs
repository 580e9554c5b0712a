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
/// and a long wait settles at one call per 5 s. Each pause is its interval less up to a quarter, drawn at random, so
/// that instances started together do not poll together. A throttled check is one call, not retried at once: it
/// doubles the interval, to at least 5 s and at most 15 s; answered checks then keep it at 5 s, since an account
/// that throttles is busy (at a storm of app starts, the fast first checks of new instances are what it cannot
/// serve). The caller's token bounds the wait.
/// </summary>
/// <param name="random">Draws from [0, 1) for the pauses' jitter; <see cref="Random.Shared"/> unless a test fixes it.</param>
internal sealed class AppReadiness(ISageMakerApi sageMaker, Log log, TimeProvider time, Func<double>? random = null)
{
    private const double Growth = 1.25;
    private const double ThrottledGrowth = 2;
    private const double Jitter = 0.25;
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxThrottledInterval = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The interval after a check, given the one before it (null after the first check): grown by a quarter up to 5 s
    /// after a check that found the app not ready, doubled to between 5 and 15 s after a throttled one.
    /// </summary>
    public static TimeSpan NextInterval(TimeSpan? previous, bool throttled = false)
    {
        if (throttled)
        {
            var doubled = (long)((previous ?? FirstInterval).Ticks * ThrottledGrowth);
            return TimeSpan.FromTicks(Math.Clamp(doubled, MaxInterval.Ticks, MaxThrottledInterval.Ticks));
        }

        return previous is { } before ? TimeSpan.FromTicks(Math.Min(MaxInterval.Ticks, (long)(before.Ticks * Growth))) : FirstInterval;
    }

    /// <summary>The pause for an interval: shorter by up to a quarter, as <paramref name="draw"/> (in [0, 1)) says.</summary>
    public static TimeSpan Pause(TimeSpan interval, double draw) => interval * (1 - (Jitter * draw));

    /// <summary>Returns how many checks it took.</summary>
    public async Task<int> WaitForInServiceAsync(AppTarget app, CancellationToken cancellationToken)
    {
        var request = new DescribeAppRequest(app.DomainId, app.AppType, app.AppName, app.UserProfileName, app.SpaceName);
        var draw = random ?? Random.Shared.NextDouble;
        var started = time.GetTimestamp();
        TimeSpan? interval = null;
        string? lastStatus = null;
        var throttled = 0;
        for (var checks = 1; ; checks++)
        {
            DescribeAppResponse answer;
            try
            {
                answer = await sageMaker.DescribeAppAsync(request, cancellationToken, retryThrottling: false).ConfigureAwait(false);
            }
            catch (Exception e) when (FailureRule.IsThrottling(e))
            {
                interval = NextInterval(interval, throttled: true);
                if (++throttled == 1)
                {
                    log.Info(LogMessages.WaitThrottled, app.LogFields(("intervalMs", (long)interval.Value.TotalMilliseconds)));
                }

                await Task.Delay(Pause(interval.Value, draw()), time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var status = answer.Status ?? "(none)";
            switch (status)
            {
                case "InService":
                    log.Info(LogMessages.AppInService, app.LogFields(("checks", checks), ("throttledChecks", throttled), ("waitedMs", (long)time.GetElapsedTime(started).TotalMilliseconds)));
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
            await Task.Delay(Pause(interval.Value, draw()), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
