using System.Net;
using AutoInstaller.Failures;

namespace AutoInstaller.S3;

/// <summary>An S3 request was answered with an error: the operation, the object, the HTTP status, S3's code and message.</summary>
internal sealed class S3Exception(string operation, S3ObjectUri uri, HttpStatusCode status, string code, string message)
    : ClassifiedException($"S3 {operation} {uri} answered {(int)status} {code}: {message}")
{
    private static readonly HashSet<string> RetryableCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "RequestTimeout", "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequests",
        "InternalError", "ServiceUnavailable",
    };

    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;

    /// <summary>Throttling, timeouts and server-side errors pass; everything else is permanent for the same request.</summary>
    public override FailureKind Kind =>
        RetryableCodes.Contains(Code) || (int)Status >= 500 || Status == HttpStatusCode.TooManyRequests ? FailureKind.Transient : FailureKind.Permanent;
}

/// <summary>The object is larger than the caller accepts; its bytes were not read.</summary>
internal sealed class S3ObjectTooLargeException(S3ObjectUri uri, long? length, int limit)
    : ClassifiedException(length is { } size
        ? $"{uri} is {size} bytes; the limit is {limit} bytes"
        : $"{uri} is larger than the limit of {limit} bytes")
{
    public override FailureKind Kind => FailureKind.Permanent;
}
