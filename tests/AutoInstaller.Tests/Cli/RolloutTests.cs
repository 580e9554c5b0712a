using System.Text;
using System.Text.Json;
using AutoInstaller.Setup;
using AutoInstaller.Tests.Hosting;
using AutoInstaller.Tests.Pipeline;
using AutoInstaller.Tests.Sandbox;

namespace AutoInstaller.Tests.Cli;

/// <summary>
/// <c>bootstrap rollout</c>, the published binary, against the sandbox's SageMaker API and a local Lambda Invoke
/// endpoint; the events it queues are then run by the pipeline as the deployed function would run them.
/// </summary>
public sealed class RolloutTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string FunctionArn = $"arn:aws:lambda:{SandboxHost.Region}:{SandboxHost.AccountId}:function:studio-auto-installer";

    [Fact]
    public async Task DryRunShowsTheInServiceAppsOfEnabledTypesAndSendsNothing()
    {
        var classic = new PipelineHarness(fixture.Host, StudioAppKind.Classic);
        var space = new PipelineHarness(fixture.Host, StudioAppKind.Space);
        await ReadyAsync(classic, "ro-dry-user");
        await ReadyAsync(space, "ro-dry-space");
        await ReadyAsync(classic, "ro-dry-gone");
        await fixture.Host.SageMaker.InvokeAsync("DeleteApp", new { DomainId = SandboxHost.DomainId, UserProfileName = "ro-dry-gone", AppType = "JupyterServer", AppName = "default" });
        await using var lambda = await FakeLambdaInvokeApi.StartAsync();

        var result = await RolloutAsync("--dry-run", "--app-types", "JupyterLab,JupyterServer", "--endpoint-url", lambda.Endpoint.ToString());
        var classicOnly = await RolloutAsync("--dry-run", "--app-types", "JupyterServer");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"would send: {SandboxHost.DomainId}/ro-dry-user/JupyterServer/default\n", result.Stdout);
        Assert.Contains($"would send: {SandboxHost.DomainId}/ro-dry-space/JupyterLab/default (space)\n", result.Stdout);
        Assert.DoesNotContain("ro-dry-gone", result.Stdout);
        Assert.Contains("rollout: dry run, nothing sent", result.Stderr);
        Assert.Empty(lambda.Received);
        Assert.Contains("ro-dry-user", classicOnly.Stdout);
        Assert.DoesNotContain("ro-dry-space", classicOnly.Stdout);
    }

    [Fact]
    public async Task EachAppRunsAScriptVersionOnceHoweverOftenItIsRolledOut()
    {
        var classic = new PipelineHarness(fixture.Host, StudioAppKind.Classic);
        var space = new PipelineHarness(fixture.Host, StudioAppKind.Space);
        await ReadyAsync(classic, "ro-once-user");
        await ReadyAsync(space, "ro-once-space");
        var apps = new[] { (classic, "ro-once-user"), (space, "ro-once-space") };
        const string versionOne = $"# step: count\n{PipelineHarness.CountExecution}\necho version one\n";
        const string versionTwo = $"# step: count\n{PipelineHarness.CountExecution}\necho version two\n";

        var first = await RolloutAndRunAsync(apps, versionOne);
        var again = await RolloutAndRunAsync(apps, versionOne);
        foreach (var (harness, name) in apps)
        {
            Assert.Equal(1, await harness.ExecutionsAsync(name));
        }

        Assert.All(first.Values, r => Assert.Equal((SetupOutcome.Succeeded, false), (r.Outcome, r.FollowedExistingRun)));
        Assert.All(again.Values, r => Assert.Equal((SetupOutcome.Succeeded, true), (r.Outcome, r.FollowedExistingRun)));
        Assert.Equal(first.ToDictionary(p => p.Key, p => p.Value.RunId), again.ToDictionary(p => p.Key, p => p.Value.RunId));
        Assert.NotEqual(first["ro-once-user"].RunId, first["ro-once-space"].RunId);

        var changed = await RolloutAndRunAsync(apps, versionTwo);
        foreach (var (harness, name) in apps)
        {
            Assert.Equal(2, await harness.ExecutionsAsync(name));
            Assert.Equal(["version two"], changed[name].Steps[0].OutputTail);
        }

        var restart = await classic.RunAsync(await classic.EventForAsync("ro-once-user"), versionTwo);
        Assert.Equal((SetupOutcome.Succeeded, false), (restart.Outcome, restart.FollowedExistingRun));
        Assert.Equal(3, await classic.ExecutionsAsync("ro-once-user"));
    }

    [Fact]
    public async Task AnAppWhoseEventCannotBeQueuedDoesNotStopTheOthers()
    {
        var classic = new PipelineHarness(fixture.Host, StudioAppKind.Classic);
        foreach (var name in new[] { "ro-many-a", "ro-many-b", "ro-many-c" })
        {
            await ReadyAsync(classic, name);
        }

        await using var lambda = await FakeLambdaInvokeApi.StartAsync();
        lambda.FailPayloadsContaining = "\"ro-many-b\"";

        var result = await RolloutAsync("--function-name", FunctionArn, "--endpoint-url", lambda.Endpoint.ToString(), "--concurrency", "2");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{SandboxHost.DomainId}/ro-many-b/JupyterServer/default: FAILED: Lambda Invoke answered 500 ServiceException", result.Stdout);
        Assert.Contains($"{SandboxHost.DomainId}/ro-many-a/JupyterServer/default: queued (202)", result.Stdout);
        Assert.Contains($"{SandboxHost.DomainId}/ro-many-c/JupyterServer/default: queued (202)", result.Stdout);
        Assert.Matches(@"rollout: (\d+) of \d+ queued for .*, 1 failed", result.Stderr);
        var received = lambda.Received.ToList();
        Assert.All(received, r => Assert.Equal(("Event", FunctionArn), (r.InvocationType, r.FunctionName)));
        Assert.All(received, r => Assert.StartsWith("AWS4-HMAC-SHA256 Credential=", r.Authorization));
    }

    [Theory]
    [InlineData(new[] { "--domain-id", "nope" }, "--domain-id 'nope' is not a SageMaker domain id")]
    [InlineData(new[] { "--domain-id", SandboxHost.DomainId, "--function-name", "studio-auto-installer" }, "pass --account-id, or the function's ARN as --function-name")]
    [InlineData(new[] { "--domain-id", SandboxHost.DomainId, "--app-types", "CodeEditor", "--dry-run" }, "AUTO_INSTALLER_APP_TYPES contains 'CodeEditor'")]
    [InlineData(new[] { "--domain-id", SandboxHost.DomainId, "--concurrency", "0", "--dry-run" }, "--concurrency 0: expected 1 to 32")]
    public async Task UsageErrorsSayWhatToFixAndExitTwo(string[] arguments, string message)
    {
        using var bootstrap = BootstrapProcess.Start(Environment(), ["rollout", .. arguments, "--sagemaker-endpoint-url", fixture.Host.Origin.ToString()]);
        Assert.Equal(2, await bootstrap.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains(message, bootstrap.Stderr);
    }

    /// <summary>Rolls out to every app of the domain, then runs the queued events of <paramref name="apps"/> through the pipeline with <paramref name="script"/>.</summary>
    private async Task<Dictionary<string, SetupResult>> RolloutAndRunAsync((PipelineHarness Harness, string Name)[] apps, string script)
    {
        await using var lambda = await FakeLambdaInvokeApi.StartAsync();
        var rollout = await RolloutAsync("--function-name", FunctionArn, "--endpoint-url", lambda.Endpoint.ToString(), "--app-types", "JupyterLab,JupyterServer");
        Assert.Equal(0, rollout.ExitCode);
        var results = new Dictionary<string, SetupResult>();
        foreach (var (harness, name) in apps)
        {
            var payload = Assert.Single(lambda.Received, r => OwnerOf(r.Payload) == name).Payload;
            results[name] = await harness.RunAsync(Encoding.UTF8.GetBytes(payload), script);
        }

        return results;
    }

    private static string? OwnerOf(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        var app = json.RootElement.GetProperty("detail").GetProperty("app");
        return (app.TryGetProperty("userProfileName", out var user) ? user : app.GetProperty("spaceName")).GetString();
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RolloutAsync(params string[] arguments)
    {
        using var bootstrap = BootstrapProcess.Start(Environment(),
            ["rollout", "--domain-id", SandboxHost.DomainId, "--sagemaker-endpoint-url", fixture.Host.Origin.ToString(), .. arguments]);
        var exitCode = await bootstrap.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return (exitCode, bootstrap.Stdout, bootstrap.Stderr);
    }

    private static async Task ReadyAsync(PipelineHarness harness, string name)
    {
        await harness.CreateAppAsync(name);
        await harness.WaitForInServiceAsync(name);
    }

    private static Dictionary<string, string> Environment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = SandboxHost.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SandboxHost.SecretAccessKey,
        ["AWS_REGION"] = SandboxHost.Region,
    };
}
