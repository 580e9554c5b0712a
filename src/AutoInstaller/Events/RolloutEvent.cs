using System.Text.Json;
using System.Text.Json.Serialization;

namespace AutoInstaller.Events;

/// <summary>
/// The event <c>bootstrap rollout</c> sends for one running app: an EventBridge-shaped envelope with source
/// <c>studio-auto-installer</c>, detail-type <c>Studio Auto-Installer rollout</c>, the account and region, and the app
/// in <c>detail.app</c> with CreateApp's member names. No rule sends it: it reaches the function only by a direct
/// <c>lambda:Invoke</c>. Its run id is not the event's: the pipeline derives it from the app and the SHA-256 of the
/// script it runs (<see cref="RunIdFor"/>), so one script version runs once per app however often it is rolled out.
/// </summary>
internal static class RolloutEvent
{
    public const string Source = "studio-auto-installer";
    public const string DetailType = "Studio Auto-Installer rollout";

    public static byte[] Create(string id, string account, string region, DateTimeOffset time, CreateAppParameters app) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new RolloutEnvelope("0", id, DetailType, Source, account, time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), region, new RolloutDetail(app)),
            RolloutJsonContext.Default.RolloutEnvelope);

    /// <summary>
    /// The run id of one script version in one app: a GUID (version 8, RFC 9562) made of the SHA-256 of the app's
    /// ARN path and the script's SHA-256, lower-case like every run id.
    /// </summary>
    public static string RunIdFor(AppTarget app, string scriptSha256)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"rollout\n{app}\n{scriptSha256}"));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0f) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    internal static RolloutEnvelope? Parse(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize(json, RolloutJsonContext.Default.RolloutEnvelope);
}

internal sealed record RolloutEnvelope(
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("detail-type")] string? DetailType,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("account")] string? Account,
    [property: JsonPropertyName("time")] string? Time,
    [property: JsonPropertyName("region")] string? Region,
    [property: JsonPropertyName("detail")] RolloutDetail? Detail);

internal sealed record RolloutDetail([property: JsonPropertyName("app")] CreateAppParameters? App);

[JsonSerializable(typeof(RolloutEnvelope))]
[JsonSourceGenerationOptions(AllowDuplicateProperties = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class RolloutJsonContext : JsonSerializerContext;
