using System.Security.Cryptography;
using System.Text.Json.Serialization;
using AutoInstaller.Diagnostics;
using AutoInstaller.Failures;

namespace AutoInstaller.Setup;

/// <summary>
/// Which script a run used, as the result reports it: <c>source</c> <c>file</c> (location: the path), <c>recipes</c>
/// (the recipe list) or <c>s3</c> (the <c>s3://</c> URI, with the object's ETag and version id); the script's SHA-256
/// and size once it was read.
/// </summary>
internal sealed record ScriptSummary(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("location")] string Location,
    [property: JsonPropertyName("etag")] string? ETag,
    [property: JsonPropertyName("versionId")] string? VersionId,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("bytes")] int? Bytes)
{
    public static string Hash(byte[] script) => Convert.ToHexStringLower(SHA256.HashData(script));
}

/// <summary>A setup script, its steps, and what the result says about it.</summary>
internal sealed record FetchedScript(byte[] Bytes, IReadOnlyList<SetupStep> Steps, ScriptSummary Summary);

/// <summary>
/// Where the setup script of a run comes from: read once at start-up (<see cref="Loaded"/>: a file or composed
/// recipes), or read for each accepted event (<see cref="S3ScriptSource"/>).
/// </summary>
internal abstract class ScriptSource
{
    /// <summary>What is known before the script is read: the source and its location.</summary>
    public abstract ScriptSummary Summary { get; }

    /// <summary>A script that was read and checked at start-up. <paramref name="source"/> is <c>file</c> or <c>recipes</c>.</summary>
    public static ScriptSource Loaded(byte[] script, string source, string location) => new LoadedScript(script, source, location);

    /// <summary>The script for one run; a script that cannot be had is a <see cref="ScriptFetchException"/>.</summary>
    public abstract Task<FetchedScript> GetAsync(Log log, CancellationToken cancellationToken);

    /// <summary>The hash and the steps are taken on the first accepted event, once: hashing loads the platform's
    /// crypto library, about 7 ms that init does not need to pay.</summary>
    private sealed class LoadedScript(byte[] script, string source, string location) : ScriptSource
    {
        private readonly Lazy<FetchedScript> fetched = new(() =>
            new FetchedScript(script, SetupScript.Split(script), new ScriptSummary(source, location, null, null, ScriptSummary.Hash(script), script.Length)));

        public override ScriptSummary Summary => fetched.Value.Summary;

        public override Task<FetchedScript> GetAsync(Log log, CancellationToken cancellationToken) => Task.FromResult(fetched.Value);
    }
}

/// <summary>
/// The setup script could not be had for this run: the message names where it was looked for and what went wrong.
/// <paramref name="script"/> describes the object when it was read but refused as a setup script. Transient causes
/// (S3 throttling or 5xx still failing after the retries, network errors) make Lambda retry the event.
/// </summary>
internal sealed class ScriptFetchException(string message, FailureKind kind, ScriptSummary? script = null, Exception? inner = null)
    : ClassifiedException(message, inner)
{
    public override FailureKind Kind { get; } = kind;

    public ScriptSummary? Script { get; } = script;
}
