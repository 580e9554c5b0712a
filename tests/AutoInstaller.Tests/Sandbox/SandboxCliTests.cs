using System.Net;
using System.Text.Json;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>The sandbox driven by the real AWS CLI, unchanged, as a newcomer would.</summary>
public sealed class SandboxCliTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private SandboxHost Host => fixture.Host;

    [Fact]
    public async Task AwsCliStartsAnAppAndItsPresignedUrlLogsIntoARealJupyterTerminal()
    {
        const string user = "cli-user";
        await CliAsync("create-user-profile", "--domain-id", SandboxHost.DomainId, "--user-profile-name", user);
        var created = await CliAsync(AppArguments("create-app", user));
        Assert.Equal(
            $"arn:aws:sagemaker:{SandboxHost.Region}:{SandboxHost.AccountId}:app/{SandboxHost.DomainId}/{user}/JupyterServer/default",
            created.GetProperty("AppArn").GetString());

        var status = "";
        for (var attempt = 0; attempt < 30 && status != "InService"; attempt++)
        {
            status = (await CliAsync(AppArguments("describe-app", user))).GetProperty("Status").GetString()!;
            Assert.Contains(status, new[] { "Pending", "InService" });
        }

        Assert.Equal("InService", status);
        var presigned = await CliAsync(
            "create-presigned-domain-url", "--domain-id", SandboxHost.DomainId, "--user-profile-name", user, "--expires-in-seconds", "60",
            "--landing-uri", "app:JupyterServer:");
        var authorizedUrl = new Uri(presigned.GetProperty("AuthorizedUrl").GetString()!);
        Assert.StartsWith($"{Host.Origin.ToString().TrimEnd('/')}/auth?token=", authorizedUrl.ToString());

        using var browser = new StudioBrowser(Host.Origin);
        using var landing = await browser.LoginAsync(authorizedUrl);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.NotNull(browser.Xsrf);

        using (var withoutXsrf = await browser.PostTerminalAsync(sendXsrf: false))
        {
            Assert.Equal(HttpStatusCode.Forbidden, withoutXsrf.StatusCode);
        }

        var terminal = await browser.CreateTerminalAsync();
        await using var socket = await browser.ConnectTerminalAsync(terminal, origin: Host.Origin.ToString().TrimEnd('/'));
        var output = await socket.RunAsync("echo \"answer=$((6*7)) home=$HOME\"", TimeSpan.FromSeconds(20));
        Assert.Contains("answer=42", output);
        Assert.Contains($"home={Host.UserHome(user)}", output);
    }

    [Fact]
    public async Task AwsCliWithAWrongSecretGetsInvalidSignature()
    {
        var result = await AwsCli.SageMakerAsync(Host.Origin, SandboxHost.AccessKeyId, "not-the-secret", ["describe-domain", "--domain-id", SandboxHost.DomainId]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(InvalidSignatureException)", result.Stderr);
    }

    [Fact]
    public async Task AwsCliWithAnUnknownAccessKeyGetsUnrecognizedClient()
    {
        var result = await AwsCli.SageMakerAsync(Host.Origin, "AKIAUNKNOWNEXAMPLE99", SandboxHost.SecretAccessKey, ["describe-domain", "--domain-id", SandboxHost.DomainId]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(UnrecognizedClientException)", result.Stderr);
    }

    [Fact]
    public async Task AwsCliDescribesTheDomainAndListsAndDeletesApps()
    {
        const string user = "cli-deleter";
        await Host.SageMaker.CreateReadyUserAsync(user);
        var pid = await Host.Admin.GetJupyterProcessIdAsync(user);
        Assert.NotNull(pid);

        var domain = await CliAsync("describe-domain", "--domain-id", SandboxHost.DomainId);
        Assert.Equal("IAM", domain.GetProperty("AuthMode").GetString());
        Assert.Equal(Host.Origin.ToString().TrimEnd('/'), domain.GetProperty("Url").GetString());

        var profile = await CliAsync("describe-user-profile", "--domain-id", SandboxHost.DomainId, "--user-profile-name", user);
        Assert.Equal("InService", profile.GetProperty("Status").GetString());

        await CliAsync(AppArguments("delete-app", user));
        await Host.SageMaker.WaitForJupyterServerStatusAsync(user, "Deleted", TimeSpan.FromSeconds(20));
        Assert.False(SandboxProcesses.IsAlive(pid.Value));

        var apps = await CliAsync("list-apps", "--domain-id-equals", SandboxHost.DomainId, "--user-profile-name-equals", user);
        var app = Assert.Single(apps.GetProperty("Apps").EnumerateArray());
        Assert.Equal("Deleted", app.GetProperty("Status").GetString());
        Assert.Equal(JsonValueKind.Number, app.GetProperty("CreationTime").ValueKind);
    }

    [Fact]
    public async Task AwsCliTakesASpaceFromCreationThroughItsJupyterLabToDeletion()
    {
        const string owner = "cli-space-owner";
        const string space = "cli-space";
        await CliAsync("create-user-profile", "--domain-id", SandboxHost.DomainId, "--user-profile-name", owner);
        var created = await CliAsync(
            "create-space", "--domain-id", SandboxHost.DomainId, "--space-name", space,
            "--ownership-settings", $"OwnerUserProfileName={owner}", "--space-sharing-settings", "SharingType=Private",
            "--space-settings", "AppType=JupyterLab", "--space-display-name", "CLI space");
        Assert.Equal($"arn:aws:sagemaker:{SandboxHost.Region}:{SandboxHost.AccountId}:space/{SandboxHost.DomainId}/{space}", created.GetProperty("SpaceArn").GetString());

        var described = await CliAsync("describe-space", "--domain-id", SandboxHost.DomainId, "--space-name", space);
        Assert.Equal("InService", described.GetProperty("Status").GetString());
        Assert.Equal(owner, described.GetProperty("OwnershipSettings").GetProperty("OwnerUserProfileName").GetString());
        Assert.Equal("CLI space", described.GetProperty("SpaceDisplayName").GetString());
        Assert.Equal(Host.SpaceOrigin.GetLeftPart(UriPartial.Authority), new Uri(described.GetProperty("Url").GetString()!).GetLeftPart(UriPartial.Authority));
        var listed = await CliAsync("list-spaces", "--domain-id-equals", SandboxHost.DomainId, "--space-name-contains", space);
        Assert.Equal(space, Assert.Single(listed.GetProperty("Spaces").EnumerateArray()).GetProperty("SpaceName").GetString());

        var app = await CliAsync(SpaceAppArguments("create-app", space));
        Assert.Equal($"arn:aws:sagemaker:{SandboxHost.Region}:{SandboxHost.AccountId}:app/{SandboxHost.DomainId}/{space}/JupyterLab/default", app.GetProperty("AppArn").GetString());
        await Host.SageMaker.WaitForJupyterLabStatusAsync(space, "InService", TimeSpan.FromSeconds(60));

        var presigned = await CliAsync(
            "create-presigned-domain-url", "--domain-id", SandboxHost.DomainId, "--user-profile-name", owner,
            "--space-name", space, "--landing-uri", "app:JupyterLab:/", "--expires-in-seconds", "60");
        using var browser = StudioBrowser.ForSpace(Host.SpaceOrigin);
        using (var landing = await browser.LoginAsync(new Uri(presigned.GetProperty("AuthorizedUrl").GetString()!)))
        {
            Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        }

        await using (var socket = await browser.ConnectTerminalAsync(await browser.CreateTerminalAsync(), origin: Host.SpaceOrigin.GetLeftPart(UriPartial.Authority)))
        {
            Assert.Contains("answer=42", await socket.RunAsync("echo \"answer=$((6*7))\"", TimeSpan.FromSeconds(20)));
        }

        var refused = await AwsCli.SageMakerAsync(Host.Origin, SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey,
            ["create-space", "--domain-id", SandboxHost.DomainId, "--space-name", "cli-open", "--ownership-settings", $"OwnerUserProfileName={owner}", "--space-sharing-settings", "SharingType=Open"]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(ValidationException)", refused.Stderr);
        Assert.Contains("'spaceSharingSettings.sharingType'", refused.Stderr);

        await CliAsync(SpaceAppArguments("delete-app", space));
        await Host.SageMaker.WaitForJupyterLabStatusAsync(space, "Deleted", TimeSpan.FromSeconds(20));
        await CliAsync("delete-space", "--domain-id", SandboxHost.DomainId, "--space-name", space);
        var gone = await AwsCli.SageMakerAsync(Host.Origin, SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey,
            ["describe-space", "--domain-id", SandboxHost.DomainId, "--space-name", space]);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("(ResourceNotFound)", gone.Stderr);
    }

    private static string[] SpaceAppArguments(string command, string space) =>
        [command, "--domain-id", SandboxHost.DomainId, "--space-name", space, "--app-type", "JupyterLab", "--app-name", "default"];

    private static string[] AppArguments(string command, string user) =>
        [command, "--domain-id", SandboxHost.DomainId, "--user-profile-name", user, "--app-type", "JupyterServer", "--app-name", "default"];

    private Task<JsonElement> CliAsync(params string[] arguments) => CliAsync((IEnumerable<string>)arguments);

    private async Task<JsonElement> CliAsync(IEnumerable<string> arguments)
    {
        var result = await AwsCli.SageMakerAsync(Host.Origin, SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey, arguments);
        Assert.True(result.ExitCode == 0, $"aws sagemaker {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Stderr}");
        return result.Stdout.Trim().Length == 0 ? default : JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }
}
