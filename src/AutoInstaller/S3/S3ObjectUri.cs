using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Amazon;
using AutoInstaller.Failures;

namespace AutoInstaller.S3;

/// <summary>
/// One S3 object, written <c>s3://BUCKET/KEY</c>. The bucket follows S3's rules for general purpose bucket names. The
/// key is 1 to 1,024 bytes of UTF-8 without control characters, <c>*</c> or <c>?</c> (IAM would read them as
/// wildcards in the object's ARN), with <c>/</c> only between non-empty segments, none of them <c>.</c> or <c>..</c>
/// (an HTTP client collapses those). Each segment is percent-encoded in the URL as S3 canonicalises it.
/// </summary>
internal sealed partial record S3ObjectUri(string Bucket, string Key)
{
    private const string Scheme = "s3://";
    private const int MaxKeyBytes = 1024;

    public static S3ObjectUri Parse(string setting, string value)
    {
        var slash = value.StartsWith(Scheme, StringComparison.Ordinal) ? value.IndexOf('/', Scheme.Length) : -1;
        if (slash < 0)
        {
            throw Invalid(setting, value, "expected s3://BUCKET/KEY");
        }

        var bucket = value[Scheme.Length..slash];
        var key = value[(slash + 1)..];
        if (BucketProblem(bucket) is { } bucketProblem)
        {
            throw Invalid(setting, value, $"the bucket name {bucketProblem}");
        }

        if (KeyProblem(key) is { } keyProblem)
        {
            throw Invalid(setting, value, $"the key {keyProblem}");
        }

        return new S3ObjectUri(bucket, key);
    }

    /// <summary>
    /// The object's URL. On the region's endpoint it is virtual-hosted (<c>https://BUCKET.s3.REGION.DNS-SUFFIX/KEY</c>),
    /// S3's preferred form, except for bucket names with dots, which are path-style
    /// (<c>https://s3.REGION.DNS-SUFFIX/BUCKET/KEY</c>): <c>*.s3.REGION.amazonaws.com</c>'s certificate does not cover a
    /// host name with more labels. On a configured endpoint (a local stand-in serves one host) it is always path-style,
    /// below the endpoint's own path.
    /// </summary>
    public Uri Url(RegionEndpoint region, Uri? endpoint)
    {
        if (endpoint is not null)
        {
            return new Uri($"{endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{Bucket}/{EncodedKey}");
        }

        var service = $"s3.{region.SystemName}.{region.PartitionDnsSuffix}";
        return Bucket.Contains('.')
            ? new Uri($"https://{service}/{Bucket}/{EncodedKey}")
            : new Uri($"https://{Bucket}.{service}/{EncodedKey}");
    }

    public override string ToString() => $"{Scheme}{Bucket}/{Key}";

    /// <summary>Every character but RFC 3986's unreserved ones percent-encoded, segment by segment.</summary>
    private string EncodedKey => string.Join('/', Key.Split('/').Select(Uri.EscapeDataString));

    private static string? BucketProblem(string bucket)
    {
        if (bucket.Length is < 3 or > 63 || !BucketPattern().IsMatch(bucket))
        {
            return $"'{bucket}' must be 3 to 63 lower-case letters, digits, '.' and '-', beginning and ending with a letter or digit";
        }

        if (bucket.Contains("..", StringComparison.Ordinal) || bucket.Contains(".-", StringComparison.Ordinal) || bucket.Contains("-.", StringComparison.Ordinal))
        {
            return $"'{bucket}' has an empty or hyphen-edged label ('..', '.-' or '-.')";
        }

        if (IPAddress.TryParse(bucket, out _))
        {
            return $"'{bucket}' is an IP address";
        }

        string[] prefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
        string[] suffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];
        return prefixes.FirstOrDefault(p => bucket.StartsWith(p, StringComparison.Ordinal)) is { } prefix
            ? $"'{bucket}' begins with '{prefix}', which S3 reserves"
            : suffixes.FirstOrDefault(s => bucket.EndsWith(s, StringComparison.Ordinal)) is { } suffix
                ? $"'{bucket}' ends with '{suffix}', which names an access point alias or another kind of bucket"
                : null;
    }

    private static string? KeyProblem(string key)
    {
        if (key.Length == 0 || Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            return $"must be 1 to {MaxKeyBytes} bytes of UTF-8";
        }

        if (key.Any(c => char.IsControl(c) || c is '*' or '?'))
        {
            return $"'{key}' has a control character, '*' or '?' (IAM reads those as wildcards in the object's ARN)";
        }

        var segments = key.Split('/');
        if (segments.Any(segment => segment.Length == 0))
        {
            return $"'{key}' has an empty segment: '/' goes only between names";
        }

        return segments.Any(segment => segment is "." or "..")
            ? $"'{key}' has a '.' or '..' segment, which an HTTP client would collapse"
            : null;
    }

    private static ConfigurationException Invalid(string setting, string value, string problem) =>
        new($"{setting} is '{value}': {problem}");

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketPattern();
}
