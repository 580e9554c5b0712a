using System.Net;
using AutoInstaller.Aws;

namespace AutoInstaller.Lambda;

/// <summary>A refused or failed <c>Invoke</c>: Lambda's status and error type (<c>x-amzn-ErrorType</c>).</summary>
internal sealed class LambdaInvokeException(HttpStatusCode status, string errorType, string message)
    : Exception($"Lambda Invoke answered {(int)status} {errorType}: {message}")
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>
/// Lambda's <c>Invoke</c> with <c>X-Amz-Invocation-Type: Event</c> (asynchronous: Lambda queues the event and answers
/// 202, its retries and dead-letter queue apply), signed for the service <c>lambda</c>:
/// <c>POST /2015-03-31/functions/NAME/invocations</c> on the region's endpoint or a local one (the Runtime Interface
/// Emulator serves the same path).
/// </summary>
internal sealed class LambdaInvoker(HttpClient http, Uri endpoint, RequestSigner signer)
{
    public static Uri RegionalEndpoint(Amazon.RegionEndpoint region) => new($"https://lambda.{region.SystemName}.{region.PartitionDnsSuffix}/");

    /// <summary>Queues one event for the function; returns the status Lambda answered (202 for a queued event).</summary>
    public async Task<HttpStatusCode> InvokeAsync(string functionName, byte[] payload, CancellationToken cancellationToken)
    {
        var uri = new Uri(endpoint, $"2015-03-31/functions/{Uri.EscapeDataString(functionName)}/invocations");
        var headers = new Dictionary<string, string> { ["X-Amz-Invocation-Type"] = "Event" };
        using var request = await signer.CreateSignedPostAsync(uri, headers, "application/json", payload, cancellationToken).ConfigureAwait(false);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response.StatusCode;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First().Split(':')[0] : "Unknown";
        throw new LambdaInvokeException(response.StatusCode, type, body.Length > 300 ? body[..300] : body);
    }
}
