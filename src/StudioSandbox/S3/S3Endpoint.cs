using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using StudioSandbox.Aws;

namespace StudioSandbox.S3;

/// <summary>
/// <c>/s3/*</c>: a minimal S3 REST API, path-style (<c>/s3/BUCKET/KEY</c>), for the function's script and for uploads by
/// tests and the AWS CLI: CreateBucket (<c>PUT /s3/BUCKET</c>), PutObject, GetObject and HeadObject. Every request is
/// SigV4-checked (service <c>s3</c>, region and credentials of the sandbox) and must carry <c>x-amz-content-sha256</c>,
/// which must match the body unless it is <c>UNSIGNED-PAYLOAD</c>. Errors are S3's XML.
/// </summary>
internal sealed class S3Endpoint(SigV4Verifier verifier, S3Buckets buckets, S3Faults faults, ILogger<S3Endpoint> logger)
{
    public const string PathPrefix = "/s3";
    private const int MaxObjectBytes = 16 * 1024 * 1024;
    private const string ContentSha256 = "x-amz-content-sha256";

    /// <summary>Maps the S3 API and its fault knobs (<c>/_sandbox/s3/faults</c>).</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.Map(PathPrefix + "/{**resource}", (HttpContext context, S3Endpoint s3) => s3.HandleAsync(context));
        var admin = routes.MapGroup("/_sandbox/s3");
        admin.MapGet("/faults", (S3Faults s3Faults) => s3Faults.Current);
        admin.MapPut("/faults", (S3Faults s3Faults, S3FaultSettings settings) =>
        {
            try
            {
                s3Faults.Set(settings);
                return Results.Ok(s3Faults.Current);
            }
            catch (ArgumentException e)
            {
                return Results.BadRequest(new { message = e.Message });
            }
        });
        admin.MapDelete("/faults", (S3Faults s3Faults) =>
        {
            s3Faults.Set(new S3FaultSettings());
            return Results.Ok(s3Faults.Current);
        });
    }

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        context.Response.Headers["x-amz-request-id"] = requestId;
        var operation = "";
        try
        {
            var delay = faults.Current.ResponseDelayMs;
            if (delay > 0)
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            var (bucket, key) = Resource(context);
            var body = await ReadBodyAsync(context.Request, context.RequestAborted);
            Authenticate(context.Request, body);
            operation = (context.Request.Method, key, context.Request.QueryString.HasValue) switch
            {
                ("PUT", null, false) => "CreateBucket",
                ("PUT", not null, false) => "PutObject",
                ("GET", not null, false) => "GetObject",
                ("HEAD", not null, false) => "HeadObject",
                _ => throw S3Error.NotImplemented(),
            };
            switch (operation)
            {
                case "CreateBucket":
                    buckets.CreateBucket(bucket);
                    context.Response.Headers.Location = $"/{bucket}";
                    return;
                case "PutObject":
                    var stored = buckets.Put(bucket, key!, body, context.Request.ContentType ?? "binary/octet-stream");
                    context.Response.Headers.ETag = stored.ETag;
                    context.Response.Headers["x-amz-version-id"] = stored.VersionId;
                    return;
                default:
                    await ReadAsync(context.Response, bucket, key!, withBody: operation == "GetObject");
                    return;
            }
        }
        catch (S3Error e)
        {
            logger.LogInformation("S3 {Operation} answered {Status} {Code}: {Message}", operation, (int)e.Status, e.Code, e.Message);
            context.Response.StatusCode = (int)e.Status;
            if (context.Request.Method != "HEAD")
            {
                context.Response.ContentType = "application/xml";
                await context.Response.WriteAsync(e.ToXml(requestId), context.RequestAborted);
            }
        }
    }

    private async Task ReadAsync(HttpResponse response, string bucket, string key, bool withBody)
    {
        if (faults.TakeError() is { } injected)
        {
            throw injected;
        }

        var stored = buckets.Get(bucket, key);
        response.ContentType = stored.ContentType;
        response.ContentLength = stored.Content.Length;
        response.Headers.ETag = stored.ETag;
        response.Headers["x-amz-version-id"] = stored.VersionId;
        response.Headers.LastModified = stored.LastModified.ToString("R");
        if (withBody)
        {
            await response.Body.WriteAsync(stored.Content, response.HttpContext.RequestAborted);
        }
    }

    /// <summary>
    /// No <c>Authorization</c> is an anonymous request, which a private bucket refuses (AccessDenied); the verifier's
    /// answers become S3's codes for them.
    /// </summary>
    private void Authenticate(HttpRequest request, byte[] body)
    {
        if (request.Headers.Authorization.Count == 0)
        {
            throw S3Error.AccessDenied();
        }

        var payloadHash = request.Headers[ContentSha256].ToString();
        if (payloadHash.Length == 0)
        {
            throw new S3Error(HttpStatusCode.BadRequest, "InvalidRequest", $"Missing required header for this request: {ContentSha256}");
        }

        if (payloadHash.StartsWith("STREAMING-", StringComparison.Ordinal))
        {
            throw S3Error.NotImplemented();
        }

        try
        {
            verifier.VerifyS3(request, payloadHash);
        }
        catch (AwsApiException e)
        {
            throw e.Code switch
            {
                "UnrecognizedClientException" => new S3Error(HttpStatusCode.Forbidden, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."),
                "IncompleteSignatureException" => new S3Error(HttpStatusCode.BadRequest, "AuthorizationHeaderMalformed", e.Message),
                _ => new S3Error(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", e.Message),
            };
        }

        if (payloadHash != "UNSIGNED-PAYLOAD" && payloadHash != SigV4.Sha256Hex(body))
        {
            throw new S3Error(HttpStatusCode.BadRequest, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
    }

    /// <summary>The bucket and key (null for the bucket itself) from the raw path <c>/s3/BUCKET[/KEY]</c>, the key decoded.</summary>
    private static (string Bucket, string? Key) Resource(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var rawPath = rawTarget.Split('?', 2)[0];
        var resource = rawPath.Length > PathPrefix.Length + 1 ? rawPath[(PathPrefix.Length + 1)..] : "";
        var slash = resource.IndexOf('/');
        var bucket = Uri.UnescapeDataString(slash < 0 ? resource : resource[..slash]);
        if (bucket.Length == 0)
        {
            throw S3Error.NotImplemented();
        }

        var key = slash < 0 || slash == resource.Length - 1 ? null : Uri.UnescapeDataString(resource[(slash + 1)..]);
        return (bucket, key);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.Length <= MaxObjectBytes
            ? buffer.ToArray()
            : throw new S3Error(HttpStatusCode.BadRequest, "EntityTooLarge", $"Your proposed upload exceeds the sandbox's maximum of {MaxObjectBytes} bytes.");
    }
}
