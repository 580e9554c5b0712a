using System.Text.Json.Serialization;

namespace StudioSandbox.Admin;

/// <summary>The fault knobs, as <c>PUT /_sandbox/faults</c> takes them (and the tests send them). Omitted members keep their defaults (no fault).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FaultSettings
{
    /// <summary>Minimum time a created (or restarted) app stays Pending.</summary>
    public double PendingSeconds { get; init; }

    /// <summary>When set, each app stays Pending a time drawn at random between <see cref="PendingSeconds"/> and this, uniformly.</summary>
    public double? PendingSecondsMax { get; init; }

    /// <summary>When set, apps that start fail: Status Failed with this FailureReason.</summary>
    public string? StartFailure { get; init; }

    /// <summary>Apps start their server but stay Pending forever.</summary>
    public bool NeverReady { get; init; }

    /// <summary>The next N SageMaker API calls answer 400 ThrottlingException.</summary>
    public int ThrottleCount { get; init; }

    /// <summary>
    /// When above 0, each SageMaker operation may be called this many times per second (a token bucket per operation,
    /// refilled at this rate up to <see cref="ThrottleBurst"/>); a call that finds its bucket empty answers 400 ThrottlingException.
    /// </summary>
    public double ThrottleRatePerSecond { get; init; }

    /// <summary>How many calls of one operation may come at once: the size of its bucket, full when the faults are put. At least 1 with a rate.</summary>
    public int ThrottleBurst { get; init; }

    /// <summary>The operations the rate applies to, e.g. <c>["DescribeApp"]</c>; null: every operation.</summary>
    public string[]? ThrottleOperations { get; init; }

    /// <summary>The next N proxied Jupyter API requests (under <see cref="JupyterErrorPathPrefix"/>) answer 500.</summary>
    public int JupyterErrorCount { get; init; }

    /// <summary>Path below <c>/jupyter/default/</c> the errors apply to, e.g. <c>api/terminals</c>; default <c>api/</c>.</summary>
    public string? JupyterErrorPathPrefix { get; init; }

    /// <summary>The next terminal websocket is aborted after this many server-to-client frames.</summary>
    public int? WebsocketDropAfterFrames { get; init; }

    /// <summary>Added before answering each SageMaker API call and each proxied Jupyter request.</summary>
    public int ResponseDelayMs { get; init; }

    /// <summary><c>/auth</c> answers 403 even for a valid token.</summary>
    public bool LoginRefused { get; init; }

    /// <summary>The next N presigned domain URLs are issued already expired: <c>/auth</c> refuses them.</summary>
    public int ExpiredLoginUrlCount { get; init; }

    public void Validate()
    {
        if (PendingSeconds < 0 || ThrottleCount < 0 || JupyterErrorCount < 0 || ResponseDelayMs < 0 || WebsocketDropAfterFrames < 0 || ExpiredLoginUrlCount < 0)
        {
            throw new ArgumentException("Fault counts, delays and times must not be negative");
        }

        if (PendingSecondsMax < PendingSeconds)
        {
            throw new ArgumentException("pendingSecondsMax must not be below pendingSeconds");
        }

        if (ThrottleRatePerSecond < 0 || (ThrottleRatePerSecond > 0 && ThrottleBurst < 1))
        {
            throw new ArgumentException("throttleRatePerSecond must not be negative, and with a rate throttleBurst must be at least 1");
        }
    }
}
