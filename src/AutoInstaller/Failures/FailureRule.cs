using System.Net.WebSockets;
using Polly.Timeout;

namespace AutoInstaller.Failures;

/// <summary>
/// The one place that decides what a failure means: whether it is worth a retry (<see cref="Classify"/>) and whether
/// it is the loss of a connection that may come back (<see cref="IsConnectionLoss"/>). The AWS calls' retries, the
/// run's reconnects, the pipeline's result and the command line all ask here.
/// </summary>
internal static class FailureRule
{
    /// <summary>
    /// The kind of <paramref name="failure"/>; <paramref name="deadline"/> is the token whose end is the deadline.
    /// A failure of the function's own states its kind. Everything else is transient: network errors and timed-out
    /// attempts (<see cref="IsExpected"/> lists them), and an exception no rule names, which is a defect of the
    /// function, so that the event is not lost (Lambda retries it, and then the dead-letter queue keeps it for a replay
    /// once the defect is fixed).
    /// </summary>
    public static FailureKind Classify(Exception failure, CancellationToken deadline = default) => failure switch
    {
        OperationCanceledException when deadline.IsCancellationRequested => FailureKind.Deadline,
        ClassifiedException classified => classified.Kind,
        _ => FailureKind.Transient,
    };

    /// <summary>
    /// Whether the failure is one the function expects and can describe in a sentence (as opposed to a defect, whose
    /// stack trace is worth showing): its own failures, network errors and timeouts.
    /// </summary>
    public static bool IsExpected(Exception failure) => failure is ClassifiedException or HttpRequestException or WebSocketException
        or IOException or TimeoutException or TimeoutRejectedException or TaskCanceledException { InnerException: TimeoutException };

    /// <summary>
    /// A service refused the call for rate (throttling): transient, and a sign that the account is busy, so that a
    /// caller that polls may rather slow down than retry at once.
    /// </summary>
    public static bool IsThrottling(Exception failure) => failure is ClassifiedException { IsThrottling: true };

    /// <summary>
    /// The Jupyter server or its terminal went away or did not answer (a websocket drop, a restart, a 5xx of the proxy in
    /// front of it, a timed-out request): attaching again later may work. Any other failure of a run is not mended by
    /// reconnecting.
    /// </summary>
    public static bool IsConnectionLoss(Exception failure) => failure switch
    {
        ClassifiedException classified => classified.IsConnectionLoss,
        HttpRequestException or WebSocketException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };
}
