using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AutoInstaller.Hosting;

/// <summary>
/// The Lambda Runtime API (<c>/2018-06-01/runtime/...</c>) over plain HTTP. The long poll for the next
/// invocation has no timeout: Lambda freezes the process while no event is due.
/// </summary>
internal sealed class RuntimeApiClient : IDisposable
{
    private const string ErrorContentType = "application/vnd.aws.lambda.error+json";
    private readonly HttpClient http;

    public RuntimeApiClient(string runtimeApi)
    {
        http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false })
        {
            BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/runtime/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<Invocation> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("invocation/next", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new RuntimeApiException($"GET /runtime/invocation/next answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var context = new InvocationContext(
            RequestId: RequiredHeader(response, "Lambda-Runtime-Aws-Request-Id"),
            Deadline: DateTimeOffset.FromUnixTimeMilliseconds(
                long.Parse(RequiredHeader(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture)),
            FunctionArn: OptionalHeader(response, "Lambda-Runtime-Invoked-Function-Arn") ?? string.Empty,
            TraceId: OptionalHeader(response, "Lambda-Runtime-Trace-Id"));
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new Invocation(context, body);
    }

    /// <summary>Posts the result. Returns false when the Runtime API refused it as too large (413).</summary>
    public async Task<bool> PostResponseAsync(string requestId, byte[] result, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(result);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/response", content, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            return false;
        }

        EnsureAccepted(response, "response");
        return true;
    }

    public Task PostInvocationErrorAsync(string requestId, RuntimeErrorReport error, CancellationToken cancellationToken) =>
        PostErrorAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);

    public Task PostInitErrorAsync(RuntimeErrorReport error, CancellationToken cancellationToken) =>
        PostErrorAsync("init/error", error, cancellationToken);

    public void Dispose() => http.Dispose();

    private async Task PostErrorAsync(string path, RuntimeErrorReport error, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(error, HostingJsonContext.Default.RuntimeErrorReport));
        content.Headers.ContentType = new MediaTypeHeaderValue(ErrorContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", error.ErrorTypeHeader());
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        EnsureAccepted(response, path);
    }

    private static void EnsureAccepted(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new RuntimeApiException($"POST {what} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    private static string RequiredHeader(HttpResponseMessage response, string name) =>
        OptionalHeader(response, name) ?? throw new RuntimeApiException($"GET /runtime/invocation/next lacks the {name} header");

    private static string? OptionalHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>The Runtime API itself failed or answered something the runtime cannot go on with.</summary>
internal sealed class RuntimeApiException(string message, Exception? inner = null) : Exception(message, inner);
