using System.Globalization;
using System.Net;
using System.Text.Json;
using StudioSandbox.Aws;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>A SigV4-signed SageMaker JSON 1.1 client for tests, with the few calls they need.</summary>
public sealed class SageMakerTestClient(Uri endpoint, string region, string accessKeyId, string secretAccessKey) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = endpoint };

    /// <summary>Sends one signed call; returns the status and the parsed JSON body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(
        string operation,
        object input,
        CancellationToken cancellationToken = default,
        string? secretOverride = null,
        DateTimeOffset? signedAt = null)
    {
        using var request = Sign(operation, JsonSerializer.SerializeToUtf8Bytes(input), secretOverride ?? secretAccessKey, signedAt ?? DateTimeOffset.UtcNow);
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A signed request, for tests that alter it before sending.</summary>
    public HttpRequestMessage Sign(string operation, byte[] body, string secret, DateTimeOffset signedAt, string? sessionToken = null)
    {
        var amzDate = signedAt.UtcDateTime.ToString(SigV4.DateFormat, CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var host = $"{endpoint.Host}:{endpoint.Port}";
        var headers = new Dictionary<string, string>
        {
            ["content-type"] = "application/x-amz-json-1.1",
            ["host"] = host,
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = "SageMaker." + operation,
        };
        if (sessionToken is not null)
        {
            headers["x-amz-security-token"] = sessionToken;
        }

        var canonical = SigV4.CanonicalRequest("POST", "/", "", headers, SigV4.Sha256Hex(body));
        var scope = SigV4.Scope(date, region, "sagemaker");
        var signature = SigV4.Signature(secret, date, region, "sagemaker", SigV4.StringToSign(amzDate, scope, canonical));
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker." + operation);
        if (sessionToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", sessionToken);
        }

        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"{SigV4.Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={string.Join(';', headers.Keys.Order(StringComparer.Ordinal))}, Signature={signature}");
        return request;
    }

    /// <summary>Calls and expects 200; otherwise throws with the AWS error code and message.</summary>
    public async Task<JsonElement> InvokeAsync(string operation, object input, CancellationToken cancellationToken = default)
    {
        var (status, body) = await CallAsync(operation, input, cancellationToken);
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"SageMaker {operation} answered {(int)status}: {body}");
        }

        return body;
    }

    public Task CreateUserProfileAsync(string name, CancellationToken cancellationToken = default) =>
        InvokeAsync("CreateUserProfile", new { DomainId = SandboxHost.DomainId, UserProfileName = name }, cancellationToken);

    public Task CreateJupyterServerAppAsync(string userProfileName, CancellationToken cancellationToken = default) =>
        InvokeAsync("CreateApp", JupyterServerApp(userProfileName), cancellationToken);

    public async Task<string> GetJupyterServerStatusAsync(string userProfileName, CancellationToken cancellationToken = default) =>
        (await InvokeAsync("DescribeApp", JupyterServerApp(userProfileName), cancellationToken)).GetProperty("Status").GetString()!;

    /// <summary>Polls DescribeApp until the JupyterServer app has <paramref name="status"/>.</summary>
    public async Task WaitForJupyterServerStatusAsync(string userProfileName, string status, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        string current;
        while ((current = await GetJupyterServerStatusAsync(userProfileName, cancellationToken)) != status)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"App of {userProfileName} is {current}, not {status}, after {timeout.TotalSeconds} s");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>A user profile with an InService JupyterServer app.</summary>
    public async Task CreateReadyUserAsync(string userProfileName, CancellationToken cancellationToken = default)
    {
        await CreateUserProfileAsync(userProfileName, cancellationToken);
        await CreateJupyterServerAppAsync(userProfileName, cancellationToken);
        await WaitForJupyterServerStatusAsync(userProfileName, "InService", TimeSpan.FromSeconds(60), cancellationToken);
    }

    public async Task<Uri> CreatePresignedDomainUrlAsync(string userProfileName, int expiresInSeconds = 60, CancellationToken cancellationToken = default)
    {
        var body = await InvokeAsync(
            "CreatePresignedDomainUrl",
            new { DomainId = SandboxHost.DomainId, UserProfileName = userProfileName, ExpiresInSeconds = expiresInSeconds },
            cancellationToken);
        return new Uri(body.GetProperty("AuthorizedUrl").GetString()!);
    }

    public static object JupyterServerApp(string userProfileName) =>
        new { DomainId = SandboxHost.DomainId, UserProfileName = userProfileName, AppType = "JupyterServer", AppName = "default" };

    public void Dispose() => _http.Dispose();
}
