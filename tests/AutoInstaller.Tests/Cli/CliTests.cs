using System.Text.Json;
using AutoInstaller.Tests.Hosting;
using AutoInstaller.Tests.Jupyter;
using AutoInstaller.Tests.Pipeline;
using AutoInstaller.Tests.Sandbox;

namespace AutoInstaller.Tests.Cli;

/// <summary>The published bootstrap's verbs, as a person runs them: against the sandbox and a plain Jupyter server.</summary>
public sealed class CliTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task HelpListsTheVerbsAndTheirOptions()
    {
        var root = await RunAsync([], "--help");
        var replay = await RunAsync([], "replay", "--help");
        var run = await RunAsync([], "run", "--help");

        Assert.Equal(0, root.ExitCode);
        Assert.Contains("replay <EVENT>", root.Stdout);
        Assert.Contains("run ", root.Stdout);
        Assert.Equal(0, replay.ExitCode);
        Assert.Contains("--endpoint-url", replay.Stdout);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--jupyter-url", run.Stdout);
    }

    [Theory]
    [InlineData(new[] { "replay" }, "Required argument missing for command: 'replay'")]
    [InlineData(new[] { "frobnicate" }, "Unrecognized command or argument 'frobnicate'")]
    [InlineData(new[] { "replay", "x.json", "--output", "yaml" }, "Argument 'yaml' not recognized")]
    [InlineData(new[] { "replay", "/no/such/event.json" }, "event file '/no/such/event.json' does not exist")]
    [InlineData(new[] { "run", "--jupyter-url", "ftp://host/", "--script", "/dev/null" }, "--jupyter-url 'ftp://host/' is not an http(s) URL")]
    public async Task UsageErrorsSayWhatToFixAndExitTwo(string[] arguments, string message)
    {
        var result = await RunAsync([], arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public async Task ReplaySucceedsAgainstTheSandboxWithJsonOnStdout()
    {
        var eventFile = await CreateAppEventAsync("cli-ok");
        var script = await ScriptAsync("cli-ok.sh", "# step: hello\necho \"hello $AUTO_INSTALLER_USER_PROFILE\"\n# step: bye\necho bye\n");

        var result = await RunAsync(SandboxEnvironment(), "replay", eventFile, "--endpoint-url", fixture.Host.Origin.ToString(), "--script", script, "--output", "json", "--verbose");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("succeeded", json.RootElement.GetProperty("outcome").GetString());
        Assert.Contains("✓ hello (exit 0", result.Stderr);
        Assert.Contains("│ hello cli-ok", result.Stderr);
        Assert.Contains("outcome: succeeded", result.Stderr);
    }

    [Fact]
    public async Task ReplayOfAFailingScriptExitsOne()
    {
        var eventFile = await CreateAppEventAsync("cli-fail");
        var script = await ScriptAsync("cli-fail.sh", "# step: broken\nexit 4\n# step: later\necho never\n");

        var result = await RunAsync(SandboxEnvironment(), "replay", eventFile, "--endpoint-url", fixture.Host.Origin.ToString(), "--script", script);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("outcome: failed (step 'broken' exited with 4)", result.Stdout);
        Assert.Contains("✗ broken (exit 4", result.Stderr);
        Assert.Matches(@"later\s+not-run", result.Stdout);
    }

    [Theory]
    [InlineData("create-app-kernelgateway.json", "outcome: skipped (app type 'KernelGateway' is not enabled (enabled: JupyterLab, JupyterServer))")]
    [InlineData("malformed.json", "outcome: skipped (malformed event: invalid JSON or wrong type at $.detail.requestParameters)")]
    public async Task ReplayOfASkippedEventExitsZero(string sample, string summary)
    {
        var result = await RunAsync(SandboxEnvironment(), "replay", RepoPaths.Combine("events", sample),
            "--endpoint-url", fixture.Host.Origin.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(summary, result.Stdout);
    }

    [Fact]
    public async Task RunSetsUpAPlainJupyterServerWithAToken()
    {
        await using var jupyter = await JupyterServer.StartAsync(JupyterServerAuth.Token);
        var script = await ScriptAsync("cli-run.sh", "# step: write\necho from-run > \"$HOME/run.txt\"\n# step: read\ncat \"$HOME/run.txt\"\n");

        var result = await RunAsync(new Dictionary<string, string> { ["JUPYTER_TOKEN"] = jupyter.Token! },
            "run", "--jupyter-url", jupyter.BaseUri.ToString(), "--script", script, "--output", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("succeeded", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("from-run", json.RootElement.GetProperty("steps")[1].GetProperty("outputTail")[0].GetString());
        Assert.DoesNotContain(jupyter.Token!, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> CreateAppEventAsync(string user)
    {
        var harness = new PipelineHarness(fixture.Host);
        var path = Path.Combine(fixture.Host.Root, $"{user}-event.json");
        await File.WriteAllBytesAsync(path, await harness.CreateAppAsync(user));
        return path;
    }

    private async Task<string> ScriptAsync(string name, string text)
    {
        var path = Path.Combine(fixture.Host.Root, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private static Dictionary<string, string> SandboxEnvironment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = SandboxHost.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SandboxHost.SecretAccessKey,
        ["AWS_REGION"] = SandboxHost.Region,
    };

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        using var bootstrap = BootstrapProcess.Start(environment, arguments);
        var exitCode = await bootstrap.WaitForExitAsync(Timeout);
        return (exitCode, bootstrap.Stdout, bootstrap.Stderr);
    }
}
