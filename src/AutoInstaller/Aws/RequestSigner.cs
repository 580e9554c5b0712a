using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace AutoInstaller.Aws;

/// <summary>Signs a request with AWSSDK.Core's SigV4 signer, payload hash included (<c>x-amz-content-sha256</c>).</summary>
internal sealed class RequestSigner(AWSCredentials credentials, RegionEndpoint region, string service)
{
    /// <summary>Builds the signed request. <paramref name="signedAt"/> is for tests; null means now.</summary>
    public async Task<HttpRequestMessage> CreateSignedPostAsync(
        Uri uri, IReadOnlyDictionary<string, string> headers, string contentType, byte[] body,
        CancellationToken cancellationToken, DateTime? signedAt = null)
    {
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = uri, Content = body };
        signing.Headers["Content-Type"] = contentType;
        foreach (var (name, value) in headers)
        {
            signing.Headers[name] = value;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers.Concat(await SignAsync(signing, signedAt, cancellationToken).ConfigureAwait(false)))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>
    /// A signed GET without a body; <c>x-amz-content-sha256</c> is the hash of the empty payload, as S3 requires.
    /// <paramref name="signedAt"/> is for tests; null means now.
    /// </summary>
    public async Task<HttpRequestMessage> CreateSignedGetAsync(Uri uri, CancellationToken cancellationToken, DateTime? signedAt = null)
    {
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Get, RequestUri = uri, Content = [] };
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (var (name, value) in await SignAsync(signing, signedAt, cancellationToken).ConfigureAwait(false))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>The headers the signature adds (Authorization, X-Amz-Date, x-amz-content-sha256, the session token).</summary>
    private async Task<IDictionary<string, string>> SignAsync(AWSSigningRequest signing, DateTime? signedAt, CancellationToken cancellationToken)
    {
        var parameters = new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = region,
            Service = service,
            SignPayload = true,
            SignedAt = signedAt,
        };
        return (await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false)).Headers;
    }
}
