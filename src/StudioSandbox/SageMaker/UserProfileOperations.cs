using System.Text.Json.Nodes;
using StudioSandbox.Aws;
using StudioSandbox.Studio;

namespace StudioSandbox.SageMaker;

/// <summary>CreateUserProfile, DescribeUserProfile.</summary>
internal sealed class UserProfileOperations(SandboxOptions options, DomainGuard guard, UserProfiles profiles)
{
    public JsonObject CreateUserProfile(ApiRequest request)
    {
        var name = ReadName(request);
        var tags = TagList.Read(request, "Tags", required: false);
        if (!profiles.TryCreate(name, out var profile))
        {
            throw AwsApiException.InUse($"User profile '{name}' already exists in domain {options.DomainId}");
        }

        profile.Tags.TryAdd(tags);

        return new JsonObject { ["UserProfileArn"] = Arn(name) };
    }

    public JsonObject DescribeUserProfile(ApiRequest request)
    {
        var profile = guard.RequireProfile(ReadName(request));
        return new JsonObject
        {
            ["DomainId"] = options.DomainId,
            ["UserProfileArn"] = Arn(profile.Name),
            ["UserProfileName"] = profile.Name,
            ["HomeEfsFileSystemUid"] = "200001",
            ["Status"] = "InService",
            ["CreationTime"] = Epoch.Seconds(profile.CreationTime),
            ["LastModifiedTime"] = Epoch.Seconds(profile.CreationTime),
            ["UserSettings"] = new JsonObject { ["ExecutionRole"] = $"arn:aws:iam::{options.AccountId}:role/sandbox-studio-execution" },
        };
    }

    private string ReadName(ApiRequest request)
    {
        var domainId = request.Name("DomainId", Names.IsDomainId, Names.DomainIdPattern, required: true);
        var name = request.Name("UserProfileName", Names.IsResourceName, Names.ResourceNamePattern, required: true);
        request.ThrowIfInvalid();
        guard.RequireDomain(domainId);
        return name!;
    }

    private string Arn(string name) => $"arn:aws:sagemaker:{options.Region}:{options.AccountId}:user-profile/{options.DomainId}/{name}";
}
