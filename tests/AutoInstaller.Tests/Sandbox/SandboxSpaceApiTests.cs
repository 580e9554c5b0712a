using System.Net;
using System.Text.Json;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>Spaces and their apps over the SageMaker JSON 1.1 API: the space calls, validation, and the CloudTrail event of a space app.</summary>
public sealed class SandboxSpaceApiTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private SandboxHost Host => fixture.Host;

    private SageMakerTestClient Api => Host.SageMaker;

    public Task InitializeAsync() => Host.Admin.ResetFaultsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ASpaceIsCreatedDescribedListedAndDeleted()
    {
        await Api.CreateUserProfileAsync("sp-owner");
        var created = await Api.InvokeAsync("CreateSpace", new
        {
            DomainId = SandboxHost.DomainId,
            SpaceName = "sp-described",
            OwnershipSettings = new { OwnerUserProfileName = "sp-owner" },
            SpaceSharingSettings = new { SharingType = "Private" },
            SpaceSettings = new { AppType = "JupyterLab", JupyterLabAppSettings = new { DefaultResourceSpec = new { InstanceType = "ml.t3.medium" } } },
            SpaceDisplayName = "Owner's notebooks",
        });
        var arn = $"arn:aws:sagemaker:{SandboxHost.Region}:{SandboxHost.AccountId}:space/{SandboxHost.DomainId}/sp-described";
        Assert.Equal(arn, created.GetProperty("SpaceArn").GetString());

        var described = await Api.DescribeSpaceAsync("sp-described");
        Assert.Equal(arn, described.GetProperty("SpaceArn").GetString());
        Assert.Equal(SandboxHost.DomainId, described.GetProperty("DomainId").GetString());
        Assert.Equal("sp-described", described.GetProperty("SpaceName").GetString());
        Assert.Equal("InService", described.GetProperty("Status").GetString());
        Assert.Equal(JsonValueKind.Number, described.GetProperty("CreationTime").ValueKind);
        Assert.Equal(JsonValueKind.Number, described.GetProperty("LastModifiedTime").ValueKind);
        Assert.Equal("sp-owner", described.GetProperty("OwnershipSettings").GetProperty("OwnerUserProfileName").GetString());
        Assert.Equal("Private", described.GetProperty("SpaceSharingSettings").GetProperty("SharingType").GetString());
        Assert.Equal("JupyterLab", described.GetProperty("SpaceSettings").GetProperty("AppType").GetString());
        Assert.Equal(
            "ml.t3.medium",
            described.GetProperty("SpaceSettings").GetProperty("JupyterLabAppSettings").GetProperty("DefaultResourceSpec").GetProperty("InstanceType").GetString());
        Assert.Equal("Owner's notebooks", described.GetProperty("SpaceDisplayName").GetString());
        var url = new Uri(described.GetProperty("Url").GetString()!);
        Assert.Equal(Host.SpaceOrigin.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority));
        Assert.NotEqual(Host.Origin.Host, url.Host);

        var listed = await Api.InvokeAsync("ListSpaces", new { DomainIdEquals = SandboxHost.DomainId, SpaceNameContains = "described" });
        var summary = Assert.Single(listed.GetProperty("Spaces").EnumerateArray());
        Assert.Equal("sp-described", summary.GetProperty("SpaceName").GetString());
        Assert.Equal("InService", summary.GetProperty("Status").GetString());
        Assert.Equal("sp-owner", summary.GetProperty("OwnershipSettingsSummary").GetProperty("OwnerUserProfileName").GetString());
        Assert.Equal("Private", summary.GetProperty("SpaceSharingSettingsSummary").GetProperty("SharingType").GetString());
        Assert.Equal("JupyterLab", summary.GetProperty("SpaceSettingsSummary").GetProperty("AppType").GetString());

        var (again, inUse) = await Api.CallAsync("CreateSpace", SageMakerTestClient.Space("sp-described", "sp-owner"));
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal("ResourceInUse", inUse.GetProperty("__type").GetString());

        await Api.DeleteSpaceAsync("sp-described");
        var (gone, notFound) = await Api.CallAsync("DescribeSpace", new { DomainId = SandboxHost.DomainId, SpaceName = "sp-described" });
        Assert.Equal(HttpStatusCode.BadRequest, gone);
        Assert.Equal("ResourceNotFound", notFound.GetProperty("__type").GetString());
        Assert.Contains("sp-described", notFound.GetProperty("Message").GetString());
    }

    [Fact]
    public async Task ListSpacesPagesInCreationOrder()
    {
        await Api.CreateUserProfileAsync("pager");
        foreach (var name in new[] { "paged-1", "paged-2", "paged-3" })
        {
            await Api.CreateSpaceAsync(name, "pager");
        }

        var first = await Api.InvokeAsync("ListSpaces", new { SpaceNameContains = "paged", SortOrder = "Ascending", MaxResults = 2 });
        Assert.Equal(["paged-1", "paged-2"], first.GetProperty("Spaces").EnumerateArray().Select(s => s.GetProperty("SpaceName").GetString()));
        var second = await Api.InvokeAsync("ListSpaces", new { SpaceNameContains = "paged", SortOrder = "Ascending", MaxResults = 2, NextToken = first.GetProperty("NextToken").GetString() });
        Assert.Equal(["paged-3"], second.GetProperty("Spaces").EnumerateArray().Select(s => s.GetProperty("SpaceName").GetString()));
        Assert.False(second.TryGetProperty("NextToken", out _));
    }

    [Fact]
    public async Task InvalidSpaceInputIsAValidationExceptionNamingNestedMembers()
    {
        var (status, body) = await Api.CallAsync("CreateSpace", new
        {
            DomainId = SandboxHost.DomainId,
            SpaceName = "bad_name",
            OwnershipSettings = new { },
            SpaceSharingSettings = new { SharingType = "Open" },
            SpaceSettings = new { AppType = "Notebook" },
            SpaceDisplayName = "   ",
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
        var message = body.GetProperty("message").GetString()!;
        Assert.StartsWith("5 validation errors detected: ", message);
        Assert.Contains("Value 'bad_name' at 'spaceName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", message);
        Assert.Contains("Value null at 'ownershipSettings.ownerUserProfileName' failed to satisfy constraint: Member must not be null", message);
        Assert.Contains("Value 'Open' at 'spaceSharingSettings.sharingType' failed to satisfy constraint: Member must satisfy enum value set: [Private, Shared]", message);
        Assert.Contains("Value 'Notebook' at 'spaceSettings.appType' failed to satisfy constraint: Member must satisfy enum value set: [", message);
        Assert.Contains("Value '   ' at 'spaceDisplayName' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!\\s*$).+", message);

        var (missing, missingBody) = await Api.CallAsync("CreateSpace", new { DomainId = SandboxHost.DomainId });
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal("1 validation error detected: Value null at 'spaceName' failed to satisfy constraint: Member must not be null", missingBody.GetProperty("message").GetString());

        var (newline, _) = await Api.CallAsync("DescribeSpace", new { DomainId = SandboxHost.DomainId, SpaceName = "team\n" });
        Assert.Equal(HttpStatusCode.BadRequest, newline);
    }

    [Fact]
    public async Task ASpaceNeedsAnExistingOwnerAndBothOwnershipAndSharingSettings()
    {
        var (status, body) = await Api.CallAsync("CreateSpace", SageMakerTestClient.Space("orphaned", "nobody-here"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
        Assert.Contains("'nobody-here' does not exist", body.GetProperty("message").GetString());

        await Api.CreateUserProfileAsync("half-owner");
        var (half, halfBody) = await Api.CallAsync("CreateSpace", new
        {
            DomainId = SandboxHost.DomainId,
            SpaceName = "half-set",
            OwnershipSettings = new { OwnerUserProfileName = "half-owner" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, half);
        Assert.Equal("ValidationException", halfBody.GetProperty("__type").GetString());

        var (domain, domainBody) = await Api.CallAsync("CreateSpace", new { DomainId = "d-elsewhere", SpaceName = "elsewhere" });
        Assert.Equal(HttpStatusCode.BadRequest, domain);
        Assert.Equal("ResourceNotFound", domainBody.GetProperty("__type").GetString());

        // Without ownership and sharing settings: a space shared by the whole domain, as Studio Classic's were.
        await Api.InvokeAsync("CreateSpace", new { DomainId = SandboxHost.DomainId, SpaceName = "unowned" });
        var described = await Api.DescribeSpaceAsync("unowned");
        Assert.False(described.TryGetProperty("OwnershipSettings", out _));
        Assert.False(described.TryGetProperty("SpaceSharingSettings", out _));
    }

    [Fact]
    public async Task AppsMustFitTheirOwnerKind()
    {
        await Api.CreateUserProfileAsync("kinds-owner");
        await Api.CreateSpaceAsync("kinds", "kinds-owner");

        await AssertValidationAsync(
            new { DomainId = SandboxHost.DomainId, SpaceName = "kinds", AppType = "JupyterServer", AppName = "default" },
            "A JupyterServer app (Studio Classic) belongs to a user profile: give UserProfileName, not SpaceName");
        await AssertValidationAsync(
            new { DomainId = SandboxHost.DomainId, UserProfileName = "kinds-owner", AppType = "JupyterLab", AppName = "default" },
            "A JupyterLab app runs in a space: give SpaceName, not UserProfileName");
        await AssertValidationAsync(
            new { DomainId = SandboxHost.DomainId, UserProfileName = "kinds-owner", SpaceName = "kinds", AppType = "JupyterLab", AppName = "default" },
            "Specify either UserProfileName or SpaceName, not both");
        await AssertValidationAsync(
            new { DomainId = SandboxHost.DomainId, SpaceName = "kinds", AppType = "JupyterLab", AppName = "lab-2" },
            "A JupyterLab app must be named 'default'");
        await AssertValidationAsync(
            new { DomainId = SandboxHost.DomainId, SpaceName = "kinds", AppType = "CodeEditor", AppName = "default" },
            "Space 'kinds' is for JupyterLab apps (SpaceSettings.AppType), not CodeEditor");

        var (status, body) = await Api.CallAsync("CreateApp", SageMakerTestClient.JupyterLabApp("no-such-space"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ResourceNotFound", body.GetProperty("__type").GetString());
        Assert.Contains("no-such-space", body.GetProperty("Message").GetString());
    }

    [Fact]
    public async Task TheCloudTrailEventOfASpaceAppNamesTheSpaceAndNoUser()
    {
        await Api.CreateUserProfileAsync("trail-owner");
        await Api.CreateSpaceAsync("trail-space", "trail-owner");
        var arn = (await Api.InvokeAsync("CreateApp", SageMakerTestClient.JupyterLabApp("trail-space"))).GetProperty("AppArn").GetString();
        Assert.Equal($"arn:aws:sagemaker:{SandboxHost.Region}:{SandboxHost.AccountId}:app/{SandboxHost.DomainId}/trail-space/JupyterLab/default", arn);

        var recorded = (await Host.Admin.GetEventsAsync()).Last();
        Assert.Null(recorded.ErrorCode);
        var envelope = JsonDocument.Parse(await File.ReadAllTextAsync(recorded.Path)).RootElement;
        Assert.Equal("AWS API Call via CloudTrail", envelope.GetProperty("detail-type").GetString());
        Assert.Equal("aws.sagemaker", envelope.GetProperty("source").GetString());
        var detail = envelope.GetProperty("detail");
        Assert.Equal("CreateApp", detail.GetProperty("eventName").GetString());
        Assert.Equal("sagemaker.amazonaws.com", detail.GetProperty("eventSource").GetString());
        Assert.Equal(recorded.EventId, detail.GetProperty("eventID").GetString());
        Assert.False(detail.TryGetProperty("errorCode", out _));
        Assert.Equal(arn, detail.GetProperty("responseElements").GetProperty("appArn").GetString());

        var parameters = detail.GetProperty("requestParameters");
        Assert.Equal(SandboxHost.DomainId, parameters.GetProperty("domainId").GetString());
        Assert.Equal("trail-space", parameters.GetProperty("spaceName").GetString());
        Assert.False(parameters.TryGetProperty("userProfileName", out _));
        Assert.Equal("JupyterLab", parameters.GetProperty("appType").GetString());
        Assert.Equal("default", parameters.GetProperty("appName").GetString());

        await Api.WaitForJupyterLabStatusAsync("trail-space", "InService", TimeSpan.FromSeconds(60));
        var described = await Api.InvokeAsync("DescribeApp", SageMakerTestClient.JupyterLabApp("trail-space"));
        Assert.Equal("trail-space", described.GetProperty("SpaceName").GetString());
        Assert.False(described.TryGetProperty("UserProfileName", out _));
        Assert.Equal(arn, described.GetProperty("AppArn").GetString());
    }

    [Fact]
    public async Task ASpaceWithAnAppIsDeletedOnlyAfterItsAppAndTheAppStopsItsServer()
    {
        await Api.CreateReadySpaceAsync("busy", "busy-owner");
        var pid = await Host.Admin.GetSpaceJupyterProcessIdAsync("busy");
        Assert.NotNull(pid);
        Assert.Contains(pid.Value, SandboxProcesses.OfSpace(Host.Root, "busy"));

        var listed = await Api.InvokeAsync("ListApps", new { DomainIdEquals = SandboxHost.DomainId, SpaceNameEquals = "busy" });
        var app = Assert.Single(listed.GetProperty("Apps").EnumerateArray());
        Assert.Equal("busy", app.GetProperty("SpaceName").GetString());
        Assert.False(app.TryGetProperty("UserProfileName", out _));
        Assert.Equal("JupyterLab", app.GetProperty("AppType").GetString());
        var ownersApps = await Api.InvokeAsync("ListApps", new { UserProfileNameEquals = "busy-owner" });
        Assert.Empty(ownersApps.GetProperty("Apps").EnumerateArray());

        var (inUse, inUseBody) = await Api.CallAsync("DeleteSpace", new { DomainId = SandboxHost.DomainId, SpaceName = "busy" });
        Assert.Equal(HttpStatusCode.BadRequest, inUse);
        Assert.Equal("ResourceInUse", inUseBody.GetProperty("__type").GetString());

        await Api.InvokeAsync("DeleteApp", SageMakerTestClient.JupyterLabApp("busy"));
        await Api.WaitForJupyterLabStatusAsync("busy", "Deleted", TimeSpan.FromSeconds(20));
        Assert.False(SandboxProcesses.IsAlive(pid.Value), "the space's Jupyter server survived DeleteApp");
        Assert.Empty(SandboxProcesses.OfSpace(Host.Root, "busy"));
        await Api.DeleteSpaceAsync("busy");
    }

    private async Task AssertValidationAsync(object createApp, string message)
    {
        var (status, body) = await Api.CallAsync("CreateApp", createApp);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
        Assert.Equal(message, body.GetProperty("message").GetString());
    }
}
