using System.Text.Json.Serialization;

namespace AutoInstaller.Events;

/// <summary>The EventBridge envelope of an "AWS API Call via CloudTrail" event. Every member may be absent.</summary>
internal sealed record EventBridgeEnvelope(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("detail-type")] string? DetailType,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("account")] string? Account,
    [property: JsonPropertyName("region")] string? Region,
    [property: JsonPropertyName("detail")] CloudTrailRecord? Detail);

/// <summary>The CloudTrail record of a <c>CreateApp</c> call, as far as the function reads it.</summary>
internal sealed record CloudTrailRecord(
    [property: JsonPropertyName("eventSource")] string? EventSource,
    [property: JsonPropertyName("eventName")] string? EventName,
    [property: JsonPropertyName("awsRegion")] string? AwsRegion,
    [property: JsonPropertyName("eventID")] string? EventId,
    [property: JsonPropertyName("recipientAccountId")] string? RecipientAccountId,
    [property: JsonPropertyName("errorCode")] string? ErrorCode,
    [property: JsonPropertyName("requestParameters")] CreateAppParameters? RequestParameters);

/// <summary>The <c>CreateApp</c> input, camel-cased by CloudTrail.</summary>
internal sealed record CreateAppParameters(
    [property: JsonPropertyName("domainId")] string? DomainId,
    [property: JsonPropertyName("userProfileName")] string? UserProfileName,
    [property: JsonPropertyName("spaceName")] string? SpaceName,
    [property: JsonPropertyName("appType")] string? AppType,
    [property: JsonPropertyName("appName")] string? AppName);

[JsonSerializable(typeof(EventBridgeEnvelope))]
[JsonSourceGenerationOptions(AllowDuplicateProperties = false)]
internal sealed partial class EventsJsonContext : JsonSerializerContext;
