using Amazon;
using AutoInstaller.Diagnostics;
using AutoInstaller.Failures;
using AutoInstaller.S3;

namespace AutoInstaller.Setup;

/// <summary>
/// The setup script as an S3 object, read for every accepted event so that a new version applies to the next app
/// started without a redeployment. The object must have at most 1 MiB and split into steps like a script file; it is
/// never replaced by another script when it cannot be had. The S3 client (credentials, connection) is built on the
/// first read: a skipped event needs neither.
/// </summary>
internal sealed class S3ScriptSource(S3ObjectUri uri, Func<Log, S3Client> createClient, TimeProvider time) : ScriptSource
{
    public const int MaxBytes = 1024 * 1024;
    private S3Client? client;

    public override ScriptSummary Summary { get; } = new("s3", uri.ToString(), null, null, null, null);

    /// <summary>A source whose client uses AWSSDK.Core's default credential chain, for the region's S3 or <paramref name="endpoint"/>.</summary>
    public static S3ScriptSource Create(S3ObjectUri uri, RegionEndpoint region, Uri? endpoint, TimeProvider time) =>
        new(uri, log => S3Client.Create(region, endpoint, time, log), time);

    public override async Task<FetchedScript> GetAsync(Log log, CancellationToken cancellationToken)
    {
        var s3 = LazyInitializer.EnsureInitialized(ref client, () => createClient(log));
        var started = time.GetTimestamp();
        S3Object read;
        try
        {
            read = await s3.GetObjectAsync(uri, MaxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ClassifiedException or TimeoutException)
        {
            throw new ScriptFetchException(e.Message, FailureRule.Classify(e), inner: e);
        }
        catch (Exception e) when (FailureRule.IsExpected(e))
        {
            throw new ScriptFetchException($"S3 GetObject {uri} failed: {e.Message}", FailureRule.Classify(e), inner: e);
        }

        var summary = Summary with
        {
            ETag = read.ETag,
            VersionId = read.VersionId,
            Sha256 = ScriptSummary.Hash(read.Content),
            Bytes = read.Content.Length,
        };
        log.Info(LogMessages.ScriptFetched, ("uri", summary.Location), ("etag", summary.ETag), ("versionId", summary.VersionId),
            ("sha256", summary.Sha256), ("bytes", summary.Bytes), (LogKeys.DurationMs, (long)time.GetElapsedTime(started).TotalMilliseconds));
        try
        {
            return new FetchedScript(read.Content, SetupScript.Split(read.Content), summary);
        }
        catch (SetupScriptException e)
        {
            throw new ScriptFetchException($"{uri} (etag {summary.ETag}) is not a valid setup script: {e.Message}", FailureKind.Permanent, summary, e);
        }
    }
}
