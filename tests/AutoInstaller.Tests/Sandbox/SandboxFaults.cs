namespace AutoInstaller.Tests.Sandbox;

/// <summary>The body of <c>PUT /_sandbox/faults</c>; members left out mean "no fault".</summary>
public sealed record SandboxFaults
{
    public double PendingSeconds { get; init; }

    public string? StartFailure { get; init; }

    public bool NeverReady { get; init; }

    public int ThrottleCount { get; init; }

    public int JupyterErrorCount { get; init; }

    public string? JupyterErrorPathPrefix { get; init; }

    public int? WebsocketDropAfterFrames { get; init; }

    public int ResponseDelayMs { get; init; }

    public bool LoginRefused { get; init; }

    public int ExpiredLoginUrlCount { get; init; }
}
