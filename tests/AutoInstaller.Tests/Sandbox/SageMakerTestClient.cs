using System.Globalization;
using System.Net;
using System.Text.Json;
using StudioSandbox.Aws;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>A SigV4-signed SageMaker JSON 1.1 client for tests, with the few calls they need (user profiles, spaces, their apps).</summary>
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

    public Task<string> GetJupyterServerStatusAsync(string userProfileName, CancellationToken cancellationToken = default) =>
        GetStatusAsync(JupyterServerApp(userProfileName), cancellationToken);

    /// <summary>Polls DescribeApp until the JupyterServer app has <paramref name="status"/>.</summary>
    public Task WaitForJupyterServerStatusAsync(string userProfileName, string status, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForStatusAsync(JupyterServerApp(userProfileName), $"App of {userProfileName}", status, timeout, cancellationToken);

    /// <summary>A user profile with an InService JupyterServer app.</summary>
    public async Task CreateReadyUserAsync(string userProfileName, CancellationToken cancellationToken = default)
    {
        await CreateUserProfileAsync(userProfileName, cancellationToken);
        await CreateJupyterServerAppAsync(userProfileName, cancellationToken);
        await WaitForJupyterServerStatusAsync(userProfileName, "InService", TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>A Studio Classic presigned URL with <c>LandingUri</c> <c>app:JupyterServer:</c>, as the function asks for it (the domain's default landing is new Studio's UI).</summary>
    public async Task<Uri> CreatePresignedDomainUrlAsync(string userProfileName, int expiresInSeconds = 60, CancellationToken cancellationToken = default)
    {
        var body = await InvokeAsync(
            "CreatePresignedDomainUrl",
            new { DomainId = SandboxHost.DomainId, UserProfileName = userProfileName, ExpiresInSeconds = expiresInSeconds, LandingUri = "app:JupyterServer:" },
            cancellationToken);
        return new Uri(body.GetProperty("AuthorizedUrl").GetString()!);
    }

    /// <summary>A space for JupyterLab, private to its owner unless <paramref name="sharingType"/> says Shared.</summary>
    public Task CreateSpaceAsync(string spaceName, string ownerUserProfileName, string sharingType = "Private", CancellationToken cancellationToken = default) =>
        InvokeAsync("CreateSpace", Space(spaceName, ownerUserProfileName, sharingType), cancellationToken);

    public Task<JsonElement> DescribeSpaceAsync(string spaceName, CancellationToken cancellationToken = default) =>
        InvokeAsync("DescribeSpace", new { DomainId = SandboxHost.DomainId, SpaceName = spaceName }, cancellationToken);

    public Task DeleteSpaceAsync(string spaceName, CancellationToken cancellationToken = default) =>
        InvokeAsync("DeleteSpace", new { DomainId = SandboxHost.DomainId, SpaceName = spaceName }, cancellationToken);

    public Task CreateJupyterLabAppAsync(string spaceName, CancellationToken cancellationToken = default) =>
        InvokeAsync("CreateApp", JupyterLabApp(spaceName), cancellationToken);

    public Task<string> GetJupyterLabStatusAsync(string spaceName, CancellationToken cancellationToken = default) =>
        GetStatusAsync(JupyterLabApp(spaceName), cancellationToken);

    /// <summary>Polls DescribeApp until the space's JupyterLab app has <paramref name="status"/>.</summary>
    public Task WaitForJupyterLabStatusAsync(string spaceName, string status, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForStatusAsync(JupyterLabApp(spaceName), $"JupyterLab of space {spaceName}", status, timeout, cancellationToken);

    /// <summary>The owner's user profile, its private space and the space's InService JupyterLab app.</summary>
    public async Task CreateReadySpaceAsync(string spaceName, string ownerUserProfileName, CancellationToken cancellationToken = default)
    {
        await CreateUserProfileAsync(ownerUserProfileName, cancellationToken);
        await CreateSpaceAsync(spaceName, ownerUserProfileName, cancellationToken: cancellationToken);
        await CreateJupyterLabAppAsync(spaceName, cancellationToken);
        await WaitForJupyterLabStatusAsync(spaceName, "InService", TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>A presigned URL into the space's JupyterLab (<c>LandingUri</c> <c>app:JupyterLab:/</c>), signed in as the user.</summary>
    public async Task<Uri> CreatePresignedSpaceUrlAsync(string userProfileName, string spaceName, int expiresInSeconds = 60, CancellationToken cancellationToken = default)
    {
        var body = await InvokeAsync("CreatePresignedDomainUrl", PresignedSpaceUrl(userProfileName, spaceName, expiresInSeconds), cancellationToken);
        return new Uri(body.GetProperty("AuthorizedUrl").GetString()!);
    }

    public static object JupyterServerApp(string userProfileName) =>
        new { DomainId = SandboxHost.DomainId, UserProfileName = userProfileName, AppType = "JupyterServer", AppName = "default" };

    public static object JupyterLabApp(string spaceName) =>
        new { DomainId = SandboxHost.DomainId, SpaceName = spaceName, AppType = "JupyterLab", AppName = "default" };

    public static object Space(string spaceName, string ownerUserProfileName, string sharingType = "Private") => new
    {
        DomainId = SandboxHost.DomainId,
        SpaceName = spaceName,
        OwnershipSettings = new { OwnerUserProfileName = ownerUserProfileName },
        SpaceSharingSettings = new { SharingType = sharingType },
        SpaceSettings = new { AppType = "JupyterLab" },
    };

    public static object PresignedSpaceUrl(string userProfileName, string spaceName, int expiresInSeconds = 60) => new
    {
        DomainId = SandboxHost.DomainId,
        UserProfileName = userProfileName,
        SpaceName = spaceName,
        LandingUri = "app:JupyterLab:/",
        ExpiresInSeconds = expiresInSeconds,
    };

    private async Task<string> GetStatusAsync(object app, CancellationToken cancellationToken) =>
        (await InvokeAsync("DescribeApp", app, cancellationToken)).GetProperty("Status").GetString()!;

    private async Task WaitForStatusAsync(object app, string label, string status, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        string current;
        while ((current = await GetStatusAsync(app, cancellationToken)) != status)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{label} is {current}, not {status}, after {timeout.TotalSeconds} s");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();
}
