using System.Security.Cryptography;
using System.Text;

namespace StudioSandbox.Aws;

/// <summary>The pieces of AWS Signature Version 4 that both signing and verifying need.</summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>
    /// Builds the canonical request; <paramref name="headers"/> are the signed headers, names lower case, in any order.
    /// <paramref name="s3Path"/>: the path's segments are encoded once (S3) instead of twice (every other service).
    /// </summary>
    public static string CanonicalRequest(
        string method,
        string rawPath,
        string rawQuery,
        IEnumerable<KeyValuePair<string, string>> headers,
        string payloadSha256Hex,
        bool s3Path = false)
    {
        var sorted = headers.OrderBy(h => h.Key, StringComparer.Ordinal).ToList();
        var builder = new StringBuilder();
        builder.Append(method).Append('\n');
        builder.Append(s3Path ? S3CanonicalUri(rawPath) : CanonicalUri(rawPath)).Append('\n');
        builder.Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (var (name, value) in sorted)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(value)).Append('\n');
        }

        builder.Append('\n');
        builder.Append(string.Join(';', sorted.Select(h => h.Key))).Append('\n');
        builder.Append(payloadSha256Hex);
        return builder.ToString();
    }

    public static string Scope(string date, string region, string service) => $"{date}/{region}/{service}/aws4_request";

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest))}";

    public static string Signature(string secretAccessKey, string date, string region, string service, string stringToSign)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Non-S3 services encode the (already encoded) path segments once more.</summary>
    private static string CanonicalUri(string rawPath)
    {
        if (string.IsNullOrEmpty(rawPath))
        {
            return "/";
        }

        return string.Join('/', rawPath.Split('/').Select(segment => UriEncode(segment)));
    }

    /// <summary>S3 encodes each segment of the path as received, once: the wire form is decoded and encoded again.</summary>
    private static string S3CanonicalUri(string rawPath) =>
        string.IsNullOrEmpty(rawPath) ? "/" : string.Join('/', rawPath.Split('/').Select(segment => UriEncode(Uri.UnescapeDataString(segment))));

    private static string CanonicalQuery(string rawQuery)
    {
        var query = rawQuery.TrimStart('?');
        if (query.Length == 0)
        {
            return "";
        }

        return string.Join('&', query.Split('&')
            .Select(pair =>
            {
                var equals = pair.IndexOf('=');
                var name = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? "" : pair[(equals + 1)..];
                return (Name: UriEncode(Uri.UnescapeDataString(name)), Value: UriEncode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    private static string CanonicalHeaderValue(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string UriEncode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2"));
            }
        }

        return builder.ToString();
    }
}
