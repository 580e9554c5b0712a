using System.Text.Json.Serialization;

namespace StudioSandbox.S3;

/// <summary>The S3 fault knobs, as <c>PUT /_sandbox/s3/faults</c> takes them. Omitted members keep their defaults (no fault).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record S3FaultSettings
{
    /// <summary>The next N GetObject and HeadObject requests with a valid signature answer the error below.</summary>
    public int ErrorCount { get; init; }

    public int ErrorStatus { get; init; } = 503;

    public string ErrorCode { get; init; } = "SlowDown";

    public string ErrorMessage { get; init; } = "Please reduce your request rate.";

    /// <summary>Added before answering each S3 request.</summary>
    public int ResponseDelayMs { get; init; }

    public void Validate()
    {
        if (ErrorCount < 0 || ResponseDelayMs < 0 || ErrorStatus is < 400 or > 599 || string.IsNullOrWhiteSpace(ErrorCode))
        {
            throw new ArgumentException("Counts and delays must not be negative; the error needs a 4xx or 5xx status and a code");
        }
    }
}
