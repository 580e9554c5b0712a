using System.Net;
using System.Text.Json;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>
/// Tags on user profiles and spaces, as SageMaker's API model defines them: <c>Tags</c> on CreateUserProfile and
/// CreateSpace, AddTags, ListTags, DeleteTags, driven by the real AWS CLI (whose copy of the model checks every input
/// and output shape), and the constraints the model puts on keys and values.
/// </summary>
public sealed class SandboxTagTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private SandboxHost Host => fixture.Host;

    private static string ProfileArn(string name) => $"arn:aws:sagemaker:{SandboxHost.Region}:{SandboxHost.AccountId}:user-profile/{SandboxHost.DomainId}/{name}";

    private static string SpaceArn(string name) => $"arn:aws:sagemaker:{SandboxHost.Region}:{SandboxHost.AccountId}:space/{SandboxHost.DomainId}/{name}";

    [Fact]
    public async Task AwsCliTagsAProfileAtCreationThenAddsReplacesListsAndDeletes()
    {
        const string user = "tagged-cli-user";
        await CliAsync("create-user-profile", "--domain-id", SandboxHost.DomainId, "--user-profile-name", user,
            "--tags", "Key=studio-auto-installer:recipes,Value=git-config welcome", "Key=team,Value=risk");
        Assert.Equal([("studio-auto-installer:recipes", "git-config welcome"), ("team", "risk")], await TagsAsync(ProfileArn(user)));

        var added = await CliAsync("add-tags", "--resource-arn", ProfileArn(user), "--tags", "Key=team,Value=fraud", "Key=cost-center,Value=4711");
        Assert.Equal(2, added.GetProperty("Tags").GetArrayLength());
        Assert.Equal([("cost-center", "4711"), ("studio-auto-installer:recipes", "git-config welcome"), ("team", "fraud")], await TagsAsync(ProfileArn(user)));

        await CliAsync("delete-tags", "--resource-arn", ProfileArn(user), "--tag-keys", "team", "no-such-key");
        Assert.Equal([("cost-center", "4711"), ("studio-auto-installer:recipes", "git-config welcome")], await TagsAsync(ProfileArn(user)));
    }

    [Fact]
    public async Task AwsCliTagsASpaceAndItsOwnerSeparately()
    {
        const string owner = "tag-space-owner";
        const string space = "tagged-cli-space";
        await CliAsync("create-user-profile", "--domain-id", SandboxHost.DomainId, "--user-profile-name", owner);
        await CliAsync("create-space", "--domain-id", SandboxHost.DomainId, "--space-name", space,
            "--ownership-settings", $"OwnerUserProfileName={owner}", "--space-sharing-settings", "SharingType=Private",
            "--tags", "Key=studio-auto-installer:recipes,Value=none");
        Assert.Equal([("studio-auto-installer:recipes", "none")], await TagsAsync(SpaceArn(space)));
        Assert.Empty(await TagsAsync(ProfileArn(owner)));
    }

    [Theory]
    [InlineData("{\"Key\":\"team\",\"Value\":\"a,b\"}", "at 'tags.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern")]
    [InlineData("{\"Key\":\"\",\"Value\":\"x\"}", "at 'tags.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1")]
    [InlineData("{\"Value\":\"x\"}", "Value null at 'tags.member.key' failed to satisfy constraint: Member must not be null")]
    [InlineData("{\"Key\":\"aws:team\",\"Value\":\"x\"}", "Tag keys starting with 'aws:' are reserved")]
    public async Task AddTagsRefusesWhatTheModelForbids(string tag, string expected)
    {
        var user = "tag-refused-" + Guid.NewGuid().ToString("N")[..8];
        await Host.SageMaker.CreateUserProfileAsync(user);
        var (status, body) = await Host.SageMaker.CallAsync("AddTags", JsonDocument.Parse($"{{\"ResourceArn\":\"{ProfileArn(user)}\",\"Tags\":[{tag}]}}").RootElement);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
        Assert.Contains(expected, body.GetProperty("message").GetString());
        Assert.Empty(await TagsAsync(ProfileArn(user)));
    }

    [Fact]
    public async Task FiftyTagsFitAndTheFiftyFirstIsRefusedWithNothingChanged()
    {
        const string user = "tag-limit-user";
        await Host.SageMaker.CreateUserProfileAsync(user);
        var fifty = Enumerable.Range(0, 50).Select(i => new { Key = $"k{i:00}", Value = "v" }).ToArray();
        await Host.SageMaker.InvokeAsync("AddTags", new { ResourceArn = ProfileArn(user), Tags = fifty });
        var (status, body) = await Host.SageMaker.CallAsync("AddTags", new { ResourceArn = ProfileArn(user), Tags = new[] { new { Key = "k50", Value = "v" }, new { Key = "k00", Value = "changed" } } });
        Assert.Equal((HttpStatusCode.BadRequest, "ValidationException"), (status, body.GetProperty("__type").GetString()));
        var tags = await TagsAsync(ProfileArn(user));
        Assert.Equal(50, tags.Count);
        Assert.Contains(("k00", "v"), tags);
    }

    [Theory]
    [InlineData("user-profile", "nobody-here")]
    [InlineData("space", "no-such-space")]
    [InlineData("app", "anything")]
    public async Task ListTagsOfAResourceThatIsNotThereIsResourceNotFound(string type, string name)
    {
        var arn = $"arn:aws:sagemaker:{SandboxHost.Region}:{SandboxHost.AccountId}:{type}/{SandboxHost.DomainId}/{name}";
        var (status, body) = await Host.SageMaker.CallAsync("ListTags", new { ResourceArn = arn });
        Assert.Equal((HttpStatusCode.BadRequest, "ResourceNotFound"), (status, body.GetProperty("__type").GetString()));
    }

    [Fact]
    public async Task ListTagsChecksMaxResultsAsTheModelBoundsIt()
    {
        const string user = "tag-max-results";
        await Host.SageMaker.CreateUserProfileAsync(user);
        var (status, body) = await Host.SageMaker.CallAsync("ListTags", new { ResourceArn = ProfileArn(user), MaxResults = 10 });
        Assert.Equal((HttpStatusCode.BadRequest, "ValidationException"), (status, body.GetProperty("__type").GetString()));
        Assert.Contains("greater than or equal to 50", body.GetProperty("message").GetString());
    }

    private async Task<List<(string, string)>> TagsAsync(string arn)
    {
        var listed = await CliAsync("list-tags", "--resource-arn", arn);
        return [.. listed.GetProperty("Tags").EnumerateArray().Select(t => (t.GetProperty("Key").GetString()!, t.GetProperty("Value").GetString()!))];
    }

    private async Task<JsonElement> CliAsync(params string[] arguments)
    {
        var result = await AwsCli.SageMakerAsync(Host.Origin, SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey, arguments);
        Assert.True(result.ExitCode == 0, $"aws sagemaker {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Stderr}");
        return result.Stdout.Trim().Length == 0 ? default : JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }
}
