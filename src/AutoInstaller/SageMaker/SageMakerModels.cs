using System.Text.Json.Serialization;

namespace AutoInstaller.SageMaker;

internal sealed record DescribeAppRequest(
    string DomainId,
    string AppType,
    string AppName,
    string? UserProfileName = null,
    string? SpaceName = null);

/// <summary>The members of <c>DescribeApp</c>'s answer the function reads.</summary>
internal sealed record DescribeAppResponse(string? Status, string? FailureReason);

internal sealed record DescribeSpaceRequest(string DomainId, string SpaceName);

/// <summary>The members of <c>DescribeSpace</c>'s answer the function reads.</summary>
internal sealed record DescribeSpaceResponse(
    string? Status,
    SpaceOwnershipSettings? OwnershipSettings,
    SpaceSharingSettings? SpaceSharingSettings,
    string? Url);

internal sealed record SpaceOwnershipSettings(string? OwnerUserProfileName);

/// <summary><c>SharingType</c> is <c>Private</c> or <c>Shared</c>.</summary>
internal sealed record SpaceSharingSettings(string? SharingType);

internal sealed record CreatePresignedDomainUrlRequest(
    string DomainId,
    string UserProfileName,
    int ExpiresInSeconds,
    int? SessionExpirationDurationInSeconds = null,
    string? SpaceName = null,
    string? LandingUri = null);

internal sealed record CreatePresignedDomainUrlResponse(string? AuthorizedUrl);

internal sealed record ListAppsRequest(string DomainIdEquals, string? NextToken = null, int MaxResults = 100);

internal sealed record ListAppsResponse(IReadOnlyList<AppDetails>? Apps, string? NextToken);

/// <summary>The members of <c>ListApps</c>' <c>AppDetails</c> the rollout reads.</summary>
internal sealed record AppDetails(string? DomainId, string? UserProfileName, string? SpaceName, string? AppType, string? AppName, string? Status);

internal sealed record ListTagsRequest(string ResourceArn, string? NextToken = null);

internal sealed record ListTagsResponse(IReadOnlyList<Tag>? Tags, string? NextToken);

internal sealed record Tag(string? Key, string? Value);

/// <summary>The JSON 1.1 error body: <c>__type</c> (maybe prefixed with a namespace and <c>#</c>) and a message.</summary>
internal sealed record SageMakerErrorBody(
    [property: JsonPropertyName("__type")] string? Type,
    [property: JsonPropertyName("Message")] string? Message,
    [property: JsonPropertyName("message")] string? LowerCaseMessage);

[JsonSerializable(typeof(DescribeAppRequest))]
[JsonSerializable(typeof(DescribeAppResponse))]
[JsonSerializable(typeof(DescribeSpaceRequest))]
[JsonSerializable(typeof(DescribeSpaceResponse))]
[JsonSerializable(typeof(CreatePresignedDomainUrlRequest))]
[JsonSerializable(typeof(CreatePresignedDomainUrlResponse))]
[JsonSerializable(typeof(ListAppsRequest))]
[JsonSerializable(typeof(ListAppsResponse))]
[JsonSerializable(typeof(ListTagsRequest))]
[JsonSerializable(typeof(ListTagsResponse))]
[JsonSerializable(typeof(SageMakerErrorBody))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class SageMakerJsonContext : JsonSerializerContext;
