using System.Text.Json.Nodes;
using StudioSandbox.Admin;
using StudioSandbox.Aws;
using StudioSandbox.Studio;

namespace StudioSandbox.SageMaker;

/// <summary>DescribeDomain and CreatePresignedDomainUrl.</summary>
internal sealed class DomainOperations(
    SandboxOptions options,
    DomainGuard guard,
    Spaces spaces,
    StudioOrigin origin,
    LoginTokens tokens,
    Faults faults,
    TimeProvider time)
{
    private readonly DateTimeOffset _created = time.GetUtcNow();

    public JsonObject DescribeDomain(ApiRequest request)
    {
        var domainId = request.Name("DomainId", Names.IsDomainId, Names.DomainIdPattern, required: true);
        request.ThrowIfInvalid();
        guard.RequireDomain(domainId);
        return new JsonObject
        {
            ["DomainArn"] = $"arn:aws:sagemaker:{options.Region}:{options.AccountId}:domain/{options.DomainId}",
            ["DomainId"] = options.DomainId,
            ["DomainName"] = "studio-sandbox",
            ["HomeEfsFileSystemId"] = "fs-0sandbox0000000",
            ["Status"] = "InService",
            ["CreationTime"] = Epoch.Seconds(_created),
            ["LastModifiedTime"] = Epoch.Seconds(_created),
            ["AuthMode"] = "IAM",
            ["AppNetworkAccessType"] = "PublicInternetOnly",
            ["Url"] = origin.Value,
        };
    }

    public JsonObject CreatePresignedDomainUrl(ApiRequest request)
    {
        var domainId = request.Name("DomainId", Names.IsDomainId, Names.DomainIdPattern, required: true);
        var userProfileName = request.Name("UserProfileName", Names.IsResourceName, Names.ResourceNamePattern, required: true);
        var sessionSeconds = request.Integer("SessionExpirationDurationInSeconds", 1800, 43200) ?? 43200;
        var expiresInSeconds = request.Integer("ExpiresInSeconds", 5, 300) ?? 300;
        var spaceName = request.Name("SpaceName", Names.IsResourceName, Names.ResourceNamePattern, required: false);
        var landingUri = request.Bounded("LandingUri", 1023);
        request.ThrowIfInvalid();
        guard.RequireDomain(domainId);
        var profile = guard.RequireProfile(userProfileName);
        LandingUri.Check(landingUri, spaceName);
        if (spaceName is not null)
        {
            RequireSpaceOpensFor(spaceName, profile.Name);
        }

        var validFor = faults.TryConsumeExpiredLoginUrl() ? TimeSpan.Zero : TimeSpan.FromSeconds(expiresInSeconds);
        var token = tokens.Issue(new StudioSession(profile.Name, spaceName), validFor, TimeSpan.FromSeconds(sessionSeconds));
        return new JsonObject { ["AuthorizedUrl"] = $"{origin.Value}/auth?token={token}" };
    }

    /// <summary>The space must exist, and a private one is opened only by its owner.</summary>
    private void RequireSpaceOpensFor(string spaceName, string userProfileName)
    {
        if (!spaces.TryGet(spaceName, out var space))
        {
            throw AwsApiException.Validation($"Space '{spaceName}' does not exist in domain {options.DomainId}");
        }

        if (!space.MayBeOpenedBy(userProfileName))
        {
            throw AwsApiException.Validation(
                $"Space '{spaceName}' is private to user profile '{space.Definition.OwnerUserProfileName}': '{userProfileName}' cannot open it");
        }
    }
}
