using System.Text.Json.Nodes;
using AutoInstaller.Setup;
using AutoInstaller.Studio;
using AutoInstaller.Tests.Sandbox;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Pipeline;

/// <summary>Whose session a space's app is set up in: private spaces as their owner, shared ones by policy.</summary>
public sealed class SpaceOwnershipTests(SandboxFixture fixture, ITestOutputHelper output) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string Greeting = $"""
        # step: count
        {PipelineHarness.CountExecution}
        # step: greet
        echo "hello from $AUTO_INSTALLER_USER_PROFILE in $AUTO_INSTALLER_SPACE_NAME"
        """;

    private readonly List<PipelineHarness> harnesses = [];

    public Task InitializeAsync() => fixture.Host.Admin.ResetFaultsAsync();

    public Task DisposeAsync()
    {
        harnesses.ForEach(h => output.WriteLine(h.Logs));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ASharedSpaceIsSkippedByDefaultWithoutSigningIn()
    {
        var harness = Harness(SharedSpacePolicy.Skip);
        var eventJson = await harness.CreateAppAsync("team", sharingType: "Shared");
        var loginsBefore = (await fixture.Host.Admin.GetIssuedSecretsAsync()).LoginTokens.Length;

        var result = await harness.RunAsync(eventJson, Greeting);

        Assert.Equal(SetupOutcome.Skipped, result.Outcome);
        Assert.Equal("space team is shared (SharingType 'Shared'); shared spaces are skipped (AUTO_INSTALLER_SHARED_SPACES=skip)", result.Reason);
        Assert.All(result.Steps, s => Assert.Equal(StepStatus.NotRun, s.Status));
        Assert.Equal(loginsBefore, (await fixture.Host.Admin.GetIssuedSecretsAsync()).LoginTokens.Length);
        Assert.Equal(0, await harness.ExecutionsAsync("team"));
    }

    [Fact]
    public async Task ASharedSpaceIsSetUpAsItsOwnerWhenThePolicySaysOwner()
    {
        var harness = Harness(SharedSpacePolicy.Owner);

        var result = await harness.RunAsync(await harness.CreateAppAsync("crew", sharingType: "Shared"), Greeting);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal(["hello from crew-owner in crew"], result.Steps[1].OutputTail);
        Assert.Equal(1, await harness.ExecutionsAsync("crew"));
    }

    [Fact]
    public async Task AnEventForASpaceThatDoesNotExistFailsAtTheSpaceStage()
    {
        var harness = Harness(SharedSpacePolicy.Skip);
        var recorded = JsonNode.Parse(await harness.CreateAppAsync("real"))!;
        recorded["detail"]!["requestParameters"]!["spaceName"] = "ghost";
        recorded["detail"]!["eventID"] = Guid.NewGuid().ToString();

        var result = await harness.RunAsync(System.Text.Encoding.UTF8.GetBytes(recorded.ToJsonString()), Greeting);

        Assert.Equal(SetupOutcome.Failed, result.Outcome);
        Assert.StartsWith("stage space: SageMaker DescribeSpace", result.Reason);
        Assert.Contains("ResourceNotFound", result.Reason);
        Assert.Equal(0, await harness.ExecutionsAsync("real"));
    }

    private PipelineHarness Harness(SharedSpacePolicy policy)
    {
        var harness = new PipelineHarness(fixture.Host, StudioAppKind.Space) { SharedSpaces = policy };
        harnesses.Add(harness);
        return harness;
    }
}
