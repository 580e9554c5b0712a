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
    SpaceOrigin spaceOrigin,
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
            ["DefaultUserSettings"] = new JsonObject { ["DefaultLandingUri"] = options.DefaultLandingUri },
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

        // A space's URL is on the space's own host (real answers: https://SPACEID.studio.REGION.sagemaker.aws/auth?token=);
        // without a LandingUri, a Studio Classic login lands where the domain's DefaultLandingUri says.
        var landing = LandingUri.OpensStudioUi(landingUri ?? options.DefaultLandingUri) ? LoginTokens.Landing.StudioUi : LoginTokens.Landing.Jupyter;
        var validFor = faults.TryConsumeExpiredLoginUrl() ? TimeSpan.Zero : TimeSpan.FromSeconds(expiresInSeconds);
        var token = tokens.Issue(new StudioSession(profile.Name, spaceName), landing, validFor, TimeSpan.FromSeconds(sessionSeconds));
        var host = spaceName is null ? origin.Value : spaceOrigin.Value;
        return new JsonObject { ["AuthorizedUrl"] = $"{host}/auth?token={token}" };
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
