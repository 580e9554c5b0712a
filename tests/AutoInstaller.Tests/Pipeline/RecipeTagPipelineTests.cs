using AutoInstaller.Setup;
using AutoInstaller.Tests.Sandbox;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Pipeline;

/// <summary>
/// The tag <c>studio-auto-installer:recipes</c> chooses what runs for a user: on the user profile for a Classic app,
/// on the space or else its owner's profile for a space's app; <c>none</c> skips; an unknown recipe fails naming it.
/// Without the tag the function's own script runs (every other pipeline test).
/// </summary>
public sealed class RecipeTagPipelineTests(SandboxFixture fixture, ITestOutputHelper output) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string Default = $"""
        # step: default
        {PipelineHarness.CountExecution}
        """;

    private readonly List<PipelineHarness> harnesses = [];

    public Task InitializeAsync() => fixture.Host.Admin.ResetFaultsAsync();

    public Task DisposeAsync()
    {
        harnesses.ForEach(h => output.WriteLine(h.Logs));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheProfilesTagRunsItsRecipesInOrderInsteadOfTheScript()
    {
        var harness = Harness(StudioAppKind.Classic);
        var eventJson = await harness.CreateAppAsync("tag-team-a");
        await harness.TagAsync("tag-team-a", RecipeTags.Key, "welcome  git-config");

        var result = await harness.RunAsync(eventJson, Default);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal([("welcome", StepStatus.Succeeded), ("git-config", StepStatus.Succeeded)], result.Steps.Select(s => (s.Name, s.Status)));
        Assert.Equal(("tag", $"user-profile/{SandboxHost.DomainId}/tag-team-a: welcome git-config"), (result.Script!.Source, result.Script.Location));
        Assert.True(File.Exists(Path.Combine(harness.Home("tag-team-a"), "WELCOME.md")));
        Assert.Equal(0, await harness.ExecutionsAsync("tag-team-a"));
        Assert.Contains("\"message\":\"Recipes chosen by tag\"", harness.Logs);
    }

    [Fact]
    public async Task TheSpacesOwnTagComesBeforeItsOwners()
    {
        var harness = Harness(StudioAppKind.Space);
        var eventJson = await harness.CreateAppAsync("tag-space-a");
        await harness.TagAsync("tag-space-a", RecipeTags.Key, "git-config");
        await harness.TagAsync("tag-space-a", RecipeTags.Key, "none", onSpace: false);
        await harness.TagAsync("tag-space-a", RecipeTags.Key, "welcome", onSpace: true);

        var result = await harness.RunAsync(eventJson, Default);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal(["welcome"], result.Steps.Select(s => s.Name));
        Assert.Equal($"space/{SandboxHost.DomainId}/tag-space-a: welcome", result.Script!.Location);
        Assert.True(File.Exists(Path.Combine(harness.Home("tag-space-a"), "WELCOME.md")));
    }

    [Fact]
    public async Task AnUntaggedSpaceFollowsItsOwnersTag()
    {
        var harness = Harness(StudioAppKind.Space);
        var eventJson = await harness.CreateAppAsync("tag-space-b");
        await harness.TagAsync("tag-space-b", RecipeTags.Key, "git-config");

        var result = await harness.RunAsync(eventJson, Default);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal(["git-config"], result.Steps.Select(s => s.Name));
        Assert.Equal($"user-profile/{SandboxHost.DomainId}/{harness.SignedInAs("tag-space-b")}: git-config", result.Script!.Location);
        Assert.Equal(0, await harness.ExecutionsAsync("tag-space-b"));
    }

    [Theory]
    [InlineData(StudioAppKind.Classic)]
    [InlineData(StudioAppKind.Space)]
    public async Task NoneSkipsTheAppWithoutSigningIn(StudioAppKind kind)
    {
        var harness = Harness(kind);
        var name = kind == StudioAppKind.Classic ? "tag-none-a" : "tag-none-b";
        var eventJson = await harness.CreateAppAsync(name);
        await harness.TagAsync(name, RecipeTags.Key, "none", onSpace: kind == StudioAppKind.Space);
        var loginsBefore = (await fixture.Host.Admin.GetIssuedSecretsAsync()).LoginTokens.Length;

        var result = await harness.RunAsync(eventJson, Default);

        Assert.Equal(SetupOutcome.Skipped, result.Outcome);
        var where = kind == StudioAppKind.Classic ? $"user profile {name}" : $"space {name}";
        Assert.Equal($"the tag studio-auto-installer:recipes on {where} is 'none': this app is not set up", result.Reason);
        Assert.Equal(loginsBefore, (await fixture.Host.Admin.GetIssuedSecretsAsync()).LoginTokens.Length);
        Assert.Equal(0, await harness.ExecutionsAsync(name));
    }

    [Theory]
    [InlineData("welcome nope", "names the recipe 'nope', which does not exist; known recipes: auto-shutdown, code-server, disable-download, git-config, pip-index, welcome")]
    [InlineData("welcome welcome", "names the recipe 'welcome' twice")]
    [InlineData("   ", "is empty; it names recipes separated by spaces, or 'none' to skip the app")]
    public async Task ATagThatCannotBeFollowedFailsNamingWhyAndRunsNothing(string value, string expected)
    {
        var harness = Harness(StudioAppKind.Classic);
        var name = "tag-bad-" + Guid.NewGuid().ToString("N")[..8];
        var eventJson = await harness.CreateAppAsync(name);
        await harness.TagAsync(name, RecipeTags.Key, value);

        var result = await harness.RunAsync(eventJson, Default);

        Assert.Equal(SetupOutcome.Failed, result.Outcome);
        Assert.Equal($"stage recipes: the tag studio-auto-installer:recipes on user profile {name} {expected}", result.Reason);
        Assert.False(Directory.Exists(Path.Combine(harness.Home(name), ".auto-installer", "runs")));
        Assert.Equal(0, await harness.ExecutionsAsync(name));
    }

    [Fact]
    public async Task OtherTagsLeaveTheFunctionsScript()
    {
        var harness = Harness(StudioAppKind.Classic);
        var eventJson = await harness.CreateAppAsync("tag-other-a");
        await harness.TagAsync("tag-other-a", "team", "risk");

        var result = await harness.RunAsync(eventJson, Default);

        Assert.Equal(SetupOutcome.Succeeded, result.Outcome);
        Assert.Equal(["default"], result.Steps.Select(s => s.Name));
        Assert.Equal("file", result.Script!.Source);
        Assert.Equal(1, await harness.ExecutionsAsync("tag-other-a"));
    }

    private PipelineHarness Harness(StudioAppKind kind)
    {
        var harness = new PipelineHarness(fixture.Host, kind);
        harnesses.Add(harness);
        return harness;
    }
}
