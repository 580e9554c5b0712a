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

/// <summary>The S3 faults in force, with the error counter consumed as errors are answered. Thread-safe.</summary>
internal sealed class S3Faults
{
    private readonly Lock _lock = new();
    private S3FaultSettings _settings = new();

    public S3FaultSettings Current
    {
        get
        {
            lock (_lock)
            {
                return _settings;
            }
        }
    }

    public void Set(S3FaultSettings settings)
    {
        settings.Validate();
        lock (_lock)
        {
            _settings = settings;
        }
    }

    /// <summary>The error to answer instead of the next read, if one is due.</summary>
    public S3Error? TakeError()
    {
        lock (_lock)
        {
            if (_settings.ErrorCount == 0)
            {
                return null;
            }

            _settings = _settings with { ErrorCount = _settings.ErrorCount - 1 };
            return new S3Error((System.Net.HttpStatusCode)_settings.ErrorStatus, _settings.ErrorCode, _settings.ErrorMessage);
        }
    }
}
