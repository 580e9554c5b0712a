using Amazon;
using AutoInstaller.Aws;
using AutoInstaller.Diagnostics;
using Polly;
using Polly.Timeout;

namespace AutoInstaller.S3;

/// <summary>An object read from S3: its bytes, its ETag (without quotes) and its version id when the bucket keeps versions.</summary>
internal sealed record S3Object(byte[] Content, string? ETag, string? VersionId);

/// <summary>
/// Reads S3 objects with signed <c>GetObject</c> requests (SigV4, service <c>s3</c>, <c>x-amz-content-sha256</c> of the
/// empty body). Each attempt has <see cref="DefaultAttemptTimeout"/> (or the given timeout) to be answered in full.
/// Throttling, 5xx, timeouts and network errors are retried with jittered exponential backoff, each retry logged, until
/// the caller's token (the invocation's deadline) ends the wait; when the attempts run out on timeouts, a
/// <see cref="TimeoutException"/> naming the object (transient) is thrown; every other error is an
/// <see cref="S3Exception"/> at once. Redirects are not followed: a signed request goes to one host only.
/// </summary>
internal sealed class S3Client
{
    private const string Operation = "GetObject";
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxMessageLength = 300;
    private readonly HttpClient http;
    private readonly RegionEndpoint region;
    private readonly Uri? endpoint;
    private readonly RequestSigner signer;
    private readonly ResiliencePipeline retry;
    private readonly TimeSpan attemptTimeout;

    /// <param name="endpoint">A local S3 stand-in to use path-style instead of the region's endpoint, or null.</param>
    public S3Client(
        HttpClient http, RegionEndpoint region, Uri? endpoint, RequestSigner signer, TimeProvider time, Log log, int maxRetries = 6, TimeSpan? attemptTimeout = null)
    {
        this.http = http;
        this.region = region;
        this.endpoint = endpoint;
        this.signer = signer;
        this.attemptTimeout = attemptTimeout ?? DefaultAttemptTimeout;
        retry = AwsRetry.Pipeline(time, maxRetries, this.attemptTimeout, (error, attempt, delay) =>
            log.Warn("S3 request failed; retrying", ("error", error?.Message), ("attempt", attempt), ("delayMs", (long)delay.TotalMilliseconds)));
    }

    /// <summary>How long one attempt may take to read the object: a setup script is small, S3 sends it in far less.</summary>
    public static TimeSpan DefaultAttemptTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>A client with AWSSDK.Core's default credential chain, for the region's endpoint or <paramref name="endpoint"/>.</summary>
    public static S3Client Create(RegionEndpoint region, Uri? endpoint, TimeProvider time, Log log)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false };
        return new S3Client(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, region, endpoint,
            new RequestSigner(CredentialChain.Resolve(), region, "s3"), time, log);
    }

    /// <summary>The object, if it has at most <paramref name="maxBytes"/> bytes (else <see cref="S3ObjectTooLargeException"/>).</summary>
    public async Task<S3Object> GetObjectAsync(S3ObjectUri uri, int maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            return await retry.ExecuteAsync(async token => await GetOnceAsync(uri, maxBytes, token).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new TimeoutException($"S3 {Operation} {uri} did not answer: its last attempt got no answer within {attemptTimeout.TotalSeconds:0.###} s", e);
        }
    }

    private async Task<S3Object> GetOnceAsync(S3ObjectUri uri, int maxBytes, CancellationToken cancellationToken)
    {
        using var request = await signer.CreateSignedGetAsync(uri.Url(region, endpoint), cancellationToken).ConfigureAwait(false);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var (body, _) = await ReadAtMostAsync(response.Content, MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
            throw ToException(uri, response, body, BucketElsewhere(response));
        }

        if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
        {
            throw new S3ObjectTooLargeException(uri, length, maxBytes);
        }

        var (content, complete) = await ReadAtMostAsync(response.Content, maxBytes, cancellationToken).ConfigureAwait(false);
        if (!complete)
        {
            throw new S3ObjectTooLargeException(uri, null, maxBytes);
        }

        var etag = response.Headers.ETag?.Tag.Trim('"');
        var versionId = response.Headers.TryGetValues("x-amz-version-id", out var versions) ? versions.FirstOrDefault() : null;
        return new S3Object(content, etag, versionId);
    }

    /// <summary>Up to <paramref name="limit"/> bytes of the body, and whether that was all of it.</summary>
    private static async Task<(byte[] Bytes, bool Complete)> ReadAtMostAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                buffer.Write(chunk, 0, (int)(limit - buffer.Length));
                return (buffer.ToArray(), false);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), true);
    }

    /// <summary>S3 names the bucket's region in <c>x-amz-bucket-region</c>; a bucket of another region is worth saying.</summary>
    private string? BucketElsewhere(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amz-bucket-region", out var regions) && regions.FirstOrDefault() is { } bucketRegion
            && bucketRegion != region.SystemName
            ? $" (the bucket is in {bucketRegion}; the function reads from {region.SystemName})"
            : null;

    private static S3Exception ToException(S3ObjectUri uri, HttpResponseMessage response, byte[] body, string? note)
    {
        var (code, message) = S3ErrorBody.Parse(body);
        message ??= response.ReasonPhrase ?? "no message";
        if (message.Length > MaxMessageLength)
        {
            message = message[..MaxMessageLength] + "...";
        }

        message += note;

        return new S3Exception(Operation, uri, response.StatusCode, code ?? "Unknown", message);
    }
}
