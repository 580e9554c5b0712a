using System.Net;
using Microsoft.AspNetCore.Http.Features;

namespace StudioSandbox.Aws;

/// <summary>Checks the SigV4 <c>Authorization</c> header of an API call against the sandbox's one credential set.</summary>
internal sealed class SigV4Verifier(SandboxOptions options, TimeProvider time)
{
    private static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A SageMaker call (service <c>sagemaker</c>, the body's hash signed). Returns the access key id that signed the
    /// request, or throws an <see cref="AwsApiException"/> in AWS's shape.
    /// </summary>
    public string Verify(HttpRequest request, ReadOnlySpan<byte> body) => Verify(request, "sagemaker", SigV4.Sha256Hex(body), s3Path: false);

    /// <summary>
    /// An S3 request (service <c>s3</c>, the path encoded once): <paramref name="payloadHash"/> is what the request's
    /// <c>x-amz-content-sha256</c> says, which the caller checks against the body.
    /// </summary>
    public string VerifyS3(HttpRequest request, string payloadHash) => Verify(request, "s3", payloadHash, s3Path: true);

    private string Verify(HttpRequest request, string expectedService, string payloadHash, bool s3Path)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            throw Forbidden("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        var header = AuthorizationHeader.Parse(authorization);
        var credential = header.Credential.Split('/');
        if (credential.Length != 5)
        {
            throw Incomplete($"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{header.Credential}'");
        }

        var (accessKeyId, date, region, service, terminator) = (credential[0], credential[1], credential[2], credential[3], credential[4]);
        if (!string.Equals(accessKeyId, options.AccessKeyId, StringComparison.Ordinal))
        {
            throw Forbidden("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        if (region != options.Region)
        {
            throw InvalidSignature($"Credential should be scoped to a valid region, not '{region}'.");
        }

        if (service != expectedService || terminator != "aws4_request")
        {
            throw InvalidSignature($"Credential should be scoped to correct service: '{expectedService}'.");
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, SigV4.DateFormat, null, System.Globalization.DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            throw Incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if (!amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            throw InvalidSignature($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{date}' != '{amzDate[..8]}'");
        }

        var now = time.GetUtcNow();
        if (signedAt < now - AllowedSkew)
        {
            throw InvalidSignature($"Signature expired: {amzDate} is now earlier than {(now - AllowedSkew).ToString(SigV4.DateFormat)}");
        }

        if (signedAt > now + AllowedSkew)
        {
            throw InvalidSignature($"Signature not yet current: {amzDate} is still later than {(now + AllowedSkew).ToString(SigV4.DateFormat)}");
        }

        var signedNames = header.SignedHeaders.Split(';');
        if (!signedNames.Contains("host"))
        {
            throw InvalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }

        if (request.Headers.ContainsKey("X-Amz-Security-Token") && !signedNames.Contains("x-amz-security-token"))
        {
            throw InvalidSignature("'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");
        }

        var signedHeaders = signedNames.Select(name => KeyValuePair.Create(name, string.Join(',', request.Headers[name].ToArray())));
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var queryStart = rawTarget.IndexOf('?');
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var rawQuery = queryStart < 0 ? "" : rawTarget[(queryStart + 1)..];
        var canonical = SigV4.CanonicalRequest(request.Method, rawPath, rawQuery, signedHeaders, payloadHash, s3Path);
        var scope = SigV4.Scope(date, region, service);
        var expected = SigV4.Signature(options.SecretAccessKey, date, region, service, SigV4.StringToSign(amzDate, scope, canonical));
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(header.Signature)))
        {
            throw InvalidSignature("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }

        return accessKeyId;
    }

    private static AwsApiException Forbidden(string code, string message) => AwsApiException.FrontEnd(HttpStatusCode.Forbidden, code, message);

    private static AwsApiException InvalidSignature(string message) => Forbidden("InvalidSignatureException", message);

    private static AwsApiException Incomplete(string message) => AwsApiException.FrontEnd(HttpStatusCode.BadRequest, "IncompleteSignatureException", message);

    private sealed record AuthorizationHeader(string Credential, string SignedHeaders, string Signature)
    {
        public static AuthorizationHeader Parse(string value)
        {
            if (!value.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
            {
                throw Incomplete($"Authorization header must start with '{SigV4.Algorithm}'.");
            }

            var parts = value[SigV4.Algorithm.Length..]
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(part => part.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
            string Required(string name) => parts.TryGetValue(name, out var found) && found.Length > 0
                ? found
                : throw Incomplete($"Authorization header requires '{name}' parameter.");
            return new AuthorizationHeader(Required("Credential"), Required("SignedHeaders"), Required("Signature"));
        }
    }
}
