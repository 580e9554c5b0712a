namespace AutoInstaller.Diagnostics;

/// <summary>
/// The keys of the function's structured log entries, besides <c>timestamp</c>, <c>level</c>, <c>message</c> and
/// <c>requestId</c>: stable names for log queries, documented in the README's table. An app is always named by its five
/// keys, never by one composite string; a duration is always <c>durationMs</c> unless the key says what it measures.
/// </summary>
internal static class LogKeys
{
    public const string DomainId = "domainId";
    public const string UserProfileName = "userProfileName";
    public const string SpaceName = "spaceName";
    public const string AppType = "appType";
    public const string AppName = "appName";
    public const string RunId = "runId";
    public const string Stage = "stage";
    public const string Outcome = "outcome";
    public const string Reason = "reason";
    public const string DurationMs = "durationMs";

    /// <summary>Every key a log entry of the function may carry.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        DomainId, UserProfileName, SpaceName, AppType, AppName, RunId, Stage, Outcome, Reason, DurationMs,
        "attempt", "bytes", "checks", "delayMs", "error", "errorType", "errorMessage", "etag", "exitCode", "failedStep",
        "index", "origin", "owner", "reconnects", "resourceArn", "resultBytes", "rolloutId", "runnerPid", "runtimeApi",
        "sha256", "sharing", "state", "status", "step", "steps", "tag", "totalMs", "uri", "value", "versionId", "waitedMs",
        "line", "maxLines", "path", "throttledChecks", "intervalMs",
    };
}
