using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using StudioSandbox.S3;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>
/// The sandbox's S3 (<c>/s3/BUCKET/KEY</c>) for tests: uploads signed by AWSSDK.Core's signer (not the sandbox's own
/// SigV4 code, so the verifier is checked against an independent signature), and the S3 fault knobs.
/// </summary>
public sealed class S3TestClient(Uri origin) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient http = new();

    /// <summary>What the function is given as <c>AUTO_INSTALLER_S3_ENDPOINT</c>.</summary>
    public Uri Endpoint { get; } = new(origin, "/s3");

    public Uri ObjectUrl(string bucket, string key) => new($"{Endpoint}/{bucket}/{key}");

    public async Task CreateBucketAsync(string bucket, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Put, new Uri($"{Endpoint}/{bucket}"), [], SandboxHost.SecretAccessKey, cancellationToken);
        await EnsureAsync(response, cancellationToken);
    }

    /// <summary>Uploads an object; returns the version id the sandbox gave it.</summary>
    public async Task<string> PutObjectAsync(string bucket, string key, byte[] content, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Put, ObjectUrl(bucket, key), content, SandboxHost.SecretAccessKey, cancellationToken);
        await EnsureAsync(response, cancellationToken);
        return response.Headers.GetValues("x-amz-version-id").Single();
    }

    /// <summary>Sends a request signed with <paramref name="secret"/> (a wrong one makes a bad signature).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, byte[] content, string secret, CancellationToken cancellationToken = default)
    {
        using var request = await SignAsync(method, url, content, secret, cancellationToken);
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>A signed request, for tests that alter it before sending.</summary>
    public async Task<HttpRequestMessage> SignAsync(HttpMethod method, Uri url, byte[] content, string secret, CancellationToken cancellationToken = default)
    {
        var signing = new AWSSigningRequest { HttpMethod = method, RequestUri = url, Content = content };
        var parameters = new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(SandboxHost.AccessKeyId, secret),
            Region = RegionEndpoint.GetBySystemName(SandboxHost.Region),
            Service = "s3",
        };
        var signature = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken);
        var request = new HttpRequestMessage(method, url);
        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(content);
        }

        foreach (var (name, value) in signature.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public async Task SetFaultsAsync(S3FaultSettings faults, CancellationToken cancellationToken = default)
    {
        using var response = await http.PutAsJsonAsync(new Uri(origin, "/_sandbox/s3/faults"), faults, Json, cancellationToken);
        await EnsureAsync(response, cancellationToken);
    }

    public async Task<S3FaultSettings> GetFaultsAsync(CancellationToken cancellationToken = default) =>
        (await http.GetFromJsonAsync<S3FaultSettings>(new Uri(origin, "/_sandbox/s3/faults"), Json, cancellationToken))!;

    public void Dispose() => http.Dispose();

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
