using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace StudioSandbox.S3;

/// <summary>One stored object version: its bytes, content type, ETag (MD5, quoted, as S3 gives for a single PUT) and version id.</summary>
internal sealed record S3StoredObject(byte[] Content, string ContentType, string ETag, string VersionId, DateTimeOffset LastModified);

/// <summary>
/// The sandbox's S3 buckets, in memory: created by CreateBucket, versioned (every PutObject makes a new version and
/// answers its id), gone when the sandbox stops. Thread-safe.
/// </summary>
internal sealed partial class S3Buckets(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, S3StoredObject>> buckets = new(StringComparer.Ordinal);

    public void CreateBucket(string bucket)
    {
        if (bucket.Length is < 3 or > 63 || !BucketName().IsMatch(bucket))
        {
            throw new S3Error(HttpStatusCode.BadRequest, "InvalidBucketName", "The specified bucket is not valid.", ("BucketName", bucket));
        }

        if (!buckets.TryAdd(bucket, new ConcurrentDictionary<string, S3StoredObject>(StringComparer.Ordinal)))
        {
            throw new S3Error(HttpStatusCode.Conflict, "BucketAlreadyOwnedByYou",
                "Your previous request to create the named bucket succeeded and you already own it.", ("BucketName", bucket));
        }
    }

    public S3StoredObject Put(string bucket, string key, byte[] content, string contentType)
    {
        var stored = new S3StoredObject(
            content,
            contentType,
            $"\"{Convert.ToHexStringLower(MD5.HashData(content))}\"",
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '.').Replace('/', '_'),
            time.GetUtcNow());
        Bucket(bucket)[key] = stored;
        return stored;
    }

    public S3StoredObject Get(string bucket, string key) =>
        Bucket(bucket).TryGetValue(key, out var stored) ? stored : throw S3Error.NoSuchKey(key);

    private ConcurrentDictionary<string, S3StoredObject> Bucket(string bucket) =>
        buckets.TryGetValue(bucket, out var objects) ? objects : throw S3Error.NoSuchBucket(bucket);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")]
    private static partial Regex BucketName();
}
