using System.Text;
using System.Text.Json.Nodes;
using AutoInstaller.Events;

namespace AutoInstaller.Tests.Events;

/// <summary>The rollout event: the accept stage checks it as it checks a CreateApp event; its run id comes from the app and the script.</summary>
public sealed class RolloutEventTests
{
    private const string Id = "0b9e6b1c-0d37-4a4e-9a51-2f6f3c1c9a77";

    private static readonly AcceptPolicy Policy = new(
        new HashSet<string> { CreateAppEvents.DomainId },
        new HashSet<string> { "JupyterServer", "JupyterLab" },
        CreateAppEvents.Region,
        CreateAppEvents.Account);

    private static readonly CreateAppParameters Alice = new(CreateAppEvents.DomainId, "alice", null, "JupyterServer", "default");

    [Fact]
    public void AcceptsTheEventTheRolloutVerbWritesAndLeavesTheRunIdToTheScript()
    {
        var decision = Decide(Rollout(Alice));

        Assert.Null(decision.SkipReason);
        Assert.Equal(
            new AppTarget(Id, CreateAppEvents.Region, CreateAppEvents.DomainId, "alice", null, "JupyterServer", "default", CreateAppEvents.Account, RunIdFromScript: true),
            decision.Target);
    }

    [Fact]
    public void AcceptsASpacesApp()
    {
        var decision = Decide(Rollout(new CreateAppParameters(CreateAppEvents.DomainId, null, "team-space", "JupyterLab", "default")));

        Assert.Equal(("team-space", null, true), (decision.Target?.SpaceName, decision.Target?.UserProfileName, decision.Target?.RunIdFromScript));
    }

    [Theory]
    [InlineData("account", "210987654321", "rollout event for account '210987654321', the function serves 123456789012")]
    [InlineData("region", "eu-west-1", "rollout event for region 'eu-west-1', the function serves us-east-1")]
    [InlineData("id", "not-a-guid", "rollout event id 'not-a-guid' is not a GUID")]
    [InlineData("detail-type", "Something else", "not a rollout event (detail-type 'Something else')")]
    public void SkipsAnEnvelopeForAnotherAccountRegionOrShape(string member, string value, string reason)
    {
        var json = JsonNode.Parse(Rollout(Alice))!.AsObject();
        json[member] = value;

        Assert.Equal(reason, Decide(Encoding.UTF8.GetBytes(json.ToJsonString())).SkipReason);
    }

    [Theory]
    [InlineData("d-elsewhere001", "alice", "JupyterServer", "domain d-elsewhere001 is not in the allowed list")]
    [InlineData(CreateAppEvents.DomainId, "al;ice", "JupyterServer", "userProfileName 'al;ice' is not a valid name")]
    [InlineData(CreateAppEvents.DomainId, "alice", "KernelGateway", "app type 'KernelGateway' is not enabled (enabled: JupyterLab, JupyterServer)")]
    public void SkipsAnAppThatACreateAppEventWouldNotBeAcceptedFor(string domain, string user, string type, string reason)
    {
        Assert.Equal(reason, Decide(Rollout(new CreateAppParameters(domain, user, null, type, "default"))).SkipReason);
    }

    [Fact]
    public void SkipsAnEventWithoutItsApp()
    {
        var json = JsonNode.Parse(Rollout(Alice))!.AsObject();
        json["detail"] = new JsonObject();

        Assert.Equal("malformed rollout event: no detail.app", Decide(Encoding.UTF8.GetBytes(json.ToJsonString())).SkipReason);
    }

    [Fact]
    public void TheRunIdIsAVersion8GuidOfTheAppAndTheScript()
    {
        var app = Decide(Rollout(Alice)).Target!;
        var other = app with { UserProfileName = "bob" };
        const string v1 = "a3f1c9d2e4b5a6978877665544332211ffeeddccbbaa99887766554433221100";
        const string v2 = "b3f1c9d2e4b5a6978877665544332211ffeeddccbbaa99887766554433221100";

        var id = RolloutEvent.RunIdFor(app, v1);

        Assert.Equal(id, RolloutEvent.RunIdFor(app with { RunId = Guid.NewGuid().ToString() }, v1));
        Assert.NotEqual(id, RolloutEvent.RunIdFor(app, v2));
        Assert.NotEqual(id, RolloutEvent.RunIdFor(other, v1));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
    }

    private static byte[] Rollout(CreateAppParameters app) =>
        RolloutEvent.Create(Id, CreateAppEvents.Account, CreateAppEvents.Region, DateTimeOffset.UnixEpoch, app);

    private static AcceptDecision Decide(byte[] json) => EventAcceptor.Decide(json, Policy);
}
