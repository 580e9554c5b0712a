using StudioSandbox.Aws;
using StudioSandbox.Studio;

namespace StudioSandbox.SageMaker;

/// <summary>Lookups shared by the operations: the one domain, its user profiles and its spaces.</summary>
internal sealed class DomainGuard(SandboxOptions options, UserProfiles profiles, Spaces spaces)
{
    public void RequireDomain(string? domainId)
    {
        if (domainId != options.DomainId)
        {
            throw AwsApiException.NotFound($"Domain '{domainId}' does not exist in account {options.AccountId}, region {options.Region}");
        }
    }

    public UserProfile RequireProfile(string? userProfileName) =>
        userProfileName is not null && profiles.TryGet(userProfileName, out var profile)
            ? profile
            : throw AwsApiException.NotFound($"User profile '{userProfileName}' does not exist in domain {options.DomainId}");

    public Space RequireSpace(string? spaceName) =>
        spaceName is not null && spaces.TryGet(spaceName, out var space)
            ? space
            : throw AwsApiException.NotFound($"Space '{spaceName}' does not exist in domain {options.DomainId}");
}
