using System.Text.Json.Nodes;
using StudioSandbox.Aws;
using StudioSandbox.Studio;

namespace StudioSandbox.SageMaker;

/// <summary>CreateApp, DescribeApp, DeleteApp, ListApps, for the apps of user profiles and of spaces.</summary>
internal sealed class AppOperations(SandboxOptions options, DomainGuard guard, StudioApps apps)
{
    /// <summary>The model's AppType enum.</summary>
    public static readonly string[] AppTypes =
        ["JupyterServer", "KernelGateway", "DetailedProfiler", "TensorBoard", "CodeEditor", "JupyterLab", "RStudioServerPro", "RSessionGateway", "Canvas"];

    public JsonObject CreateApp(ApiRequest request)
    {
        var key = ReadKey(request);
        if (JupyterAppKind.Of(key.AppType) is { } kind)
        {
            RequireOwnerKind(key, kind);
            if (key.AppName != JupyterAppKind.AppName)
            {
                throw AwsApiException.Validation($"A {kind.AppType} app must be named '{JupyterAppKind.AppName}'");
            }
        }

        AppOwner owner = key.OwnerKind == AppOwnerKind.Space ? guard.RequireSpace(key.OwnerName) : guard.RequireProfile(key.OwnerName);
        if (owner is Space { Definition.AppType: { } spaceAppType } && spaceAppType != key.AppType)
        {
            throw AwsApiException.Validation($"Space '{owner.Name}' is for {spaceAppType} apps (SpaceSettings.AppType), not {key.AppType}");
        }

        var app = apps.Create(key, owner);
        return new JsonObject { ["AppArn"] = app.Arn };
    }

    public JsonObject DescribeApp(ApiRequest request)
    {
        var key = ReadKey(request);
        if (!apps.TryGet(key, out var runtime))
        {
            throw AwsApiException.NotFound($"App {apps.Arn(key)} does not exist");
        }

        var app = runtime.App;
        var (status, failureReason, lastHealthCheck) = app.Snapshot();
        var result = new JsonObject
        {
            ["AppArn"] = app.Arn,
            ["AppType"] = key.AppType,
            ["AppName"] = key.AppName,
            ["DomainId"] = options.DomainId,
            [OwnerMember(key)] = key.OwnerName,
            ["Status"] = status.ToString(),
            ["CreationTime"] = Epoch.Seconds(app.CreationTime),
            ["ResourceSpec"] = new JsonObject { ["InstanceType"] = key.AppType == JupyterAppKind.Classic.AppType ? "system" : "ml.t3.medium" },
        };
        if (lastHealthCheck is { } checkedAt)
        {
            result["LastHealthCheckTimestamp"] = Epoch.Seconds(checkedAt);
        }

        if (failureReason is not null)
        {
            result["FailureReason"] = failureReason;
        }

        return result;
    }

    public JsonObject DeleteApp(ApiRequest request)
    {
        apps.Delete(ReadKey(request));
        return [];
    }

    public JsonObject ListApps(ApiRequest request)
    {
        var domainId = request.Name("DomainIdEquals", Names.IsDomainId, Names.DomainIdPattern, required: false);
        var userProfileName = request.Name("UserProfileNameEquals", Names.IsResourceName, Names.ResourceNamePattern, required: false);
        var spaceName = request.Name("SpaceNameEquals", Names.IsResourceName, Names.ResourceNamePattern, required: false);
        var sortOrder = request.OneOf("SortOrder", ["Ascending", "Descending"], required: false) ?? "Descending";
        request.OneOf("SortBy", ["CreationTime"], required: false);
        var maxResults = request.Integer("MaxResults", 1, 100) ?? 10;
        var nextToken = request.String("NextToken", required: false);
        request.ThrowIfInvalid();

        var matching = apps.All()
            .Where(a => domainId is null || domainId == options.DomainId)
            .Where(a => userProfileName is null || (a.Key.OwnerKind == AppOwnerKind.UserProfile && a.Key.OwnerName == userProfileName))
            .Where(a => spaceName is null || (a.Key.OwnerKind == AppOwnerKind.Space && a.Key.OwnerName == spaceName));
        var sorted = (sortOrder == "Ascending" ? matching.OrderBy(a => a.CreationTime) : matching.OrderByDescending(a => a.CreationTime)).ToList();
        return Paging.Page(sorted, "Apps", maxResults, nextToken, a => new JsonObject
        {
            ["DomainId"] = options.DomainId,
            [OwnerMember(a.Key)] = a.Key.OwnerName,
            ["AppType"] = a.Key.AppType,
            ["AppName"] = a.Key.AppName,
            ["Status"] = a.Status.ToString(),
            ["CreationTime"] = Epoch.Seconds(a.CreationTime),
        });
    }

    /// <summary>DomainId, AppType, AppName and exactly one of UserProfileName and SpaceName.</summary>
    private AppKey ReadKey(ApiRequest request)
    {
        var domainId = request.Name("DomainId", Names.IsDomainId, Names.DomainIdPattern, required: true);
        var userProfileName = request.Name("UserProfileName", Names.IsResourceName, Names.ResourceNamePattern, required: false);
        var spaceName = request.Name("SpaceName", Names.IsResourceName, Names.ResourceNamePattern, required: false);
        var appType = request.OneOf("AppType", AppTypes, required: true);
        var appName = request.Name("AppName", Names.IsResourceName, Names.ResourceNamePattern, required: true);
        request.ThrowIfInvalid();
        guard.RequireDomain(domainId);
        return (userProfileName, spaceName) switch
        {
            (null, null) => throw AwsApiException.Validation("UserProfileName or SpaceName is required"),
            (not null, not null) => throw AwsApiException.Validation("Specify either UserProfileName or SpaceName, not both"),
            (not null, null) => AppKey.ForUser(userProfileName, appType!, appName!),
            (null, not null) => AppKey.ForSpace(spaceName, appType!, appName!),
        };
    }

    /// <summary>Studio Classic's JupyterServer belongs to a user profile, new Studio's JupyterLab to a space.</summary>
    private static void RequireOwnerKind(AppKey key, JupyterAppKind kind)
    {
        if (key.OwnerKind != kind.OwnerKind)
        {
            throw AwsApiException.Validation(kind.OwnerKind == AppOwnerKind.Space
                ? $"A {kind.AppType} app runs in a space: give SpaceName, not UserProfileName"
                : $"A {kind.AppType} app (Studio Classic) belongs to a user profile: give UserProfileName, not SpaceName");
        }
    }

    private static string OwnerMember(AppKey key) => key.OwnerKind == AppOwnerKind.Space ? "SpaceName" : "UserProfileName";
}
