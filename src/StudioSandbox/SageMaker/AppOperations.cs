using System.Text.Json.Nodes;
using StudioSandbox.Aws;
using StudioSandbox.Studio;

namespace StudioSandbox.SageMaker;

/// <summary>CreateApp, DescribeApp, DeleteApp, ListApps.</summary>
internal sealed class AppOperations(SandboxOptions options, DomainGuard guard, StudioApps apps)
{
    private static readonly string[] AppTypes =
        ["JupyterServer", "KernelGateway", "DetailedProfiler", "TensorBoard", "CodeEditor", "JupyterLab", "RStudioServerPro", "RSessionGateway", "Canvas"];

    public JsonObject CreateApp(ApiRequest request)
    {
        var key = ReadKey(request);
        if (key.AppType == AppRuntime.JupyterServerType && key.AppName != "default")
        {
            throw AwsApiException.Validation("A JupyterServer app must be named 'default'");
        }

        var app = apps.Create(key, guard.RequireProfile(key.UserProfileName));
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
            ["UserProfileName"] = key.UserProfileName,
            ["Status"] = status.ToString(),
            ["CreationTime"] = Epoch.Seconds(app.CreationTime),
            ["ResourceSpec"] = new JsonObject { ["InstanceType"] = key.AppType == AppRuntime.JupyterServerType ? "system" : "ml.t3.medium" },
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

        var start = 0;
        if (nextToken is not null && !int.TryParse(nextToken, out start))
        {
            throw AwsApiException.Validation($"Invalid NextToken '{nextToken}'");
        }

        var matching = apps.All()
            .Where(a => domainId is null || domainId == options.DomainId)
            .Where(a => spaceName is null)
            .Where(a => userProfileName is null || a.Key.UserProfileName == userProfileName);
        var sorted = (sortOrder == "Ascending" ? matching.OrderBy(a => a.CreationTime) : matching.OrderByDescending(a => a.CreationTime)).ToList();
        var page = sorted.Skip(start).Take(maxResults).Select(a => (JsonNode)new JsonObject
        {
            ["DomainId"] = options.DomainId,
            ["UserProfileName"] = a.Key.UserProfileName,
            ["AppType"] = a.Key.AppType,
            ["AppName"] = a.Key.AppName,
            ["Status"] = a.Status.ToString(),
            ["CreationTime"] = Epoch.Seconds(a.CreationTime),
        });
        var result = new JsonObject { ["Apps"] = new JsonArray([.. page]) };
        if (start + maxResults < sorted.Count)
        {
            result["NextToken"] = (start + maxResults).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }

    private AppKey ReadKey(ApiRequest request)
    {
        var domainId = request.Name("DomainId", Names.IsDomainId, Names.DomainIdPattern, required: true);
        var userProfileName = request.Name("UserProfileName", Names.IsResourceName, Names.ResourceNamePattern, required: false);
        var spaceName = request.Name("SpaceName", Names.IsResourceName, Names.ResourceNamePattern, required: false);
        var appType = request.OneOf("AppType", AppTypes, required: true);
        var appName = request.Name("AppName", Names.IsResourceName, Names.ResourceNamePattern, required: true);
        request.ThrowIfInvalid();
        guard.RequireDomain(domainId);
        DomainGuard.RejectSpace(spaceName);
        if (userProfileName is null)
        {
            throw AwsApiException.Validation("UserProfileName or SpaceName is required");
        }

        return new AppKey(userProfileName, appType!, appName!);
    }
}
