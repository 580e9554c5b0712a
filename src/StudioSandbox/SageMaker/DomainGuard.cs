using StudioSandbox.Aws;
using StudioSandbox.Studio;

namespace StudioSandbox.SageMaker;

/// <summary>Lookups shared by the operations: the one domain and its user profiles.</summary>
internal sealed class DomainGuard(SandboxOptions options, UserProfiles profiles)
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

    /// <summary>Spaces (new Studio) are outside what the sandbox emulates.</summary>
    public static void RejectSpace(string? spaceName)
    {
        if (spaceName is not null)
        {
            throw AwsApiException.Validation("The Studio sandbox emulates Studio Classic user profiles only; SpaceName is not supported");
        }
    }
}
