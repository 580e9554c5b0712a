using System.Net;
using AutoInstaller.Failures;

namespace AutoInstaller.Jupyter;

/// <summary>
/// A Jupyter server call failed: it answered an error status, or could not be reached at all
/// (<see cref="StatusCode"/> null). The message names the operation, the status and the server's
/// <c>message</c> field; it never holds a token, cookie or XSRF value.
/// </summary>
internal sealed class JupyterApiException : ClassifiedException
{
    public JupyterApiException(string operation, HttpStatusCode statusCode, string? serverMessage, Exception? inner = null)
        : base(serverMessage is null
            ? $"{operation}: Jupyter answered {(int)statusCode} {statusCode}"
            : $"{operation}: Jupyter answered {(int)statusCode} {statusCode}: {serverMessage}", inner)
    {
        Operation = operation;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
    }

    private JupyterApiException(string operation, string message, Exception inner)
        : base(message, inner) => Operation = operation;

    public string Operation { get; }

    /// <summary>The HTTP status; null when no answer came (connection refused or reset, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The <c>message</c> field of Jupyter's JSON error body, when there was one.</summary>
    public string? ServerMessage { get; }

    /// <summary>
    /// True when trying again later can succeed: no answer at all, a 5xx (the server or a proxy in front of it
    /// is failing or restarting) or 429.
    /// </summary>
    public override FailureKind Kind =>
        StatusCode is null or >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests ? FailureKind.Transient : FailureKind.Permanent;

    /// <summary>A server that did not answer or answered a transient error may come back.</summary>
    public override bool IsConnectionLoss => Kind == FailureKind.Transient;

    /// <summary>The server could not be reached or did not answer in time.</summary>
    public static JupyterApiException Unreachable(string operation, Exception inner) =>
        new(operation, $"{operation}: Jupyter did not answer ({inner.GetType().Name})", inner);
}
