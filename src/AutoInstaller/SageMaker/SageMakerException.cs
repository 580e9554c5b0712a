using System.Net;
using AutoInstaller.Failures;

namespace AutoInstaller.SageMaker;

/// <summary>A SageMaker API call answered an error: which operation, the HTTP status, SageMaker's code and message.</summary>
internal sealed class SageMakerException(string operation, HttpStatusCode status, string code, string message)
    : ClassifiedException($"SageMaker {operation} failed: {(int)status} {code}: {message}")
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "RequestLimitExceeded", "SlowDown",
    };

    public string Operation { get; } = operation;

    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;

    /// <summary>The account's rate for the operation was exceeded: the same call may pass later.</summary>
    public override bool IsThrottling => ThrottlingCodes.Contains(Code);

    /// <summary>Throttling and server-side errors pass; everything else is permanent for the same request.</summary>
    public override FailureKind Kind => IsThrottling || (int)Status >= 500 ? FailureKind.Transient : FailureKind.Permanent;
}
