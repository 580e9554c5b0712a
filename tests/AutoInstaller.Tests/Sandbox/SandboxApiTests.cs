using System.Net;
using System.Text;
using System.Text.Json;
using StudioSandbox.Admin;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>The SageMaker JSON 1.1 API: SigV4 verification, error shapes, validation and the CloudTrail events of CreateApp.</summary>
public sealed class SandboxApiTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private SandboxHost Host => fixture.Host;

    private SageMakerTestClient Api => Host.SageMaker;

    public Task InitializeAsync() => Host.Admin.ResetFaultsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ACallWithoutAuthorizationIsMissingAuthenticationToken()
    {
        using var http = new HttpClient { BaseAddress = Host.Origin };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}", Encoding.UTF8) };
        request.Headers.Add("X-Amz-Target", "SageMaker.DescribeDomain");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.EndsWith("#MissingAuthenticationTokenException", error.GetProperty("__type").GetString());
        Assert.Equal("Missing Authentication Token", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ATamperedBodyIsAnInvalidSignature()
    {
        using var request = Api.Sign("DescribeDomain", Encoding.UTF8.GetBytes($"{{\"DomainId\":\"{SandboxHost.DomainId}\"}}"), SandboxHost.SecretAccessKey, DateTimeOffset.UtcNow);
        request.Content = new StringContent("{\"DomainId\":\"d-other\"}");
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");

        var error = await SendForErrorAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.EndsWith("#InvalidSignatureException", error.Type);
        Assert.Contains("signature we calculated does not match", error.Message);
    }

    [Fact]
    public async Task ASignatureOlderThanFifteenMinutesIsExpired()
    {
        var (status, body) = await Api.CallAsync("DescribeDomain", new { DomainId = SandboxHost.DomainId }, signedAt: DateTimeOffset.UtcNow.AddMinutes(-16));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.EndsWith("#InvalidSignatureException", body.GetProperty("__type").GetString());
        Assert.StartsWith("Signature expired", body.GetProperty("message").GetString());

        var (skewed, _) = await Api.CallAsync("DescribeDomain", new { DomainId = SandboxHost.DomainId }, signedAt: DateTimeOffset.UtcNow.AddMinutes(-14));
        Assert.Equal(HttpStatusCode.OK, skewed);
    }

    [Fact]
    public async Task ASignatureScopedToAnotherRegionIsRefused()
    {
        using var elsewhere = new SageMakerTestClient(Host.Origin, "eu-west-1", SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey);
        var (status, body) = await elsewhere.CallAsync("DescribeDomain", new { DomainId = SandboxHost.DomainId });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.EndsWith("#InvalidSignatureException", body.GetProperty("__type").GetString());
        Assert.Contains("eu-west-1", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ASessionTokenIsAcceptedOnlyWhenSigned()
    {
        var body = Encoding.UTF8.GetBytes($"{{\"DomainId\":\"{SandboxHost.DomainId}\"}}");
        using (var signed = Api.Sign("DescribeDomain", body, SandboxHost.SecretAccessKey, DateTimeOffset.UtcNow, sessionToken: "FwoGZXIvYXdzEXAMPLE"))
        using (var http = new HttpClient { BaseAddress = Host.Origin })
        using (var response = await http.SendAsync(signed))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var unsigned = Api.Sign("DescribeDomain", body, SandboxHost.SecretAccessKey, DateTimeOffset.UtcNow);
        unsigned.Headers.Add("X-Amz-Security-Token", "FwoGZXIvYXdzEXAMPLE");
        var error = await SendForErrorAsync(unsigned);
        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.EndsWith("#InvalidSignatureException", error.Type);
    }

    [Fact]
    public async Task InvalidInputIsAValidationExceptionNamingEachMember()
    {
        var (status, body) = await Api.CallAsync("CreatePresignedDomainUrl", new { DomainId = "D_bad", UserProfileName = "x", ExpiresInSeconds = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
        var message = body.GetProperty("message").GetString()!;
        Assert.StartsWith("2 validation errors detected: ", message);
        Assert.Contains("Value 'D_bad' at 'domainId' failed to satisfy constraint: Member must satisfy regular expression pattern: d-(-*[a-z0-9]){1,61}", message);
        Assert.Contains("Value '1' at 'expiresInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 5", message);
    }

    [Fact]
    public async Task UnknownResourcesAreResourceNotFound()
    {
        var (profileStatus, profile) = await Api.CallAsync("DescribeUserProfile", new { DomainId = SandboxHost.DomainId, UserProfileName = "nobody" });
        Assert.Equal(HttpStatusCode.BadRequest, profileStatus);
        Assert.Equal("ResourceNotFound", profile.GetProperty("__type").GetString());
        Assert.Contains("nobody", profile.GetProperty("Message").GetString());

        var (domainStatus, domain) = await Api.CallAsync("DescribeDomain", new { DomainId = "d-elsewhere" });
        Assert.Equal(HttpStatusCode.BadRequest, domainStatus);
        Assert.Equal("ResourceNotFound", domain.GetProperty("__type").GetString());

        var (appStatus, app) = await Api.CallAsync("CreateApp", SageMakerTestClient.JupyterServerApp("nobody"));
        Assert.Equal(HttpStatusCode.BadRequest, appStatus);
        Assert.Equal("ResourceNotFound", app.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task AnUnknownOperationIsRefused()
    {
        var (status, body) = await Api.CallAsync("CreateTrainingJob", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.EndsWith("#UnknownOperationException", body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task CreateAppWritesTheCloudTrailEventOfTheCall()
    {
        await Api.CreateUserProfileAsync("evented");
        var request = new
        {
            DomainId = SandboxHost.DomainId,
            UserProfileName = "evented",
            AppType = "KernelGateway",
            AppName = "datascience-1-0-ml-t3-medium-1abf3407f667f989be9d86559395",
            ResourceSpec = new { InstanceType = "ml.t3.medium", SageMakerImageArn = "arn:aws:sagemaker:us-east-1:081325390199:image/datascience-1.0" },
            Tags = new[] { new { Key = "team", Value = "ml" } },
        };
        var arn = (await Api.InvokeAsync("CreateApp", request)).GetProperty("AppArn").GetString();

        var recorded = (await Host.Admin.GetEventsAsync()).Last();
        Assert.Null(recorded.ErrorCode);
        Assert.Equal(Path.Combine(Host.EventsDirectory, recorded.EventId + ".json"), recorded.Path);
        Assert.DoesNotContain(Directory.GetFiles(Host.EventsDirectory), f => !f.EndsWith(".json", StringComparison.Ordinal));

        var envelope = JsonDocument.Parse(await File.ReadAllTextAsync(recorded.Path)).RootElement;
        Assert.Equal("AWS API Call via CloudTrail", envelope.GetProperty("detail-type").GetString());
        Assert.Equal("aws.sagemaker", envelope.GetProperty("source").GetString());
        Assert.Equal(SandboxHost.AccountId, envelope.GetProperty("account").GetString());
        Assert.Equal(SandboxHost.Region, envelope.GetProperty("region").GetString());
        Assert.Equal(0, envelope.GetProperty("resources").GetArrayLength());
        Assert.True(Guid.TryParse(envelope.GetProperty("id").GetString(), out _));
        Assert.True(DateTimeOffset.TryParse(envelope.GetProperty("time").GetString(), out _));

        var detail = envelope.GetProperty("detail");
        Assert.Equal("sagemaker.amazonaws.com", detail.GetProperty("eventSource").GetString());
        Assert.Equal("CreateApp", detail.GetProperty("eventName").GetString());
        Assert.Equal(SandboxHost.Region, detail.GetProperty("awsRegion").GetString());
        Assert.Equal(recorded.EventId, detail.GetProperty("eventID").GetString());
        Assert.False(detail.GetProperty("readOnly").GetBoolean());
        Assert.Equal("AwsApiCall", detail.GetProperty("eventType").GetString());
        Assert.True(detail.GetProperty("managementEvent").GetBoolean());
        Assert.Equal(SandboxHost.AccountId, detail.GetProperty("recipientAccountId").GetString());
        Assert.Equal("Management", detail.GetProperty("eventCategory").GetString());
        Assert.Equal(SandboxHost.AccountId, detail.GetProperty("userIdentity").GetProperty("accountId").GetString());
        Assert.Equal("127.0.0.1", detail.GetProperty("sourceIPAddress").GetString());
        Assert.False(detail.TryGetProperty("errorCode", out _));
        Assert.Equal(arn, detail.GetProperty("responseElements").GetProperty("appArn").GetString());

        var parameters = detail.GetProperty("requestParameters");
        Assert.Equal(SandboxHost.DomainId, parameters.GetProperty("domainId").GetString());
        Assert.Equal("evented", parameters.GetProperty("userProfileName").GetString());
        Assert.Equal("KernelGateway", parameters.GetProperty("appType").GetString());
        Assert.Equal("ml.t3.medium", parameters.GetProperty("resourceSpec").GetProperty("instanceType").GetString());
        Assert.Equal("team", parameters.GetProperty("tags")[0].GetProperty("key").GetString());
    }

    [Fact]
    public async Task AFailedCreateAppIsRecordedWithItsErrorCode()
    {
        await Api.CreateUserProfileAsync("twice");
        var app = new { DomainId = SandboxHost.DomainId, UserProfileName = "twice", AppType = "TensorBoard", AppName = "default" };
        await Api.InvokeAsync("CreateApp", app);
        var (status, body) = await Api.CallAsync("CreateApp", app);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ResourceInUse", body.GetProperty("__type").GetString());

        var recorded = (await Host.Admin.GetEventsAsync()).Last();
        Assert.Equal("ResourceInUse", recorded.ErrorCode);
        var detail = JsonDocument.Parse(await File.ReadAllTextAsync(recorded.Path)).RootElement.GetProperty("detail");
        Assert.Equal("ResourceInUse", detail.GetProperty("errorCode").GetString());
        Assert.Equal(body.GetProperty("Message").GetString(), detail.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("responseElements").ValueKind);
        Assert.Equal("twice", detail.GetProperty("requestParameters").GetProperty("userProfileName").GetString());
    }

    [Fact]
    public async Task AThrottledCreateAppIsRecordedAsThrottled()
    {
        await Api.CreateUserProfileAsync("throttled");
        await Host.Admin.SetFaultsAsync(new FaultSettings { ThrottleCount = 1 });
        var (status, _) = await Api.CallAsync("CreateApp", SageMakerTestClient.JupyterServerApp("throttled"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ThrottlingException", (await Host.Admin.GetEventsAsync()).Last().ErrorCode);
    }

    [Fact]
    public async Task NonJupyterAppsGoInServiceWithoutAServerAndDeleteThroughDeleting()
    {
        await Api.CreateUserProfileAsync("gateway");
        var app = new { DomainId = SandboxHost.DomainId, UserProfileName = "gateway", AppType = "KernelGateway", AppName = "kg-1" };
        await Api.InvokeAsync("CreateApp", app);
        var described = await Api.InvokeAsync("DescribeApp", app);
        for (var attempt = 0; attempt < 50 && described.GetProperty("Status").GetString() == "Pending"; attempt++)
        {
            await Task.Delay(100);
            described = await Api.InvokeAsync("DescribeApp", app);
        }

        Assert.Equal("InService", described.GetProperty("Status").GetString());
        Assert.Equal(JsonValueKind.Number, described.GetProperty("CreationTime").ValueKind);
        Assert.Empty(SandboxProcesses.Of(Host.Root, "gateway"));

        await Api.InvokeAsync("DeleteApp", app);
        var (again, error) = await Api.CallAsync("DeleteApp", app);
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal("ResourceNotFound", error.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task JupyterServerAppsMustBeNamedDefault()
    {
        await Api.CreateUserProfileAsync("named");
        var (status, body) = await Api.CallAsync("CreateApp", new { DomainId = SandboxHost.DomainId, UserProfileName = "named", AppType = "JupyterServer", AppName = "other" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
        Assert.Equal("A JupyterServer app must be named 'default'", body.GetProperty("message").GetString());
    }

    private async Task<(HttpStatusCode Status, string Type, string Message)> SendForErrorAsync(HttpRequestMessage request)
    {
        using var http = new HttpClient { BaseAddress = Host.Origin };
        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body.GetProperty("__type").GetString()!, body.GetProperty("message").GetString()!);
    }
}
