using System.Diagnostics;
using System.Net;
using System.Text;
using AutoInstaller.Setup;
using AutoInstaller.Tests.Jupyter;
using AutoInstaller.Tests.Pipeline;
using AutoInstaller.Tests.Sandbox;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Recipes;

/// <summary>
/// The shipped recipes in new Studio's JupyterLab app of a private space, through the whole pipeline, each twice
/// (the second run changes nothing). The sandbox's space apps serve Jupyter under <c>/jupyterlab/default/</c>.
/// </summary>
public sealed class SpaceRecipeRunTests(SandboxFixture fixture, ITestOutputHelper output) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private readonly PipelineHarness harness = new(fixture.Host, StudioAppKind.Space);

    public Task InitializeAsync() => fixture.Host.Admin.ResetFaultsAsync();

    public Task DisposeAsync()
    {
        output.WriteLine(harness.Logs);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task GitConfigPipIndexAndWelcomeChangeTheSpacesHomeOnce()
    {
        var eventJson = await harness.CreateAppAsync("filer");
        var script = ScriptFor("git-config,pip-index,welcome", ("AUTO_INSTALLER_PIP_INDEX_URL", "https://pypi.internal.example.com/simple/"));

        var first = await harness.RunAsync(eventJson, script);
        var second = await harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), script);

        Assert.Equal((SetupOutcome.Succeeded, SetupOutcome.Succeeded), (first.Outcome, second.Outcome));
        var home = harness.Home("filer");
        Assert.Contains("name = filer-owner", await File.ReadAllTextAsync(Path.Combine(home, ".gitconfig")));
        Assert.Contains("index-url = https://pypi.internal.example.com/simple/", await File.ReadAllTextAsync(Path.Combine(home, ".config", "pip", "pip.conf")));
        Assert.True(File.Exists(Path.Combine(home, "WELCOME.md")));
        var again = string.Join('\n', second.Steps.SelectMany(s => s.OutputTail));
        Assert.DoesNotContain(" set to ", again);
        Assert.Contains("pip-index: ~/.config/pip/pip.conf already uses https://pypi.internal.example.com/simple/", again);
        Assert.Contains("welcome: already done", again);
    }

    [Fact]
    public async Task DisableDownloadRestartsTheSpacesJupyterOnce()
    {
        var eventJson = await harness.CreateAppAsync("sealed");
        await harness.WaitForInServiceAsync("sealed");
        var before = await fixture.Host.Admin.GetSpaceJupyterProcessIdAsync("sealed");
        var script = ScriptFor("disable-download");

        var first = await harness.RunAsync(eventJson, script);
        await WaitForNewServerAsync("sealed", before);
        var second = await harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), script);

        Assert.Equal((SetupOutcome.Succeeded, SetupOutcome.Succeeded), (first.Outcome, second.Outcome));
        Assert.Contains("disable-download: restarting the Jupyter server to apply it", first.Steps.Single().OutputTail);
        Assert.Equal(["disable-download: downloads already disabled in ~/.jupyter/jupyter_server_config.json"], second.Steps.Single().OutputTail);
    }

    [Fact]
    public async Task CodeServerRegistersBelowTheSpacesBaseUrlAndAnswersThroughTheProxy()
    {
        var eventJson = await harness.CreateAppAsync("vscode");
        var home = harness.Home("vscode");
        // The space's JupyterLab runs in the Debian 13 root, which sees the sandbox's root but not the host's /tmp.
        await StandInJupyterServerProxy.InstallAsync(home, "4.4.0", JupyterServer.Trixie);
        var tarball = await RecipeRunTests.StandInCodeServerTarballAsync("9.9.9", Path.GetDirectoryName(home));
        var script = ScriptFor("code-server", ("AUTO_INSTALLER_CODE_SERVER_VERSION", "9.9.9"), ("AUTO_INSTALLER_CODE_SERVER_URL", new Uri(tarball).AbsoluteUri), ("AUTO_INSTALLER_CODE_SERVER_PORT", "18090"));
        try
        {
            await harness.WaitForInServiceAsync("vscode");
            await RestartJupyterAsync("vscode");
            var first = await harness.RunAsync(eventJson, script);
            var second = await harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), script);

            Assert.Equal((SetupOutcome.Succeeded, SetupOutcome.Succeeded), (first.Outcome, second.Outcome));
            Assert.Contains("code-server: registered with jupyter-server-proxy 4.4.0 as /jupyterlab/default/code-server/ in ~/.jupyter/jupyter_server_config.json, from the Jupyter server's next start", first.Steps.Single().OutputTail);
            Assert.Contains("code-server: already registered with jupyter-server-proxy 4.4.0 as /jupyterlab/default/code-server/", second.Steps.Single().OutputTail);
            Assert.Contains("code-server: already running (pid ", string.Join('\n', second.Steps.Single().OutputTail));
            Assert.Equal("code-server: open /jupyterlab/default/proxy/18090/ on the space's Studio host (where its JupyterLab is)", second.Steps.Single().OutputTail.Last());
            Assert.Equal(HttpStatusCode.OK, await SpaceStatusAsync("vscode", "proxy/18090/"));

            await RestartJupyterAsync("vscode");
            Assert.Equal(HttpStatusCode.OK, await SpaceStatusAsync("vscode", "code-server/"));
        }
        finally
        {
            RecipeRunTests.StopStandInCodeServer(home);
            File.Delete(tarball);
        }
    }

    [Fact]
    public async Task AutoShutdownRunsOneIdleCheckerThatSurvivesJupyterRestartsAndDeletesTheIdleApp()
    {
        var eventJson = await harness.CreateAppAsync("sleepy");
        var home = harness.Home("sleepy");
        var script = ScriptFor("auto-shutdown", ("AUTO_INSTALLER_AUTO_SHUTDOWN_IDLE_MINUTES", "30"), ("AUTO_INSTALLER_AUTO_SHUTDOWN_KEEP_TERMINALS", "true"));
        harness.StepEnvironment = new Dictionary<string, string>(harness.StepEnvironment!)
        {
            ["AUTO_INSTALLER_AUTO_SHUTDOWN_SAGEMAKER_ENDPOINT"] = fixture.Host.Origin.GetLeftPart(UriPartial.Authority),
            ["PATH"] = $"{await AwsCliDirectoryAsync(home)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:{Path.Combine(fixture.Host.Root, "bin")}",
        }.Concat(AwsEnvironment()).ToDictionary();

        var first = await harness.RunAsync(eventJson, script);

        Assert.Equal(SetupOutcome.Succeeded, first.Outcome);
        var firstLines = first.Steps.Single().OutputTail;
        Assert.Matches(@"^auto-shutdown: the Jupyter server \(pid \d+\) runs /usr/bin/python3 at /jupyterlab/default/$", firstLines.First());
        Assert.Matches(@"^auto-shutdown: idle checker started \(pid \d+; now busy; 1 open terminal\(s\) keep the app running\); log in ~/\.auto-installer/auto-shutdown/idle-checker\.log$", firstLines.ElementAt(1));
        Assert.Equal("auto-shutdown: DeleteApp for sleepy/JupyterLab/default after 30 idle minutes; open terminals keep the app running", firstLines.Last());
        var checker = int.Parse(await File.ReadAllTextAsync(Path.Combine(home, ".auto-installer", "auto-shutdown", "idle-checker.pid")));
        Assert.True(IsRunning(checker));

        await RestartJupyterAsync("sleepy");
        Assert.True(IsRunning(checker), "the idle checker did not survive a Jupyter restart");
        var second = await harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), script);

        Assert.Equal(SetupOutcome.Succeeded, second.Outcome);
        Assert.Equal($"auto-shutdown: the idle checker already runs (pid {checker}) with these settings", second.Steps.Single().OutputTail.ElementAt(1));
        Assert.Single(Directory.GetFiles(Path.Combine(home, ".auto-installer", "auto-shutdown"), "idle-checker.pid"));

        using var browser = StudioBrowser.ForSpace(fixture.Host.SpaceOrigin);
        (await browser.LoginAsync(await fixture.Host.SageMaker.CreatePresignedSpaceUrlAsync(harness.SignedInAs("sleepy"), "sleepy"))).Dispose();
        var terminal = await browser.CreateTerminalAsync();
        var later = DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds();
        var (kept, keptLog) = await CheckAsync(home, later);
        Assert.Equal(3, kept);
        Assert.Contains("sleepy/JupyterLab/default not idle (1 open terminal(s) keep the app running", keptLog);
        var (notYet, notYetLog) = await CheckAsync(home, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(3, notYet);
        Assert.Equal("InService", await fixture.Host.SageMaker.GetJupyterLabStatusAsync("sleepy"));

        Assert.Equal(HttpStatusCode.NoContent, await browser.DeleteTerminalAsync(terminal));

        var (stopped, stoppedLog) = await CheckAsync(home, later);
        Assert.True(stopped == 0, stoppedLog);
        Assert.Contains("sleepy/JupyterLab/default idle for ", stoppedLog);
        Assert.Contains("DeleteApp for d-sandbox00001/sleepy/JupyterLab/default accepted", stoppedLog);
        await fixture.Host.SageMaker.WaitForJupyterLabStatusAsync("sleepy", "Deleted", TimeSpan.FromSeconds(60));
        Assert.False(IsRunning(checker), "deleting the app left its idle checker running");
        output.WriteLine($"idle checker: {notYetLog.Trim()}");
    }

    /// <summary>One check of the installed idle checker as of <paramref name="at"/>, as the app's role would run it; its exit code and output.</summary>
    private static async Task<(int ExitCode, string Output)> CheckAsync(string home, long at)
    {
        var state = Path.Combine(home, ".auto-installer", "auto-shutdown");
        var start = new ProcessStartInfo("python3", [Path.Combine(state, "idle-checker.py"), "check", Path.Combine(state, "idle-checker.json"), at.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = home;
        foreach (var (name, value) in AwsEnvironment())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// A folder with <c>aws</c>, the AWS CLI of this machine, as Studio's images have it on PATH (/opt/conda/bin): a
    /// terminal's login shell starts from /etc/profile's PATH, which may not have the CLI here.
    /// </summary>
    private static async Task<string> AwsCliDirectoryAsync(string home)
    {
        var cli = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "aws")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("the AWS CLI (aws) is not on PATH: .ci/install-deps installs it");
        var bin = Directory.CreateDirectory(Path.Combine(home, ".test-bin")).FullName;
        await File.WriteAllTextAsync(Path.Combine(bin, "aws"), $"#!/bin/sh\nexec {cli} \"$@\"\n");
        await StandInAutoShutdownPackage.RunAsync("chmod", "0755", Path.Combine(bin, "aws"));
        return bin;
    }

    /// <summary>The app's role as the AWS CLI inside the app would find it: here the sandbox's credentials, nothing from this machine.</summary>
    private static Dictionary<string, string> AwsEnvironment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = SandboxHost.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SandboxHost.SecretAccessKey,
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_MAX_ATTEMPTS"] = "1",
    };

    private static bool IsRunning(int pid) => File.Exists($"/proc/{pid}/cmdline") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private string ScriptFor(string recipes, params (string Name, string Value)[] parameters)
    {
        var composed = RecipeRunTests.Compose(recipes, parameters);
        harness.StepEnvironment = composed.Environment;
        return Encoding.UTF8.GetString(composed.Script);
    }

    private async Task RestartJupyterAsync(string space)
    {
        var before = await fixture.Host.Admin.GetSpaceJupyterProcessIdAsync(space);
        await fixture.Host.Admin.RestartSpaceJupyterAsync(space);
        await WaitForNewServerAsync(space, before);
    }

    private async Task WaitForNewServerAsync(string space, int? before)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        int? pid;
        while ((pid = await fixture.Host.Admin.GetSpaceJupyterProcessIdAsync(space)) is null || pid == before)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the Jupyter server of space {space} was not restarted");
            await Task.Delay(200);
        }

        await harness.WaitForInServiceAsync(space);
    }

    /// <summary>The status of a route below the space's <c>/jupyterlab/default/</c>, signed in as its owner.</summary>
    private async Task<HttpStatusCode> SpaceStatusAsync(string space, string path)
    {
        using var browser = StudioBrowser.ForSpace(fixture.Host.SpaceOrigin);
        (await browser.LoginAsync(await fixture.Host.SageMaker.CreatePresignedSpaceUrlAsync(harness.SignedInAs(space), space))).Dispose();
        using var response = await browser.GetAsync($"/jupyterlab/default/{path}");
        return response.StatusCode;
    }
}
