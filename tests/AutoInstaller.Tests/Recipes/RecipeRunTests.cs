using System.Net;
using System.Text;
using AutoInstaller.Setup;
using AutoInstaller.Tests.Pipeline;
using AutoInstaller.Tests.Sandbox;
using Xunit.Abstractions;

namespace AutoInstaller.Tests.Recipes;

/// <summary>
/// Each shipped recipe composed as the function composes it, run twice through the whole pipeline on a real Jupyter
/// server (one user per test): the first run makes its change, the second finds it done and changes nothing.
/// </summary>
public sealed class RecipeRunTests(SandboxFixture fixture, ITestOutputHelper output) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private readonly PipelineHarness harness = new(fixture.Host);

    public Task InitializeAsync() => fixture.Host.Admin.ResetFaultsAsync();

    public Task DisposeAsync()
    {
        output.WriteLine(harness.Logs);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task GitConfigSetsIdentityBranchAndCodeCommitHelperOnce()
    {
        var (first, second) = await RunTwiceAsync("gitter", "git-config", ("AUTO_INSTALLER_GIT_USER_EMAIL", "{user}@example.com"), ("AUTO_INSTALLER_GIT_DEFAULT_BRANCH", "trunk"));

        var gitconfig = await File.ReadAllTextAsync(Path.Combine(fixture.Host.UserHome("gitter"), ".gitconfig"));
        Assert.Contains("name = gitter", gitconfig);
        Assert.Contains("email = gitter@example.com", gitconfig);
        Assert.Contains("defaultBranch = trunk", gitconfig);
        Assert.Contains("[credential \"https://git-codecommit.us-east-1.amazonaws.com\"]", gitconfig);
        Assert.Contains("helper = !aws codecommit credential-helper $@", gitconfig);
        Assert.Contains("git-config: user.email set to 'gitter@example.com'", first);
        Assert.DoesNotContain(" set to ", second);
        Assert.Contains("git-config: user.name already 'gitter' (kept)", second);
        Assert.Contains("git-config: init.defaultBranch already 'trunk'", second);
    }

    [Fact]
    public async Task PipIndexPointsPipAndCondaAtThePrivateIndexOnce()
    {
        var home = fixture.Host.UserHome("piper");
        await fixture.Host.SageMaker.CreateUserProfileAsync("piper");
        Directory.CreateDirectory(Path.Combine(home, ".config", "pip"));
        await File.WriteAllTextAsync(Path.Combine(home, ".config", "pip", "pip.conf"), """
            # The team's pip settings: this comment stays.
            [global]
            timeout = 60
            ; the public index, until the private one
            INDEX_URL = https://pypi.org/simple
                https://mirror.example.com/simple

            [install]
            # keep installs in the environment
            user = false

            """);
        const string index = "https://example-111122223333.d.codeartifact.us-east-1.amazonaws.com/pypi/team/simple/";

        var (first, second) = await RunTwiceAsync("piper", "pip-index", ("AUTO_INSTALLER_PIP_INDEX_URL", index),
            ("AUTO_INSTALLER_PIP_TRUSTED_HOST", "pypi.internal.example.com"), ("AUTO_INSTALLER_PIP_CONDA_CHANNEL", "https://conda.example.com/main"));

        Assert.Equal($"""
            # The team's pip settings: this comment stays.
            [global]
            timeout = 60
            ; the public index, until the private one
            index-url = {index}
            trusted-host = pypi.internal.example.com

            [install]
            # keep installs in the environment
            user = false

            """, await File.ReadAllTextAsync(Path.Combine(home, ".config", "pip", "pip.conf")));
        Assert.Equal("# Written by Studio Auto-Installer (recipe pip-index).\nchannels:\n  - https://conda.example.com/main\n", await File.ReadAllTextAsync(Path.Combine(home, ".condarc")));
        Assert.Contains($"pip-index: ~/.config/pip/pip.conf now uses {index}", first);
        Assert.Contains($"pip-index: ~/.config/pip/pip.conf already uses {index}", second);
        Assert.Contains("pip-index: ~/.condarc already uses https://conda.example.com/main", second);
    }

    [Fact]
    public async Task WelcomeCopiesTheStarterFilesOnceAndKeepsTheUsersChanges()
    {
        var home = fixture.Host.UserHome("newcomer");
        var starters = Directory.GetFiles(RepoPaths.Combine("setup", "welcome")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var eventJson = await harness.CreateAppAsync("newcomer");
        var script = ScriptFor("welcome");

        var first = await harness.RunAsync(eventJson, script);
        Assert.Equal(SetupOutcome.Succeeded, first.Outcome);
        foreach (var name in starters)
        {
            Assert.Equal(await File.ReadAllBytesAsync(RepoPaths.Combine("setup", "welcome", name!)), await File.ReadAllBytesAsync(Path.Combine(home, name!)));
        }

        await File.WriteAllTextAsync(Path.Combine(home, "WELCOME.md"), "my own notes\n");
        File.Delete(Path.Combine(home, "getting-started.py"));
        var second = await harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), script);

        Assert.Equal(SetupOutcome.Succeeded, second.Outcome);
        Assert.Equal([$"welcome: already done ({starters.Length} starter files copied before)"], second.Steps.Single().OutputTail);
        Assert.Equal("my own notes\n", await File.ReadAllTextAsync(Path.Combine(home, "WELCOME.md")));
        Assert.False(File.Exists(Path.Combine(home, "getting-started.py")));
    }

    [Fact]
    public async Task DisableDownloadClosesFilesRouteThroughARestartAndSucceeds()
    {
        var eventJson = await harness.CreateAppAsync("locked");
        await File.WriteAllTextAsync(Path.Combine(fixture.Host.UserHome("locked"), "data.csv"), "a,b\n1,2\n");
        await harness.WaitForInServiceAsync("locked");
        Assert.Equal(HttpStatusCode.OK, await DownloadStatusAsync("locked", "data.csv"));
        var script = Encoding.UTF8.GetString(Compose("disable-download").Script);
        var serverBefore = await fixture.Host.Admin.GetJupyterProcessIdAsync("locked");

        var first = await harness.RunAsync(eventJson, script);
        await WaitForNewServerAsync("locked", serverBefore);
        var second = await harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), script);

        Assert.Equal(SetupOutcome.Succeeded, first.Outcome);
        Assert.Contains("disable-download: restarting the Jupyter server to apply it", first.Steps.Single().OutputTail);
        Assert.Equal(HttpStatusCode.NotFound, await DownloadStatusAsync("locked", "data.csv"));
        Assert.Equal(SetupOutcome.Succeeded, second.Outcome);
        Assert.Equal(0, second.Reconnects);
        Assert.Equal(["disable-download: downloads already disabled in ~/.jupyter/jupyter_server_config.json"], second.Steps.Single().OutputTail);
    }

    [Fact]
    public async Task CodeServerInstallsFromTheConfiguredTarballAndStartsOnce()
    {
        var home = fixture.Host.UserHome("coder");
        var tarball = await StandInCodeServerTarballAsync("9.9.9");
        try
        {
            var (first, second) = await RunTwiceAsync("coder", "code-server",
                ("AUTO_INSTALLER_CODE_SERVER_VERSION", "9.9.9"), ("AUTO_INSTALLER_CODE_SERVER_URL", new Uri(tarball).AbsoluteUri), ("AUTO_INSTALLER_CODE_SERVER_PORT", "18080"));

            var installed = Path.Combine(home, ".local", "lib", "code-server-9.9.9", "bin", "code-server");
            Assert.True(File.Exists(installed));
            Assert.Equal(installed, new FileInfo(Path.Combine(home, ".local", "bin", "code-server")).LinkTarget);
            Assert.Equal($"--auth none --bind-addr 127.0.0.1:18080 --disable-telemetry {home}\n", await File.ReadAllTextAsync(Path.Combine(home, "stand-in-code-server.args")));
            Assert.Contains($"code-server: {new Uri(tarball).AbsoluteUri} has SHA-256 {Sha256(tarball)} (unpinned: set AUTO_INSTALLER_CODE_SERVER_SHA256 to pin it)", first);
            Assert.Contains("code-server: 9.9.9 installed in ~/.local/lib/code-server-9.9.9", first);
            Assert.Contains("code-server: started (pid ", first);
            Assert.Contains("code-server: answers on 127.0.0.1:18080", first);
            Assert.Contains("code-server: 9.9.9 already installed in ~/.local/lib/code-server-9.9.9", second);
            Assert.Contains("code-server: ~/.local/bin/code-server already points to 9.9.9", second);
            Assert.Contains("code-server: already running (pid ", second);
            Assert.DoesNotContain("SHA-256", second);
            Assert.Contains("code-server: jupyter-server-proxy is not installed for /usr/bin/python3 (the Jupyter server's Python): Jupyter has no route to code-server, so the URL below answers 404 until the image has it", second);
            Assert.False(File.Exists(Path.Combine(home, ".jupyter", "jupyter_server_config.json")));
            Assert.EndsWith($"code-server: open https://{SandboxHost.DomainId}.studio.{SandboxHost.Region}.sagemaker.aws/jupyter/default/proxy/18080/", second);
        }
        finally
        {
            StopStandInCodeServer(home);
            File.Delete(tarball);
        }
    }

    [Fact]
    public async Task CodeServerWhoseDownloadDoesNotMatchThePinnedChecksumInstallsNothing()
    {
        var home = fixture.Host.UserHome("pinned");
        var tarball = await StandInCodeServerTarballAsync("9.9.8");
        var other = new string('0', 64);
        (string, string)[] settings = [("AUTO_INSTALLER_CODE_SERVER_VERSION", "9.9.8"), ("AUTO_INSTALLER_CODE_SERVER_URL", new Uri(tarball).AbsoluteUri), ("AUTO_INSTALLER_CODE_SERVER_PORT", "18082")];
        try
        {
            var eventJson = await harness.CreateAppAsync("pinned");
            var refused = await harness.RunAsync(eventJson, ScriptFor("code-server", [.. settings, ("AUTO_INSTALLER_CODE_SERVER_SHA256", other)]));

            Assert.Equal(SetupOutcome.Failed, refused.Outcome);
            Assert.Equal($"code-server: {new Uri(tarball).AbsoluteUri} has SHA-256 {Sha256(tarball)}, not {other} (AUTO_INSTALLER_CODE_SERVER_SHA256): nothing installed", refused.Steps.Single().OutputTail.Last());
            Assert.False(Directory.Exists(Path.Combine(home, ".local", "lib", "code-server-9.9.8")));
            Assert.False(File.Exists(Path.Combine(home, ".local", "bin", "code-server")));
            Assert.False(File.Exists(Path.Combine(home, ".auto-installer", "code-server", "pid")));

            var accepted = await harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), ScriptFor("code-server", [.. settings, ("AUTO_INSTALLER_CODE_SERVER_SHA256", Sha256(tarball).ToUpperInvariant())]));

            Assert.Equal(SetupOutcome.Succeeded, accepted.Outcome);
            Assert.Contains($"code-server: {new Uri(tarball).AbsoluteUri} matches AUTO_INSTALLER_CODE_SERVER_SHA256", accepted.Steps.Single().OutputTail);
            Assert.True(File.Exists(Path.Combine(home, ".local", "lib", "code-server-9.9.8", "bin", "code-server")));
        }
        finally
        {
            StopStandInCodeServer(home);
            File.Delete(tarball);
        }
    }

    [Fact]
    public async Task CodeServerRegistersWithJupyterServerProxyFourByNameKeepingOtherSettings()
    {
        var home = fixture.Host.UserHome("proxied");
        var config = Path.Combine(home, ".jupyter", "jupyter_server_config.json");
        await fixture.Host.SageMaker.CreateUserProfileAsync("proxied");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        await File.WriteAllTextAsync(config, """{"ServerApp": {"iopub_data_rate_limit": 10000000}}""");
        await StandInJupyterServerProxy.InstallAsync(home, "4.1.2");
        var tarball = await StandInCodeServerTarballAsync("9.9.9");
        (string, string)[] parameters = [("AUTO_INSTALLER_CODE_SERVER_VERSION", "9.9.9"), ("AUTO_INSTALLER_CODE_SERVER_URL", new Uri(tarball).AbsoluteUri), ("AUTO_INSTALLER_CODE_SERVER_PORT", "18081")];
        try
        {
            var (first, second) = await RunTwiceAsync("proxied", "code-server", parameters);

            Assert.Contains("code-server: registered with jupyter-server-proxy 4.1.2 as /jupyter/default/code-server/ in ~/.jupyter/jupyter_server_config.json, from the Jupyter server's next start", first);
            Assert.Contains("code-server: already registered with jupyter-server-proxy 4.1.2 as /jupyter/default/code-server/", second);
            using (var written = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(config)))
            {
                Assert.Equal(10000000, written.RootElement.GetProperty("ServerApp").GetProperty("iopub_data_rate_limit").GetInt32());
                var entry = written.RootElement.GetProperty("ServerProxy").GetProperty("servers").GetProperty("code-server");
                Assert.Equal("""{"port":18081,"launcher_entry":{"title":"VS Code"}}""", System.Text.Json.JsonSerializer.Serialize(entry));
            }

            await RestartJupyterAsync("proxied");
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (await ProxiedStatusAsync("proxied", "code-server/"), await ProxiedStatusAsync("proxied", "proxy/18081/")));

            await StandInJupyterServerProxy.InstallAsync(home, "3.2.2");
            await RestartJupyterAsync("proxied");
            Assert.Equal(HttpStatusCode.NotFound, await ProxiedStatusAsync("proxied", "proxy/18081/"));
            var third = await harness.RunAsync(PipelineHarness.WithNewEventId(await harness.EventForAsync("proxied")), Encoding.UTF8.GetString(Compose("code-server", parameters).Script));

            Assert.Equal(SetupOutcome.Succeeded, third.Outcome);
            Assert.Contains("code-server: removed the entry without a command from ~/.jupyter/jupyter_server_config.json", third.Steps.Single().OutputTail);
            Assert.Contains("code-server: jupyter-server-proxy 3.2.2 serves /proxy/18081/; a named route for a running process needs 4.0 or later", third.Steps.Single().OutputTail);
            Assert.Equal("""{"ServerApp":{"iopub_data_rate_limit":10000000}}""",
                System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(config)).RootElement));
            await RestartJupyterAsync("proxied");
            Assert.Equal(HttpStatusCode.OK, await ProxiedStatusAsync("proxied", "proxy/18081/"));
        }
        finally
        {
            StopStandInCodeServer(home);
            File.Delete(tarball);
        }
    }

    [Fact]
    public async Task AutoShutdownInstallsTheExtensionThroughARestartAndLaterOnlySetsTheIdleTime()
    {
        var home = fixture.Host.UserHome("idler");
        var packages = Directory.CreateTempSubdirectory("auto-shutdown-").FullName;
        try
        {
            var wheel = await StandInAutoShutdownPackage.WheelAsync("9.9.9", packages);
            var wheelUrl = new Uri(wheel).AbsoluteUri;
            var eventJson = await harness.CreateAppAsync("idler");
            await harness.WaitForInServiceAsync("idler");
            var script = AutoShutdownScript(("9.9.9", wheelUrl, "45", "true"), Sha256(wheel));
            var serverBefore = await fixture.Host.Admin.GetJupyterProcessIdAsync("idler");

            var first = await harness.RunAsync(eventJson, script);
            var serverAfter = await WaitForNewServerAsync("idler", serverBefore);

            Assert.Equal(SetupOutcome.Succeeded, first.Outcome);
            Assert.Equal(
                [
                    $"auto-shutdown: the Jupyter server (pid {serverBefore}) runs /usr/bin/python3 at /jupyter/default/",
                    $"auto-shutdown: downloading {wheelUrl}",
                    $"auto-shutdown: {wheelUrl} matches AUTO_INSTALLER_AUTO_SHUTDOWN_SHA256",
                    "auto-shutdown: sagemaker_studio_autoshutdown 9.9.9 installed in the user's site-packages (/usr/bin/python3 is externally managed)",
                    "auto-shutdown: server extension enabled in the user's Jupyter configuration",
                    $"auto-shutdown: restarting the Jupyter server (pid {serverBefore}) to load the extension",
                    "Jupyter server restart requested",
                    $"auto-shutdown: the Jupyter server is back (pid {serverAfter}) with the extension loaded",
                    "auto-shutdown: idle timeout set to 45 minutes at /jupyter/default/sagemaker-studio-autoshutdown/idle_checker; open terminals keep an app running",
                ],
                first.Steps.Single().OutputTail);
            var installed = InstalledDistribution(home, "9.9.9");
            Assert.DoesNotContain(Directory.GetDirectories("/usr/local/lib", "python3*"), p => Directory.Exists(Path.Combine(p, "dist-packages", "sagemaker_studio_autoshutdown")));
            var (idleSeconds, keepTerminals, loops) = await IdleCheckerAsync("idler");
            Assert.Equal((2700, true), (idleSeconds, keepTerminals));
            Assert.True(loops >= 1, $"the idle checks did not start: count {loops}");
            var installedAt = Directory.GetLastWriteTimeUtc(installed);

            var second = await harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), script);

            Assert.Equal(SetupOutcome.Succeeded, second.Outcome);
            Assert.Equal(0, second.Reconnects);
            Assert.Equal(
                [
                    $"auto-shutdown: the Jupyter server (pid {serverAfter}) runs /usr/bin/python3 at /jupyter/default/",
                    "auto-shutdown: sagemaker_studio_autoshutdown 9.9.9 already installed",
                    "auto-shutdown: the Jupyter server has the extension loaded",
                    "auto-shutdown: idle timeout set to 45 minutes at /jupyter/default/sagemaker-studio-autoshutdown/idle_checker; open terminals keep an app running",
                ],
                second.Steps.Single().OutputTail);
            Assert.Equal(serverAfter, await fixture.Host.Admin.GetJupyterProcessIdAsync("idler"));
            Assert.Equal(installedAt, Directory.GetLastWriteTimeUtc(installed));
            var (_, _, loopsLater) = await IdleCheckerAsync("idler");
            Assert.True(loopsLater >= loops, $"the idle checks started again in the same server: count {loops}, then {loopsLater}");

            var upgrade = new Uri(await StandInAutoShutdownPackage.WheelAsync("9.9.10", packages)).AbsoluteUri;
            var third = await harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), AutoShutdownScript(("9.9.10", upgrade, "30", "false")));
            var serverUpgraded = await WaitForNewServerAsync("idler", serverAfter);

            Assert.Equal(SetupOutcome.Succeeded, third.Outcome);
            Assert.Contains("auto-shutdown: sagemaker_studio_autoshutdown 9.9.10 installed in the user's site-packages (/usr/bin/python3 is externally managed)", third.Steps.Single().OutputTail);
            Assert.Contains($"auto-shutdown: the Jupyter server is back (pid {serverUpgraded}) with the extension loaded", third.Steps.Single().OutputTail);
            Assert.False(Directory.Exists(installed));
            InstalledDistribution(home, "9.9.10");
            var (upgradedIdle, upgradedKeep, _) = await IdleCheckerAsync("idler");
            Assert.Equal((1800, false), (upgradedIdle, upgradedKeep));
            output.WriteLine($"auto-shutdown: install + restart {first.Steps.Single().DurationMs} ms (reconnects {first.Reconnects}), "
                + $"already done {second.Steps.Single().DurationMs} ms, upgrade {third.Steps.Single().DurationMs} ms (reconnects {third.Reconnects})");
        }
        finally
        {
            Directory.Delete(packages, recursive: true);
        }
    }

    [Fact]
    public async Task AutoShutdownFromTheSdistOnPythonThreeElevenFailsInOneLineNamingTheVersionCheck()
    {
        var home = fixture.Host.UserHome("sdister");
        var packages = Directory.CreateTempSubdirectory("auto-shutdown-").FullName;
        try
        {
            var sdist = await StandInAutoShutdownPackage.SdistAsync("9.9.9", packages);
            var eventJson = await harness.CreateAppAsync("sdister");
            var serverBefore = await WaitForServerAsync("sdister");

            var result = await harness.RunAsync(eventJson, AutoShutdownScript(("9.9.9", new Uri(sdist).AbsoluteUri, "45", "false")));

            Assert.Equal(SetupOutcome.Failed, result.Outcome);
            var tail = result.Steps.Single().OutputTail;
            Assert.Matches(@"^auto-shutdown: sagemaker_studio_autoshutdown-9\.9\.9\.tar\.gz cannot be built on Python 3\.11\.\d+: its setup\.py refuses it \(ValueError: Python version 3\.11 unsupported\); "
                + @"set AUTO_INSTALLER_AUTO_SHUTDOWN_URL to a wheel of sagemaker_studio_autoshutdown 9\.9\.9 built on Python 3\.9 \(see the README\)$", tail.Last());
            Assert.DoesNotContain(tail, line => line.Contains("Traceback", StringComparison.Ordinal) || line.Contains("subprocess-exited-with-error", StringComparison.Ordinal));
            Assert.Empty(Directory.GetDirectories(home, "sagemaker_studio_autoshutdown*", SearchOption.AllDirectories));
            Assert.Equal(serverBefore, await fixture.Host.Admin.GetJupyterProcessIdAsync("sdister"));
        }
        finally
        {
            Directory.Delete(packages, recursive: true);
        }
    }

    [Fact]
    public async Task AutoShutdownWithoutClassicNotebookNamesTheMissingModuleAndDoesNotRestart()
    {
        var home = fixture.Host.UserHome("notebook7");
        var packages = Directory.CreateTempSubdirectory("auto-shutdown-").FullName;
        try
        {
            var wheel = new Uri(await StandInAutoShutdownPackage.WheelAsync("9.9.9", packages)).AbsoluteUri;
            var eventJson = await harness.CreateAppAsync("notebook7");
            await StandInNotebookSevenAsync(home);
            var serverBefore = await WaitForServerAsync("notebook7");
            var script = AutoShutdownScript(("9.9.9", wheel, "45", "false"));

            var first = await harness.RunAsync(eventJson, script);
            var second = await harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), script);

            const string Cause = "auto-shutdown: /usr/bin/python3 cannot import sagemaker_studio_autoshutdown 9.9.9 (ModuleNotFoundError: No module named 'notebook.base'): "
                + "it needs classic Notebook 6 (notebook<7, as Studio Classic's JupyterLab 3 image has) in that Python; nothing enabled";
            Assert.Equal((SetupOutcome.Failed, SetupOutcome.Failed), (first.Outcome, second.Outcome));
            Assert.Equal(Cause, first.Steps.Single().OutputTail.Last());
            Assert.Equal(Cause, second.Steps.Single().OutputTail.Last());
            Assert.False(File.Exists(Path.Combine(home, ".jupyter", "jupyter_server_config.d", "sagemaker_studio_autoshutdown.json")));
            Assert.Equal(serverBefore, await fixture.Host.Admin.GetJupyterProcessIdAsync("notebook7"));
        }
        finally
        {
            Directory.Delete(packages, recursive: true);
        }
    }

    [Fact]
    public async Task AutoShutdownWhoseDownloadDoesNotMatchThePinnedChecksumInstallsNothing()
    {
        var home = fixture.Host.UserHome("mismatch");
        var packages = Directory.CreateTempSubdirectory("auto-shutdown-").FullName;
        try
        {
            var wheel = await StandInAutoShutdownPackage.WheelAsync("9.9.9", packages);
            var eventJson = await harness.CreateAppAsync("mismatch");
            var other = new string('a', 64);

            var result = await harness.RunAsync(eventJson, AutoShutdownScript(("9.9.9", new Uri(wheel).AbsoluteUri, "45", "false"), other));

            Assert.Equal(SetupOutcome.Failed, result.Outcome);
            Assert.Equal($"auto-shutdown: {new Uri(wheel).AbsoluteUri} has SHA-256 {Sha256(wheel)}, not {other} (AUTO_INSTALLER_AUTO_SHUTDOWN_SHA256): nothing installed", result.Steps.Single().OutputTail.Last());
            Assert.Empty(Directory.GetDirectories(home, "sagemaker_studio_autoshutdown*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(packages, recursive: true);
        }
    }

    /// <summary>Composes one recipe, runs it for a new user's app and again as a later start; returns each run's output.</summary>
    private async Task<(string First, string Second)> RunTwiceAsync(string user, string recipe, params (string Name, string Value)[] parameters)
    {
        var script = ScriptFor(recipe, parameters);
        if (!Directory.Exists(fixture.Host.UserHome(user)))
        {
            await fixture.Host.SageMaker.CreateUserProfileAsync(user);
        }

        await fixture.Host.SageMaker.CreateJupyterServerAppAsync(user);
        var eventJson = await harness.EventForAsync(user);
        var first = await harness.RunAsync(eventJson, script);
        var second = await harness.RunAsync(PipelineHarness.WithNewEventId(eventJson), script);

        Assert.Equal((SetupOutcome.Succeeded, SetupOutcome.Succeeded), (first.Outcome, second.Outcome));
        Assert.Equal([recipe], first.Steps.Select(s => s.Name));
        return (string.Join('\n', first.Steps.Single().OutputTail), string.Join('\n', second.Steps.Single().OutputTail));
    }

    /// <summary>Waits until the user's Jupyter server is another process than <paramref name="before"/> and InService; returns its pid.</summary>
    private async Task<int> WaitForNewServerAsync(string user, int? before)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        int? pid;
        while ((pid = await fixture.Host.Admin.GetJupyterProcessIdAsync(user)) is null || pid == before)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the Jupyter server of {user} was not restarted");
            await Task.Delay(200);
        }

        await harness.WaitForInServiceAsync(user);
        return pid.Value;
    }

    /// <summary>The auto-shutdown recipe composed with a version, package URL, idle minutes, keep-terminals flag and pinned checksum.</summary>
    private string AutoShutdownScript((string Version, string Url, string IdleMinutes, string KeepTerminals) settings, string? sha256 = null) =>
        ScriptFor("auto-shutdown",
            ("AUTO_INSTALLER_AUTO_SHUTDOWN_VERSION", settings.Version), ("AUTO_INSTALLER_AUTO_SHUTDOWN_URL", settings.Url),
            ("AUTO_INSTALLER_AUTO_SHUTDOWN_IDLE_MINUTES", settings.IdleMinutes), ("AUTO_INSTALLER_AUTO_SHUTDOWN_KEEP_TERMINALS", settings.KeepTerminals),
            ("AUTO_INSTALLER_AUTO_SHUTDOWN_SHA256", sha256!));

    /// <summary>The user's Jupyter server once its app is InService; returns its pid.</summary>
    private async Task<int?> WaitForServerAsync(string user)
    {
        await harness.WaitForInServiceAsync(user);
        return await fixture.Host.Admin.GetJupyterProcessIdAsync(user);
    }

    /// <summary>Restarts the user's Jupyter server through the sandbox and waits until the new one is InService.</summary>
    private async Task RestartJupyterAsync(string user)
    {
        var before = await fixture.Host.Admin.GetJupyterProcessIdAsync(user);
        await fixture.Host.Admin.RestartJupyterAsync(user);
        await WaitForNewServerAsync(user, before);
    }

    /// <summary>The status of a route below the user's Jupyter base URL, through Studio's front door.</summary>
    private async Task<HttpStatusCode> ProxiedStatusAsync(string user, string path)
    {
        using var browser = await SignedInAsync(user);
        using var response = await browser.GetAsync($"/jupyter/default/{path}");
        return response.StatusCode;
    }

    /// <summary>
    /// Notebook 7 as pip would install it in the user's site-packages, where it comes before Debian's 6.4: a
    /// <c>notebook</c> package without Notebook 6's <c>notebook.base</c> (7 is a JupyterLab-based app).
    /// </summary>
    private static async Task StandInNotebookSevenAsync(string home)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", ["-c", "import site; print(site.getusersitepackages())"]) { RedirectStandardOutput = true };
        start.Environment["HOME"] = home;
        using var python = System.Diagnostics.Process.Start(start)!;
        var site = (await python.StandardOutput.ReadToEndAsync()).Trim();
        await python.WaitForExitAsync();
        var module = Directory.CreateDirectory(Path.Combine(site, "notebook")).FullName;
        await File.WriteAllTextAsync(Path.Combine(module, "__init__.py"), "__version__ = \"7.0.0\"\n");
        var metadata = Directory.CreateDirectory(Path.Combine(site, "notebook-7.0.0.dist-info")).FullName;
        await File.WriteAllTextAsync(Path.Combine(metadata, "METADATA"), "Metadata-Version: 2.1\nName: notebook\nVersion: 7.0.0\n");
    }

    internal static string Sha256(string file) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));

    /// <summary>Composes the recipes, gives the harness their step environment and returns the script's text.</summary>
    private string ScriptFor(string recipes, params (string Name, string Value)[] parameters)
    {
        var composed = Compose(recipes, parameters);
        harness.StepEnvironment = composed.Environment;
        return Encoding.UTF8.GetString(composed.Script);
    }

    /// <summary>The dist-info folder of the package version pip installed in the user's own site-packages.</summary>
    private static string InstalledDistribution(string home, string version) =>
        Assert.Single(Directory.GetDirectories(Path.Combine(home, ".local", "lib"), $"sagemaker_studio_autoshutdown-{version}.dist-info", SearchOption.AllDirectories));

    /// <summary>What the extension's idle_checker API answers through Studio's front door, as the browser extension reads it.</summary>
    private async Task<(int IdleSeconds, bool KeepTerminals, int Count)> IdleCheckerAsync(string user)
    {
        using var browser = await SignedInAsync(user);
        using var response = await browser.GetAsync($"/jupyter/default/{StandInAutoShutdownPackage.Route}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var settings = json.RootElement;
        return (settings.GetProperty("idle_time").GetInt32(), settings.GetProperty("keep_terminals").GetBoolean(), settings.GetProperty("count").GetInt32());
    }

    internal static ComposedScript Compose(string recipes, params (string Name, string Value)[] parameters) =>
        RecipeCatalog.Load(RepoPaths.Combine("setup", "recipes"))
            .Compose(recipes, name => parameters.FirstOrDefault(p => p.Name == name).Value);

    /// <summary>Stops the stand-in code-server the recipe started for this home, if it runs.</summary>
    internal static void StopStandInCodeServer(string home)
    {
        var pidFile = Path.Combine(home, ".auto-installer", "code-server", "pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }
    }

    /// <summary>
    /// The stand-in's bin/code-server: records its arguments in the home, then serves its own folder over HTTP on the
    /// address of <c>--bind-addr</c> (its fourth argument) until it is stopped, as a server would.
    /// </summary>
    private const string StandInCodeServer = """
        #!/bin/sh
        echo "$*" > "$HOME/stand-in-code-server.args"
        address=$4
        exec /usr/bin/python3 -m http.server --bind "${address%:*}" --directory "$(dirname "$0")" "${address##*:}"

        """;

    /// <summary>
    /// A stand-in for code-server's release tarball (same layout: one top folder with bin/code-server), whose
    /// code-server answers HTTP on its port.
    /// </summary>
    internal static async Task<string> StandInCodeServerTarballAsync(string version, string? directory = null)
    {
        var work = Directory.CreateTempSubdirectory("code-server-").FullName;
        var top = $"code-server-{version}-linux-amd64";
        var bin = Directory.CreateDirectory(Path.Combine(work, top, "bin")).FullName;
        await File.WriteAllTextAsync(Path.Combine(bin, "code-server"), StandInCodeServer);
        var tarball = Path.Combine(directory ?? Path.GetTempPath(), $"{top}-{Guid.NewGuid():N}.tar.gz");
        using (var tar = System.Diagnostics.Process.Start("tar", ["-czf", tarball, "--mode=755", "-C", work, top]))
        {
            await tar.WaitForExitAsync();
            Assert.Equal(0, tar.ExitCode);
        }

        Directory.Delete(work, recursive: true);
        return tarball;
    }

    /// <summary>A browser signed in to Studio as the user.</summary>
    private async Task<StudioBrowser> SignedInAsync(string user)
    {
        var browser = new StudioBrowser(fixture.Host.Origin);
        (await browser.LoginAsync(await fixture.Host.SageMaker.CreatePresignedDomainUrlAsync(user))).Dispose();
        return browser;
    }

    /// <summary>Status of Jupyter's download URL for a file in the user's home, as JupyterLab's Download requests it.</summary>
    private async Task<HttpStatusCode> DownloadStatusAsync(string user, string file)
    {
        using var browser = await SignedInAsync(user);
        using var response = await browser.GetAsync($"/jupyter/default/files/{file}?download=1&_xsrf={Uri.EscapeDataString(browser.Xsrf!)}");
        return response.StatusCode;
    }
}
