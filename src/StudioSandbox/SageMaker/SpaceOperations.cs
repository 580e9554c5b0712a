using System.Text.Json.Nodes;
using StudioSandbox.Aws;
using StudioSandbox.Studio;

namespace StudioSandbox.SageMaker;

/// <summary>CreateSpace, DescribeSpace, DeleteSpace, ListSpaces. A space is InService as soon as it is created.</summary>
internal sealed class SpaceOperations(
    SandboxOptions options,
    DomainGuard guard,
    Spaces spaces,
    StudioApps apps,
    UserProfiles profiles,
    SpaceOrigin spaceOrigin)
{
    public JsonObject CreateSpace(ApiRequest request)
    {
        var domainId = request.Name("DomainId", Names.IsDomainId, Names.DomainIdPattern, required: true);
        var name = request.Name("SpaceName", Names.IsResourceName, Names.ResourceNamePattern, required: true);
        var ownership = request.Structure("OwnershipSettings");
        var owner = ownership?.Name("OwnerUserProfileName", Names.IsResourceName, Names.ResourceNamePattern, required: true);
        var sharing = request.Structure("SpaceSharingSettings");
        var sharingType = sharing?.OneOf("SharingType", [Space.Private, Space.Shared], required: true);
        var settings = request.Structure("SpaceSettings");
        var appType = settings?.OneOf("AppType", AppOperations.AppTypes, required: false);
        var displayName = request.Name("SpaceDisplayName", Names.IsDisplayName, Names.DisplayNamePattern, required: false);
        var tags = TagList.Read(request, "Tags", required: false);
        request.ThrowIfInvalid();
        guard.RequireDomain(domainId);

        if ((ownership is null) != (sharing is null))
        {
            throw AwsApiException.Validation("OwnershipSettings and SpaceSharingSettings must be specified together");
        }

        if (owner is not null && !profiles.TryGet(owner, out _))
        {
            throw AwsApiException.Validation($"User profile '{owner}' does not exist in domain {options.DomainId}: a space's owner must be one of its user profiles");
        }

        var definition = new SpaceDefinition(owner, sharingType, appType, displayName, settings is null ? null : JsonObject.Create(settings.Body));
        if (!spaces.TryCreate(name!, definition, out var space))
        {
            throw AwsApiException.InUse($"Space '{name}' already exists in domain {options.DomainId}");
        }

        space.Tags.TryAdd(tags);

        return new JsonObject { ["SpaceArn"] = Arn(name!) };
    }

    public JsonObject DescribeSpace(ApiRequest request)
    {
        var space = guard.RequireSpace(ReadName(request));
        var definition = space.Definition;
        var result = new JsonObject
        {
            ["DomainId"] = options.DomainId,
            ["SpaceArn"] = Arn(space.Name),
            ["SpaceName"] = space.Name,
            ["Status"] = "InService",
            ["CreationTime"] = Epoch.Seconds(space.CreationTime),
            ["LastModifiedTime"] = Epoch.Seconds(space.CreationTime),
            ["Url"] = $"{spaceOrigin.Value}/jupyterlab/default",
        };
        if (definition.Settings is { } settings)
        {
            result["SpaceSettings"] = settings.DeepClone();
        }

        if (definition.OwnerUserProfileName is { } owner)
        {
            result["OwnershipSettings"] = new JsonObject { ["OwnerUserProfileName"] = owner };
        }

        if (definition.SharingType is { } sharingType)
        {
            result["SpaceSharingSettings"] = new JsonObject { ["SharingType"] = sharingType };
        }

        if (definition.DisplayName is { } displayName)
        {
            result["SpaceDisplayName"] = displayName;
        }

        return result;
    }

    /// <summary>Refused while the space has an app that is not Deleted; the space's files stay on disk.</summary>
    public JsonObject DeleteSpace(ApiRequest request)
    {
        var space = guard.RequireSpace(ReadName(request));
        if (apps.AnyNotDeleted(AppOwnerKind.Space, space.Name))
        {
            throw AwsApiException.InUse($"Space '{space.Name}' has apps that are not deleted; delete them first");
        }

        if (!spaces.TryRemove(space.Name))
        {
            throw AwsApiException.NotFound($"Space '{space.Name}' does not exist in domain {options.DomainId}");
        }

        return [];
    }

    public JsonObject ListSpaces(ApiRequest request)
    {
        var domainId = request.Name("DomainIdEquals", Names.IsDomainId, Names.DomainIdPattern, required: false);
        var nameContains = request.Name("SpaceNameContains", Names.IsResourceName, Names.ResourceNamePattern, required: false);
        var sortOrder = request.OneOf("SortOrder", ["Ascending", "Descending"], required: false) ?? "Descending";
        request.OneOf("SortBy", ["CreationTime", "LastModifiedTime"], required: false);
        var maxResults = request.Integer("MaxResults", 1, 100) ?? 10;
        var nextToken = request.String("NextToken", required: false);
        request.ThrowIfInvalid();

        // A space is never modified after it is created: both sort keys order alike.
        var matching = spaces.All()
            .Where(s => domainId is null || domainId == options.DomainId)
            .Where(s => nameContains is null || s.Name.Contains(nameContains, StringComparison.Ordinal));
        var sorted = (sortOrder == "Ascending" ? matching.OrderBy(s => s.CreationTime) : matching.OrderByDescending(s => s.CreationTime)).ToList();
        return Paging.Page(sorted, "Spaces", maxResults, nextToken, Summary);
    }

    private JsonNode Summary(Space space)
    {
        var definition = space.Definition;
        var summary = new JsonObject
        {
            ["DomainId"] = options.DomainId,
            ["SpaceName"] = space.Name,
            ["Status"] = "InService",
            ["CreationTime"] = Epoch.Seconds(space.CreationTime),
            ["LastModifiedTime"] = Epoch.Seconds(space.CreationTime),
        };
        if (definition.AppType is { } appType)
        {
            summary["SpaceSettingsSummary"] = new JsonObject { ["AppType"] = appType };
        }

        if (definition.SharingType is { } sharingType)
        {
            summary["SpaceSharingSettingsSummary"] = new JsonObject { ["SharingType"] = sharingType };
        }

        if (definition.OwnerUserProfileName is { } owner)
        {
            summary["OwnershipSettingsSummary"] = new JsonObject { ["OwnerUserProfileName"] = owner };
        }

        if (definition.DisplayName is { } displayName)
        {
            summary["SpaceDisplayName"] = displayName;
        }

        return summary;
    }

    private string ReadName(ApiRequest request)
    {
        var domainId = request.Name("DomainId", Names.IsDomainId, Names.DomainIdPattern, required: true);
        var name = request.Name("SpaceName", Names.IsResourceName, Names.ResourceNamePattern, required: true);
        request.ThrowIfInvalid();
        guard.RequireDomain(domainId);
        return name!;
    }

    private string Arn(string name) => $"arn:aws:sagemaker:{options.Region}:{options.AccountId}:space/{options.DomainId}/{name}";
}
