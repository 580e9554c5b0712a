using System.Text.Json;
using AutoInstaller.Tests.Hosting;
using AutoInstaller.Tests.Pipeline;
using AutoInstaller.Tests.Sandbox;

namespace AutoInstaller.Tests.Cli;

/// <summary>The published bootstrap's verbs with <c>AUTO_INSTALLER_SETUP_SCRIPT_S3_URI</c>: the script comes from the sandbox's S3.</summary>
public sealed class S3ReplayTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task ReplayReadsTheScriptFromS3AndReportsWhichObjectRan()
    {
        using var s3 = new S3TestClient(fixture.Host.Origin);
        await s3.CreateBucketAsync("cli-scripts");
        var versionId = await s3.PutObjectAsync("cli-scripts", "studio/setup.sh", "# step: hello\necho \"hello from s3\"\n"u8.ToArray());
        var eventFile = Path.Combine(fixture.Host.Root, "s3-cli-event.json");
        await File.WriteAllBytesAsync(eventFile, await new PipelineHarness(fixture.Host).CreateAppAsync("s3-cli"));

        using var bootstrap = BootstrapProcess.Start(Environment(("AUTO_INSTALLER_SETUP_SCRIPT_S3_URI", "s3://cli-scripts/studio/setup.sh")),
            "replay", eventFile, "--endpoint-url", fixture.Host.Origin.ToString(), "--output", "json", "--verbose");
        var exitCode = await bootstrap.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, bootstrap.Stderr);
        using var json = JsonDocument.Parse(bootstrap.Stdout);
        var script = json.RootElement.GetProperty("script");
        Assert.Equal(("s3", "s3://cli-scripts/studio/setup.sh", versionId),
            (script.GetProperty("source").GetString(), script.GetProperty("location").GetString(), script.GetProperty("versionId").GetString()));
        Assert.Contains("Setup script read from S3 (uri: s3://cli-scripts/studio/setup.sh", bootstrap.Stderr);
        Assert.Contains("│ hello from s3", bootstrap.Stderr);
        Assert.Contains($"script:  s3 s3://cli-scripts/studio/setup.sh (etag {script.GetProperty("etag").GetString()}, version {versionId})", bootstrap.Stderr);
    }

    [Fact]
    public async Task AMissingObjectFailsTheReplayAndAConflictingSettingIsAUsageError()
    {
        var eventFile = Path.Combine(fixture.Host.Root, "s3-cli-missing-event.json");
        await File.WriteAllBytesAsync(eventFile, await new PipelineHarness(fixture.Host).CreateAppAsync("s3-cli-missing"));

        using var missing = BootstrapProcess.Start(Environment(("AUTO_INSTALLER_SETUP_SCRIPT_S3_URI", "s3://no-such-bucket/setup.sh")),
            "replay", eventFile, "--endpoint-url", fixture.Host.Origin.ToString());
        using var conflicting = BootstrapProcess.Start(
            Environment(("AUTO_INSTALLER_SETUP_SCRIPT_S3_URI", "s3://cli-scripts/setup.sh"), ("AUTO_INSTALLER_SETUP_RECIPES", "welcome")),
            "replay", eventFile, "--endpoint-url", fixture.Host.Origin.ToString());

        Assert.Equal(1, await missing.WaitForExitAsync(TimeSpan.FromMinutes(3)));
        Assert.Contains("outcome: failed (stage fetch: S3 GetObject s3://no-such-bucket/setup.sh answered 404 NoSuchBucket", missing.Stdout);
        Assert.Equal(2, await conflicting.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("AUTO_INSTALLER_SETUP_SCRIPT_S3_URI and AUTO_INSTALLER_SETUP_RECIPES are both set", conflicting.Stderr);
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("run")]
    public async Task HelpNamesTheS3Setting(string verb)
    {
        using var help = BootstrapProcess.Start(new Dictionary<string, string>(), verb, "--help");

        Assert.Equal(0, await help.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("AUTO_INSTALLER_SETUP_SCRIPT_S3_URI", help.Stdout);
    }

    private Dictionary<string, string> Environment(params (string Name, string Value)[] settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = SandboxHost.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = SandboxHost.SecretAccessKey,
            ["AWS_REGION"] = SandboxHost.Region,
            ["AUTO_INSTALLER_S3_ENDPOINT"] = new Uri(fixture.Host.Origin, "/s3").ToString(),
        };
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        return environment;
    }
}
